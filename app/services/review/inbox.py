"""The reviewer's inbox: open user tasks of the caller's candidate groups (catalog §5.1, §5.4).

Reads only ``user_task`` + ``record`` columns; never workflow state.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from app.auth.principal import Principal
from app.extensions import db
from app.models import Record, User, UserTask
from app.vocabulary import TaskStatus

from app.services import scope
from app.services.paging import Page, paging
from app.services import candidates
from app.services import personal_data


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
    「Each type shows its pending count for the active role」). One GROUP BY; types without tasks are absent."""
    where = and_(UserTask.status == TaskStatus.OPEN, candidates.review_task_clause(principal))
    rows = db.session.execute(select(Record.record_type_code, func.count(UserTask.id))
                              .join(Record, Record.id == UserTask.record_id).where(where)
                              .group_by(Record.record_type_code))
    return {str(code): int(n) for code, n in rows}


INBOX_STATES = ("open", "done")


def inbox_filters(principal: Principal, owner, *, record_type: str | None = None, q: str | None = None,
                  year: int | None = None, done: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the inbox on ``UserTask`` joined to ``Record`` and ``owner`` (an alias of ``User``):
    the list, its 合计 and 批量审核's 「全部筛选结果」 select the same rows (catalog §5.3, §5.4)."""
    where = [UserTask.status == (TaskStatus.COMPLETED if done else TaskStatus.OPEN),
             candidates.review_task_clause(principal)]
    if record_type:
        where.append(Record.record_type_code == record_type)
    if year is not None:
        where.append(Record.assessment_year == year)
    if q:
        like = f"%{q.strip()}%"
        where.append(or_(owner.name.like(like), owner.account.like(like)))
    return where


def _assignment(principal: Principal, task: UserTask, names: dict[int, str]) -> str | None:
    if task.assignee_id is None:
        return None
    if task.assignee_id == principal.user_id:
        return "转交给我"
    return f"代 {names.get(task.assignee_id, '')} 审核"


def list_inbox(principal: Principal, *, record_type: str | None = None, q: str | None = None,
               year: int | None = None, state: str = "open", page: int = 1, page_size: int = 20) -> Page:
    """A page of the caller's open review tasks with the 合计 of their records' 工作量.

    Args:
        record_type: only tasks on records of this type.
        q: the owner's 姓名 or 账号（工号）: shows all of that teacher's pending records of the type
            with their total (catalog §5.4).
        year: only records of this 考核年度 (catalog §5.4 further filters).
        state: ``open`` = 待审核 (oldest first); ``done`` = 已审核, the review tasks of the caller's
            candidate groups that were completed (newest first; one row per decision, catalog §5.1).

    Returns:
        ``Page`` of ``InboxItem`` in the order of ``state``.
    """
    page, page_size = paging(page, page_size)
    owner = aliased(User)
    done = state == "done"
    where = inbox_filters(principal, owner, record_type=record_type, q=q, year=year, done=done)

    def joined(*columns: Any) -> Select[Any]:
        """The filtered tasks joined to their records and owners, selecting ``columns``."""
        return (select(*columns).select_from(UserTask).join(Record, Record.id == UserTask.record_id)
                .join(owner, owner.id == Record.owner_id).where(and_(*where)))

    count, total = db.session.execute(
        joined(func.count(UserTask.id), func.coalesce(func.sum(Record.workload), 0))).one()
    order = (UserTask.completed_at.desc(), UserTask.id.desc()) if done else (UserTask.created_at, UserTask.id)
    rows = db.session.execute(joined(UserTask, Record).order_by(*order).offset((page - 1) * page_size).limit(page_size)).all()
    shown = personal_data.as_shown(db.session, principal, [record for _, record in rows])
    assignees = {task.assignee_id for task, _ in rows if task.assignee_id not in (None, principal.user_id)}
    names: dict[int, str] = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(assignees))).tuples().all()) \
        if assignees else {}
    items = [InboxItem(task, record, not done and not scope.is_own(principal, original), _assignment(principal, task, names))
             for (task, original), record in zip(rows, shown, strict=True)]
    return Page(items, count, Decimal(total), page, page_size)
