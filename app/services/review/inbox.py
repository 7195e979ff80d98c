"""The reviewer's inbox: open user tasks of the caller's candidate groups (catalog §5.1, §5.4).

The page, its count, its 合计 and the pending counts read ``user_task`` alone: the record columns they
filter and total are copied onto the task (app/models/task_projection.py) and the partial indexes of
docs/query-plans.md serve filter, order and limit. The page's 20 records are then read by id. Never
workflow state.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, Subquery, and_, bindparam, func, literal_column, or_, select, union_all

from app.auth.principal import Principal
from app.extensions import db
from app.models import Record, User, UserTask
from app.vocabulary import APPLICANT, TaskStatus

from typing_extensions import Unpack

from app.services import scope
from app.services.paging import Page, paging
from app.services import candidates
from app.services import personal_data
from app.services.review.workspace import ON_TASK, RECORD_PAGE, ColumnFilter, column_filters, with_people


@dataclass(frozen=True)
class InboxItem:
    """One inbox row: the open user task, its record, and whether the caller may act on it."""

    task: UserTask
    record: Record | personal_data.MaskedRecord      # masked where catalog §6.3 rule 4 says
    can_act: bool                   # false on the caller's own records (catalog §2.6)
    assignment: str | None = None   # 「转交给我」, or 「代 X 审核」 for a delegate (委托); None for a group task

    def __getattr__(self, name: str):
        # the response schema reads the task's own columns straight off the row
        return getattr(self.task, name)


def pending_counts(principal: Principal) -> dict[str, int]:
    """Open review tasks of the caller's candidate groups per record type (catalog §5.1 left menu:
    「Each type shows its pending count for the active role」). One GROUP BY on ``user_task`` alone
    (the record type is copied onto the task); types without tasks are absent."""
    common, branches = _where(principal)
    held = _held(common, branches, UserTask.record_type_code)
    rows = db.session.execute(select(held.c.record_type_code, func.count(held.c.id)).group_by(held.c.record_type_code))
    return {str(code): int(n) for code, n in rows}


INBOX_STATES = ("open", "done")


def inbox_order(done: bool) -> tuple[Any, ...]:
    """待审核 oldest first; 已审核 newest decision first (catalog §5.1)."""
    return (UserTask.completed_at.desc(), UserTask.id.desc()) if done else (UserTask.created_at, UserTask.id)


def inbox_query(principal: Principal, *, record_type: str | None = None, q: str | None = None,
                year: int | None = None, done: bool = False, status: str | None = None,
                **narrow: Unpack[ColumnFilter]) -> Callable[..., Select[Any]]:
    """``select_(*columns)``: the filtered tasks (``inbox_filters``, on ``user_task`` alone), selecting
    ``columns``; joined to ``record`` only when ``Record`` is one of them. The list's count and 合计, 导出
    and 批量审核 run it. Raises ValidationFailed as ``inbox_filters``."""
    where = and_(*inbox_filters(principal, record_type=record_type, q=q, year=year, done=done, status=status, **narrow))

    def select_(*columns: Any) -> Select[Any]:
        query = select(*columns).select_from(UserTask)
        if any(column is Record for column in columns):
            query = query.join(Record, Record.id == UserTask.record_id)
        return query.where(where)
    return select_


def inbox_filters(principal: Principal, *, record_type: str | None = None, q: str | None = None,
                  year: int | None = None, done: bool = False, status: str | None = None,
                  **narrow: Unpack[ColumnFilter]) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the inbox on ``UserTask`` alone (the record's type, owner, unit, year, status
    and 提交时间 are copied onto the task, app/models/task_projection.py): the list, its 合计, 导出 and
    批量审核's 「全部筛选结果」 select the same rows (catalog §5.3, §5.4). ``q`` matches the owner's 姓名 or
    账号 (a semi-join on ``user_account``). ``narrow``: status, lane (the task's step), submission dates
    and 所属单位 (``workspace.column_filters``; raises ValidationFailed as it does)."""
    common, branches = _where(principal, record_type=record_type, q=q, year=year, done=done, status=status, **narrow)
    return [*common, or_(*branches)]


def _where(principal: Principal, *, record_type: str | None = None, q: str | None = None, year: int | None = None,
           done: bool = False, status: str | None = None,
           delegated: frozenset[tuple[int, str, int | None]] | None = None,
           **narrow: Unpack[ColumnFilter]) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    """``(common, branches)``: a task is listed when it meets every clause of ``common`` and one of
    ``branches`` (``candidates.inbox_branches``; for the active 委托 ``delegated`` when given). The task
    status is written as a literal so that the planner matches the partial indexes
    (``WHERE status = 'open'``) whatever plan it caches."""
    state = TaskStatus.COMPLETED if done else TaskStatus.OPEN
    common = [UserTask.status == literal_column(f"'{state.value}'"), UserTask.candidate_role != APPLICANT,
              ~candidates.is_withdrawal_task()]
    if record_type:
        common.append(UserTask.record_type_code == record_type)
    if year is not None:
        common.append(UserTask.assessment_year == year)
    if q:
        like = f"%{q.strip()}%"
        common.append(UserTask.owner_id.in_(select(User.id).where(or_(User.name.like(like), User.account.like(like)))))
    common += column_filters(principal, UserTask.lane, status=status, on=ON_TASK, **narrow)
    branches = candidates.inbox_branches(db.session, principal) if delegated is None \
        else candidates.branches_of(principal, delegated)
    return common, branches


