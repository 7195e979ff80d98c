"""The record columns copied onto ``user_task`` (the inbox reads one table, docs/query-plans.md).

A user task carries its record's type, owner, owner unit, 工作量, 考核年度, status and 提交时间
(:data:`COPIED`). They are kept equal to the record's in the transaction that changes either, by two
session hooks, so no writer has to remember them:

- a new task takes its record's values when it is flushed (:func:`copy_record`);
- a flush that changes one of those columns of a record rewrites them on every task of that record
  (one ``UPDATE user_task … WHERE record_id = …`` per changed record, in the same flush), and the
  tasks already loaded in the session are given the new values.

Every record change goes through the ORM (save, submit, approve, return, withdraw, adjust, import,
改派 / 跳转 / 终止 …), so every one of them passes through here. A bulk ``UPDATE record`` statement would
not, and must call :func:`refresh_tasks` itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .records import Record
from .workflow import UserTask

COPIED: dict[str, str] = {
    "record_type_code": "record_type_code",
    "owner_id": "owner_id",
    "owner_unit_id": "owner_unit_id",
    "workload": "workload",
    "assessment_year": "assessment_year",
    "record_status": "status",
    "submitted_at": "submitted_at",
}
"""``user_task`` column → the ``record`` column it copies."""
_SOURCES = tuple(COPIED.values())
_TASKS = cast(sa.Table, UserTask.__table__)


def copy_record(task: UserTask, record: Record) -> None:
    """Set ``task``'s copied columns from ``record`` (in memory; flushed with the task)."""
    for column, source in COPIED.items():
        setattr(task, column, getattr(record, source))


def values_of(record: Record) -> dict[str, object]:
    """The copied columns of ``record``'s tasks: ``{user_task column: value}``."""
    return {column: getattr(record, source) for column, source in COPIED.items()}


def refresh_tasks(session: Session, record_ids: Iterable[int]) -> None:
    """Rewrite the copied columns of every task of ``record_ids`` from the records in the database
    (for a writer that changes ``record`` by a bulk statement). One UPDATE."""
    ids = sorted(set(record_ids))
    if not ids:
        return
    table, record = _TASKS, Record.__table__
    values = {column: sa.select(record.c[source]).where(record.c.id == table.c.record_id).scalar_subquery()
              for column, source in COPIED.items()}
    session.execute(sa.update(table).where(table.c.record_id.in_(ids)).values(values))
    for task in _loaded_tasks(session, set(ids)):
        session.expire(task, list(COPIED))


def _loaded_tasks(session: Session, record_ids: set[int]) -> list[UserTask]:
    return [obj for obj in session.identity_map.values() if isinstance(obj, UserTask) and obj.record_id in record_ids]


@event.listens_for(Session, "before_flush")
def _copy_onto_new_tasks(session: Session, _context, _instances) -> None:
    for obj in session.new:
        if isinstance(obj, UserTask):
            # the record set on the row (maybe not written yet, then without an id), else the one it names
            record = obj.__dict__.get("record") or (session.get(Record, obj.record_id) if obj.record_id is not None else None)
            if record is not None:
                copy_record(obj, record)


@event.listens_for(Session, "after_flush")
def _rewrite_tasks_of_changed_records(session: Session, _context) -> None:
    changed = [obj for obj in session.dirty if isinstance(obj, Record) and obj.id is not None and _copied_changed(obj)]
    if not changed:
        return
    table = _TASKS
    for record in changed:
        values = values_of(record)
        session.execute(sa.update(table).where(table.c.record_id == record.id).values(values))
        for task in _loaded_tasks(session, {record.id}):
            for column, value in values.items():
                set_committed_value(task, column, value)


def _copied_changed(record: Record) -> bool:
    attrs = inspect(record).attrs
    return any(attrs[source].history.has_changes() for source in _SOURCES)


__all__ = ["COPIED", "copy_record", "refresh_tasks", "values_of"]
