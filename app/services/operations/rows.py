"""The shared shape of a process instance or user task as the operator console lists it."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Record, Unit, User, UserTask
from app.vocabulary import Lane, Role

ROLE_LABELS = {role.value: role.label for role in Role}


@dataclass(frozen=True)
class TaskRow:
    """An open user task: its record, step, candidate group (``group``: e.g. 「二级单位管理员 · 文学院」),
    assignee and times (UTC)."""

    id: int
    instance_id: int
    record_id: int
    record_title: str | None
    record_type: str
    owner: str
    owner_unit: str | None
    name: str
    lane: str
    lane_label: str
    group: str
    assignee: str | None
    created_at: datetime
    due_at: datetime | None


def task_rows(session: Session, tasks: Iterable[UserTask]) -> list[TaskRow]:
    """Rows of ``tasks`` (three queries: records, unit names, assignee names, whatever the count)."""
    tasks = list(tasks)
    records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_({t.record_id for t in tasks})))}
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({t.candidate_unit_id for t in tasks if t.candidate_unit_id}))).tuples().all()) if tasks else {}
    users = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({t.assignee_id for t in tasks if t.assignee_id}))).tuples().all()) if tasks else {}
    rows = []
    for task in tasks:
        record = records[task.record_id]
        group = " · ".join(p for p in (ROLE_LABELS.get(task.candidate_role, task.candidate_role),
                                       units.get(task.candidate_unit_id or 0)) if p)
        rows.append(TaskRow(task.id, task.instance_id, task.record_id, record.title, record.record_type.name,
                            record.owner.name, record.owner_unit.name if record.owner_unit else None, task.name,
                            task.lane, lane_label(task.lane), group, users.get(task.assignee_id or 0),
                            task.created_at, task.due_at))
    return rows


def lane_label(lane: str | None) -> str:
    """The catalog label of a lane code (二级单位审核 …), or the code itself."""
    if lane is None:
        return ""
    return Lane(lane).label if lane in Lane._value2member_map_ else lane
