"""The filters of the review workspace lists (catalog §5.4 「Further filters」): status, lane, submission
date range and 所属单位, on the relational columns of ``record`` (and of ``user_task`` for the lane).

The three tabs (待审核 / 已审核 / 全部), their 合计, 批量审核's 「全部筛选结果」 and 导出 all build their WHERE
clause from :func:`column_filters`, so a filter narrows every one of them alike. Nothing here reads
workflow state.

所属单位 is offered to department and HR reviewers (and to a unit admin of several units) as the units of
the records their active role can see; a unit outside that scope is refused (422), never silently widened.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from typing_extensions import Unpack

from sqlalchemy import ColumnElement, bindparam, exists, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from app import messages
from app.auth.principal import Principal
from app.errors import ValidationFailed
from app.extensions import db
from app.models import LOCAL_TZ, Record, Unit, User, UserTask
from app.vocabulary import LISTED_STATUSES, Lane, Role

from app.services import scope
from app.services.candidates import HR_ROLES

LANES = tuple(lane.value for lane in Lane)
"""Values of the 环节 filter: applicant (退回 waiting on the applicant), unit, dept, hr (catalog §2.1)."""
STATUSES = tuple(status.value for status in LISTED_STATUSES)


class ColumnFilter(TypedDict, total=False):
    """The workspace filters beyond 姓名/账号, 考核年度 and status, as keyword arguments (:func:`column_filters`)."""

    lane: str | None
    submitted_from: date | None
    submitted_to: date | None
    unit_id: int | None


@dataclass(frozen=True)
class UnitOption:
    """One 所属单位 the caller may filter by."""

    id: int
    name: str


@dataclass(frozen=True)
class RecordColumns:
    """Where the filters read the record's status, 提交时间 and owner unit: ``record`` itself (全部), or
    their copies on ``user_task`` (the inbox tabs, which read that table alone; app/models/task_projection.py)."""

    status: InstrumentedAttribute
    submitted_at: InstrumentedAttribute
    owner_unit_id: InstrumentedAttribute


RECORD_PAGE = (joinedload(Record.record_type), joinedload(Record.owner_unit), lazyload(Record.owner),
               lazyload(Record.submitter))
"""Loader options of a page of listed records (inbox and record list): the type and unit the response shows
are joined (small tables); owner and submitter come from :func:`with_people`. Joined to ``user_account``
twice, the page's query makes the planner hash the whole account table twice (docs/query-plans.md)."""


_PEOPLE = select(User).where(User.id.in_(bindparam("ids", expanding=True)))


def with_people(records: list[Record]) -> list[Record]:
    """Set the ``owner`` and ``submitter`` of ``records`` (loaded with :data:`RECORD_PAGE`) from one query by
    primary key; returns ``records``."""
    ids = sorted({r.owner_id for r in records} | {r.submitter_id for r in records})
    people = {user.id: user for user in db.session.scalars(_PEOPLE, {"ids": ids})} if ids else {}
    for record in records:
        set_committed_value(record, "owner", people.get(record.owner_id))
        set_committed_value(record, "submitter", people.get(record.submitter_id))
    return records


ON_RECORD = RecordColumns(Record.status, Record.submitted_at, Record.owner_unit_id)
ON_TASK = RecordColumns(UserTask.record_status, UserTask.submitted_at, UserTask.owner_unit_id)


def column_filters(principal: Principal, lane_column: InstrumentedAttribute, *, status: str | None = None,
                   on: RecordColumns = ON_RECORD, **narrow: Unpack[ColumnFilter]) -> list[ColumnElement[bool]]:
    """WHERE clauses on ``Record`` (or the record's columns copied onto ``UserTask``, ``on=ON_TASK``) and
    ``lane_column`` for the workspace filters (catalog §5.4).

    Args:
        lane_column: the column the 环节 filter reads: ``UserTask.lane`` in the 待审核 / 已审核 tabs (the
            step of the task), ``Record.current_lane`` in 全部 (where the record is now).
        on: the columns of the record's status, 提交时间 and owner unit (:class:`RecordColumns`).
        status: the record's status (one of ``STATUSES``).
        lane: one of ``LANES``.
        submitted_from, submitted_to: 提交时间 range in school-local days, both ends included.
        unit_id: the owner's unit (所属单位); must be one of :func:`units_in_scope`.

    Raises:
        ValidationFailed: an unknown status or lane, a range whose start is after its end, or a unit
            outside the caller's scope (422, with the field named).
    """
    where: list[ColumnElement[bool]] = []
    lane, unit_id = narrow.get("lane"), narrow.get("unit_id")
    submitted_from, submitted_to = narrow.get("submitted_from"), narrow.get("submitted_to")
    if status:
        if status not in STATUSES:
            raise _invalid("status", messages.WORKSPACE_BAD_STATUS.format(allowed="、".join(STATUSES)))
        where.append(on.status == status)
    if lane:
        if lane not in LANES:
            raise _invalid("lane", messages.WORKSPACE_BAD_LANE.format(allowed="、".join(LANES)))
        where.append(lane_column == lane)
    if submitted_from and submitted_to and submitted_from > submitted_to:
        raise _invalid("submitted_to", messages.WORKSPACE_BAD_RANGE)
    if submitted_from:
        where.append(on.submitted_at >= _school_midnight(submitted_from))
    if submitted_to:
        where.append(on.submitted_at < _school_midnight(submitted_to + timedelta(days=1)))
    if unit_id is not None:
        ensure_unit_in_scope(principal, unit_id)
        where.append(on.owner_unit_id == unit_id)
    return where


def units_in_scope(principal: Principal) -> list[UnitOption]:
    """The 所属单位 options of the caller's active role, by unit code (catalog §5.4, §6.3).

    人力资源部 (``HR_ROLES``): every unit. Others: the units a unit admin administers, and the units
    that own at least one record the role can see (``scope.record_visibility``; a department reviewer
    sees the units whose records route through the department). One query: an index probe per unit
    (``record.owner_unit_id``) that stops at the first visible record.
    """
    return [UnitOption(unit_id, name) for unit_id, name in
            db.session.execute(select(Unit.id, Unit.name).where(_in_scope(principal)).order_by(Unit.code))]


def ensure_unit_in_scope(principal: Principal, unit_id: int) -> None:
    """Refuse a 所属单位 filter outside the caller's scope (422 on ``unit_id``, 「所属单位不在当前角色的查询范围内」);
    the same rule as :func:`units_in_scope`, for one unit."""
    if db.session.scalar(select(Unit.id).where(Unit.id == unit_id, _in_scope(principal))) is None:
        raise _invalid("unit_id", messages.WORKSPACE_UNIT_OUT_OF_SCOPE)


def _in_scope(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``Unit``: a unit the caller's active role may filter by (see :func:`units_in_scope`)."""
    if principal.has_role(*HR_ROLES):
        return true()
    administered = sorted({g.unit_id for g in principal.grants_for(Role.UNIT_ADMIN) if g.unit_id is not None})
    seen = exists().where(Record.owner_unit_id == Unit.id, scope.record_visibility(principal))
    return or_(Unit.id.in_(administered), seen)


def _school_midnight(day: date) -> datetime:
    """The start of ``day`` on the school's clock, in UTC (提交时间 is stored in UTC)."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[{"field": field, "message": message}])


__all__ = ["LANES", "ON_RECORD", "ON_TASK", "RECORD_PAGE", "STATUSES", "ColumnFilter", "RecordColumns", "UnitOption",
           "column_filters", "ensure_unit_in_scope", "units_in_scope", "with_people"]
