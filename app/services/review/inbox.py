"""The reviewer's inbox: open user tasks of the caller's candidate groups (catalog §5.1, §5.4).

Reads only ``user_task`` + ``record`` columns; never workflow state.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from app.auth.principal import Principal
from app.extensions import db
from app.models import Record, User, UserTask
from app.vocabulary import TaskStatus

from typing_extensions import Unpack

from app.services import scope
from app.services.paging import Page, paging
from app.services import candidates
from app.services import personal_data
from app.services.review.workspace import ColumnFilter, column_filters


@dataclass(frozen=True)
class InboxItem:
    """One inbox row: the open user task, its record, and whether the caller may act on it."""

    task: UserTask
    record: Record | personal_data.MaskedRecord      # masked where catalog §6.3 rule 4 says
    can_act: bool                   # false on the caller's own records (catalog §2.6)

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


def inbox_order(done: bool) -> tuple[Any, ...]:
    """待审核 oldest first; 已审核 newest decision first (catalog §5.1)."""
    return (UserTask.completed_at.desc(), UserTask.id.desc()) if done else (UserTask.created_at, UserTask.id)


def inbox_query(principal: Principal, *, record_type: str | None = None, q: str | None = None,
                year: int | None = None, done: bool = False, status: str | None = None,
                **narrow: Unpack[ColumnFilter]) -> Callable[..., Select[Any]]:
    """``select_(*columns)``: the filtered tasks joined to their records and owners (``inbox_filters``),
    selecting ``columns``; the list, its 合计 and 导出 run it. Raises ValidationFailed as ``inbox_filters``."""
    owner = aliased(User)
    where = and_(*inbox_filters(principal, owner, record_type=record_type, q=q, year=year, done=done,
                                 status=status, **narrow))

    def select_(*columns: Any) -> Select[Any]:
        return (select(*columns).select_from(UserTask).join(Record, Record.id == UserTask.record_id)
                .join(owner, owner.id == Record.owner_id).where(where))
    return select_


def inbox_filters(principal: Principal, owner, *, record_type: str | None = None, q: str | None = None,
                  year: int | None = None, done: bool = False, status: str | None = None,
                  **narrow: Unpack[ColumnFilter]) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the inbox on ``UserTask`` joined to ``Record`` and ``owner`` (an alias of ``User``):
    the list, its 合计, 导出 and 批量审核's 「全部筛选结果」 select the same rows (catalog §5.3, §5.4).
    ``narrow``: status, lane (the task's step), submission dates and 所属单位 (``workspace.column_filters``;
    raises ValidationFailed as it does)."""
    where = [UserTask.status == (TaskStatus.COMPLETED if done else TaskStatus.OPEN),
             candidates.review_task_clause(principal)]
    if record_type:
        where.append(Record.record_type_code == record_type)
    if year is not None:
        where.append(Record.assessment_year == year)
    if q:
        like = f"%{q.strip()}%"
        where.append(or_(owner.name.like(like), owner.account.like(like)))
    return where + column_filters(principal, UserTask.lane, status=status, **narrow)


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
    joined = inbox_query(principal, record_type=record_type, q=q, year=year, done=done, status=status, **narrow)
    count, total = db.session.execute(
        joined(func.count(UserTask.id), func.coalesce(func.sum(Record.workload), 0))).one()
    rows = db.session.execute(joined(UserTask, Record).order_by(*inbox_order(done))
                              .offset((page - 1) * page_size).limit(page_size)).all()
    shown = personal_data.as_shown(db.session, principal, [record for _, record in rows])
    items = [InboxItem(task, record, not done and not scope.is_own(principal, original))
             for (task, original), record in zip(rows, shown, strict=True)]
    return Page(items, count, Decimal(total), page, page_size)
