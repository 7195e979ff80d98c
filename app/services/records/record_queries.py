"""Read-only record queries: lists with 合计 and status tabs, detail, 审核记录, 流程图 data.

Lists and totals read only relational columns (never workflow state): catalog §1.3.0 list page,
§3.7 detail view, architecture.md §8.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from typing_extensions import Unpack

from app.auth.principal import Principal
from app.engine import get_engine
from app import messages
from app.errors import ValidationFailed
from app.extensions import db
from app.models import ProcessInstance, Record, RecordType, ReviewEvent, Unit, User, UserTask
from app.vocabulary import APPLICANT, LISTED_STATUSES, Lane, SignMode, TaskStatus

from app.services import scope
from app.services.paging import Page, paging
from app.services import candidates
from app.services.deployment import current_process, deployed, form_of
from app.services import personal_data
from app.services.review.workspace import RECORD_PAGE, ColumnFilter, column_filters, with_people

TAB_STATUSES = LISTED_STATUSES


@dataclass
class RecordDetail:
    record: Record | personal_data.MaskedRecord     # personal data masked unless catalog §6.3 rule 4 allows
    trail: list[ReviewEvent]
    open_task: UserTask | None          # the caller's actionable task on this record, if any
    can_act: bool
    current_step: str | None
    waiting_on: dict[str, Any] | None = None    # who the record waits on: lane, unit, eligible people
    signers: list[dict[str, Any]] = field(default_factory=list)     # 会签/或签 signers, oldest first


def list_records(principal: Principal, *, record_type: str | None = None, status: str | None = None,
                 q: str | None = None, view: str = "mine", year: int | None = None,
                 page: int = 1, page_size: int = 20, **narrow: Unpack[ColumnFilter]) -> Page:
    """A page of records with 合计 (sum of 工作量 over every filtered row) and per-status counts.

    Args:
        view: ``mine`` (the caller's own records, 自助服务) or ``scope`` (everything the caller's
            roles may read, catalog §6.3).
        status: one of draft/in_review/returned/approved/terminated; None = 全部 (drafts included).
        q: 姓名 or 账号 of the owner, or part of the record's title (catalog §5.4).
        narrow: the review workspace's 全部 filters (catalog §5.4): ``lane`` (where the record is now),
            ``submitted_from`` / ``submitted_to`` (school-local days, inclusive), ``unit_id`` (所属单位,
            within the caller's scope).

    Raises:
        ValidationFailed: a bad status or filter, or a unit outside the caller's scope.
    """
    page, page_size = paging(page, page_size)
    where = record_filter(principal, record_type=record_type, status=status, q=q, view=view, year=year, **narrow)
    groups = {row_status: (n, Decimal(total)) for row_status, n, total in db.session.execute(where.apply(
        select(Record.status, func.count(Record.id), func.coalesce(func.sum(Record.workload), 0)).select_from(Record),
        with_status=False).group_by(Record.status))}      # one query: the tabs, and the shown tab's count and 合计
    tabs = dict.fromkeys(TAB_STATUSES, 0) | {row_status: n for row_status, (n, _) in groups.items()}
    tabs["all"] = sum(tabs.values())
    shown = [groups.get(status, (0, Decimal(0)))] if status else list(groups.values())
    count, total = sum(n for n, _ in shown), sum((t for _, t in shown), Decimal(0))
    records = with_people(list(db.session.scalars(where.records(offset=(page - 1) * page_size, limit=page_size)
                                                  .options(*RECORD_PAGE))))
    return Page(personal_data.as_shown(db.session, principal, records), count, total, page, page_size, tabs)


@dataclass(frozen=True)
class RecordFilter:
    """The list's filters over ``record JOIN user_account AS owner``: shared by the list and 导出."""

    owner: Any                                   # aliased(User): the record's owner, for q
    base: tuple[ColumnElement[bool], ...]        # scope, type, year, q (the tab counts use these)
    status: str | None

    by_owner: bool = False                       # a clause reads the owner's columns (q): join user_account

    def apply(self, query: Select, *, with_status: bool = True) -> Select:
        """``query`` (selecting from Record) filtered, and joined to the owner when a filter reads him."""
        clauses = self.base + ((Record.status == self.status,) if with_status and self.status else ())
        if self.by_owner:
            query = query.join(self.owner, self.owner.id == Record.owner_id)
        return query.where(and_(*clauses))

    def records(self, *, offset: int = 0, limit: int | None = None) -> Select:
        """The filtered records in list order (newest first), rows ``offset`` to ``offset + limit``: the
        page's ids are chosen on ``record`` alone (docs/query-plans.md), then those rows are read."""
        page = self.apply(select(Record.id)).order_by(Record.id.desc()).offset(offset).limit(limit).subquery()
        return select(Record).join(page, page.c.id == Record.id).order_by(Record.id.desc())


def record_filter(principal: Principal, *, record_type: str | None = None, status: str | None = None,
                  q: str | None = None, view: str = "mine", year: int | None = None,
                  **narrow: Unpack[ColumnFilter]) -> RecordFilter:
    """The filters of the record list (arguments as ``list_records``).

    Raises:
        ValidationFailed: ``status`` is not one of the tab statuses, or a bad ``narrow`` filter
            (``workspace.column_filters``).
    """
    owner = aliased(User)
    base = [scope.own_records(principal) if view == "mine" else scope.record_visibility(principal)]
    if record_type:
        base.append(Record.record_type_code == record_type)
    if year:
        base.append(Record.assessment_year == year)
    if q and q.strip():
        base.append(_keyword_match(principal, owner, q.strip(), record_type))
    if status and status not in TAB_STATUSES:
        raise ValidationFailed("状态无效", errors=[{"field": "status", "message": f"状态只能是 {'、'.join(TAB_STATUSES)}"}])
    base += column_filters(principal, Record.current_lane, **narrow)
    return RecordFilter(owner, tuple(base), status or None, by_owner=bool(q and q.strip()))


def _keyword_match(principal: Principal, owner: Any, keyword: str, record_type: str | None) -> ColumnElement[bool]:
    """查询: the keyword in the owner's 姓名 or 账号, the record's title, or, when one record type is
    listed, any of that type's ``search_fields`` (e.g. A01 「请输入单位名称、从事专业、担任职务进行查询」,
    catalog §1.4.1 查询). ``%`` and ``_`` in the keyword match themselves. A personal-data search field
    (A19 姓名) matches only the records whose personal data the caller sees in full
    (``scope.personal_data_clause``, catalog §6.3 rule 4), so a masked value cannot be found by guessing."""
    columns: list[Any] = [owner.name, owner.account, Record.title]
    matches = [column.icontains(keyword, autoescape=True) for column in columns]
    kind = db.session.get(RecordType, record_type) if record_type else None
    if kind is not None:
        form = form_of(db.session, kind.form_version_id)
        for key in form.search_fields:
            match = Record.data[key].as_string().icontains(keyword, autoescape=True)
            personal = form.properties.get(key, {}).get("x-personal-data")
            matches.append(and_(match, scope.personal_data_clause(principal)) if personal else match)
    return or_(*matches)


def record_detail(principal: Principal, record_id: int) -> RecordDetail:
    """详情: the record, its 审核记录 and the caller's open task on it (catalog §3.7)."""
    record = scope.visible_record(db.session, principal, record_id)
    trail = record_trail(principal, record_id, record=record)
    task = db.session.scalar(select(UserTask).where(
        UserTask.record_id == record.id, UserTask.status == TaskStatus.OPEN, candidates.review_task_clause(principal)).limit(1))
    open_task = db.session.scalar(select(UserTask).where(UserTask.record_id == record.id,
                                                         UserTask.status == TaskStatus.OPEN).order_by(UserTask.id).limit(1))
    can_act = task is not None and not scope.is_own(principal, record)
    return RecordDetail(personal_data.as_shown(db.session, principal, [record])[0], trail, task, can_act,
                        open_task.name if open_task else None, _waiting_on(record, open_task), _signers(record))


def _signers(record: Record) -> list[dict[str, Any]]:
    """Each signer row of the record's 会签/或签 steps (issue 11 item 4): who, and what became of his share.

    A cancelled signer row is 已关闭: the step was decided without him (或签 after another's approval, or
    会签 after a 退回), kept so the 审核记录 shows every signer."""
    rows = db.session.execute(select(UserTask, User.name).join(User, User.id == UserTask.assignee_id).where(
        UserTask.record_id == record.id, UserTask.sign_mode.is_not(None)).order_by(UserTask.id)).all()
    out = []
    for task, name in rows:
        state = {TaskStatus.OPEN: "open", TaskStatus.CANCELLED: "closed"}.get(TaskStatus(task.status), task.outcome or "closed")
        label = {"open": "待签批", "closed": "已关闭"}.get(state) or messages.ACTION_LABELS.get(state, state)
        out.append({"step": task.name, "sign_mode": task.sign_mode, "sign_mode_label": SignMode(task.sign_mode).label,
                    "name": name, "state": state, "state_label": label,
                    "at": task.completed_at if task.status == TaskStatus.COMPLETED else None})
    return out


def _waiting_on(record: Record, task: UserTask | None) -> dict[str, Any] | None:
    """Who the record waits on (the open step): ``{step, lane, lane_label, unit, people}`` where ``people``
    are the names of the step's candidate group, or its assignee after a 转交 or 改派 (``candidates.task_actors``),
    or the applicant on the applicant's step; None when nothing is open."""
    if task is None:
        return None
    if task.candidate_role == APPLICANT:
        ids = {task.assignee_id or record.submitter_id}
    elif task.sign_mode:                # 会签/或签: the signers who have not decided yet
        ids = set(candidates.open_signers(db.session, task))
    else:
        ids = candidates.task_actors(db.session, task)
    names = list(db.session.scalars(select(User.name).where(User.id.in_(ids)).order_by(User.account))) if ids else []
    unit = db.session.get(Unit, task.candidate_unit_id) if task.candidate_unit_id else None
    lane_label = Lane(task.lane).label if task.lane in Lane._value2member_map_ else task.lane
    return {"step": task.name, "lane": task.lane, "lane_label": lane_label, "unit": unit.name if unit else None,
            "people": names}


def record_trail(principal: Principal, record_id: int, *, record: Record | None = None) -> list[ReviewEvent]:
    """审核记录: every event of the record, oldest first."""
    record = record or scope.visible_record(db.session, principal, record_id)
    return list(db.session.scalars(select(ReviewEvent).where(ReviewEvent.record_id == record.id).order_by(ReviewEvent.id)))


def record_diagram(principal: Principal, record_id: int) -> dict[str, Any]:
    """流程图 data: the BPMN XML of the record's (pinned) process version and the element ids that are
    completed and active. The only record read that loads workflow state: one instance, on demand."""
    record = scope.visible_record(db.session, principal, record_id)
    instance = db.session.scalar(select(ProcessInstance).where(ProcessInstance.record_id == record.id)
                                 .order_by(ProcessInstance.id.desc()).limit(1))
    if instance is None:
        definition = current_process(db.session, record.record_type.process_key)
        return {"process_key": definition.key, "version": definition.version, "bpmn_xml": definition.source,
                "completed": [], "active": [], "status": None}
    definition = deployed(db.session, instance.definition_version_id)
    states = get_engine().element_states(str(definition.id), definition.spec, instance.state)
    return {"process_key": definition.key, "version": definition.version, "bpmn_xml": definition.source,
            "completed": list(states.completed), "active": list(states.active), "status": instance.status}