def _held(common: list[ColumnElement[bool]], branches: list[ColumnElement[bool]], *columns: Any) -> Subquery:
    """The listed tasks' ``id`` and ``columns`` as a subquery: one SELECT per branch, UNION ALL (the
    branches are disjoint, ``candidates.inbox_branches``), so that each reads its own index alone (an OR
    of the branches makes PostgreSQL visit the table for every task)."""
    parts = [select(UserTask.id, *columns).where(*common, branch) for branch in branches]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()


def _page(common: list[ColumnElement[bool]], branches: list[ColumnElement[bool]], done: bool, offset: int,
          limit: int) -> Select[tuple[UserTask]]:
    """The tasks of one page in the order of ``done`` (``inbox_order``). Each branch reads the first
    ``offset + limit`` tasks of its own index in order (docs/query-plans.md), and the page is taken from
    their union, so no query sorts every matching task."""
    order = inbox_order(done)
    if len(branches) == 1:
        return select(UserTask).where(*common, branches[0]).order_by(*order).offset(offset).limit(limit)
    key = UserTask.completed_at if done else UserTask.created_at
    parts = [select(UserTask.id.label("id"), key.label("key")).where(*common, branch).order_by(*order)
             .limit(offset + limit).subquery() for branch in branches]
    heads = union_all(*(select(part.c.id, part.c.key) for part in parts)).subquery()
    outer = (heads.c.key.desc(), heads.c.id.desc()) if done else (heads.c.key, heads.c.id)
    return select(UserTask).join(heads, heads.c.id == UserTask.id).order_by(*outer).offset(offset).limit(limit)


def _statements(principal: Principal, delegated: frozenset[tuple[int, str, int | None]], record_type: str | None,
                q: str | None, year: int | None, done: bool, status: str | None,
                narrow: tuple[tuple[str, Any], ...], offset: int, limit: int) -> tuple[Select[Any], Select[tuple[UserTask]]]:
    """The page's two statements: its count and 合计, and its tasks (raises ValidationFailed as ``_where``)."""
    common, branches = _where(principal, record_type=record_type, q=q, year=year, done=done, status=status,
                              delegated=delegated, **dict(narrow))
    held = _held(common, branches, UserTask.workload)
    return (select(func.count(held.c.id), func.coalesce(func.sum(held.c.workload), 0)),
            _page(common, branches, done, offset, limit))


_built_statements = functools.lru_cache(maxsize=256)(_statements)
"""``_statements`` built once per caller, 委托 and arguments: they depend on nothing else (a principal is
immutable; the 委托 read by ``candidates.active_delegations`` are part of the key), and a statement built
once also computes its SQL cache key once. The 所属单位 filter is not cached: it checks the unit against
the caller's scope in the database."""


def _assignment(principal: Principal, task: UserTask, names: dict[int, str]) -> str | None:
    if task.assignee_id is None:
        return None
    if task.assignee_id == principal.user_id:
        return "转交给我"
    return f"代 {names.get(task.assignee_id, '')} 审核"


def list_inbox(principal: Principal, *, record_type: str | None = None, q: str | None = None,
               year: int | None = None, state: str = "open", page: int = 1, page_size: int = 20,
               status: str | None = None, **narrow: Unpack[ColumnFilter]) -> Page:
    """A page of the caller's open review tasks with the 合计 of their records' 工作量.

    Args:
        record_type: only tasks on records of this type.
        q: the owner's 姓名 or 账号（工号）: shows all of that teacher's pending records of the type
            with their total (catalog §5.4).
        year: only records of this 考核年度 (catalog §5.4 further filters).
        state: ``open`` = 待审核 (oldest first); ``done`` = 已审核, the review tasks of the caller's
            candidate groups that were completed (newest first; one row per decision, catalog §5.1).
        status: the record's status now (catalog §3.1).
        narrow: lane (the task's step), ``submitted_from`` / ``submitted_to`` (school-local
            days, inclusive) and ``unit_id`` (所属单位, within the caller's scope), catalog §5.4.

    Raises:
        ValidationFailed: a bad filter value or a unit outside the caller's scope (``workspace.column_filters``).

    Returns:
        ``Page`` of ``InboxItem`` in the order of ``state``.
    """
    page, page_size = paging(page, page_size)
    done = state == "done"
    build = _statements if narrow.get("unit_id") is not None else _built_statements
    count_query, page_query = build(principal, candidates.active_delegations(db.session, principal), record_type, q,
                                    year, done, status, tuple(sorted(narrow.items())), (page - 1) * page_size, page_size)
    count, total = db.session.execute(count_query).one()
    tasks = list(db.session.scalars(page_query)) if count else []
    records = _records({task.record_id for task in tasks})
    rows = [(task, records[task.record_id]) for task in tasks]
    shown = personal_data.as_shown(db.session, principal, [record for _, record in rows])
    assignees = {task.assignee_id for task, _ in rows if task.assignee_id not in (None, principal.user_id)}
    names: dict[int, str] = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(assignees))).tuples().all()) \
        if assignees else {}
    items = [InboxItem(task, record, not done and not scope.is_own(principal, original), _assignment(principal, task, names))
             for (task, original), record in zip(rows, shown, strict=True)]
    return Page(items, count, Decimal(total), page, page_size)


def _records(ids: set[int]) -> dict[int, Record]:
    """The records of a page's tasks by id, with what the response shows of them (type, owner, unit,
    submitter): two queries by primary key (``workspace.RECORD_PAGE``, ``workspace.with_people``)."""
    if not ids:
        return {}
    return {record.id: record for record in with_people(list(db.session.scalars(_RECORDS, {"ids": sorted(ids)})))}


_RECORDS = select(Record).where(Record.id.in_(bindparam("ids", expanding=True))).options(*RECORD_PAGE)
