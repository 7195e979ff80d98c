"""The deadline sweep (超时催办, issue 13 item 3; architecture.md: timers are swept by beat).

A review task past its ``due_at`` gets one reminder (to its candidate group); ``ESCALATE_AFTER_HOURS``
later it gets one escalation (to the unit's admin, then HR: ``ESCALATION_ROLES``). Each is claimed by a
conditional ``UPDATE … WHERE reminded_at IS NULL`` in the transaction that writes its outbox row, so
two sweeps running at once never both send it (the second one's UPDATE finds the column set).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Record, UserTask, utcnow
from app.vocabulary import APPLICANT, TaskStatus

from app.services.candidates import group_members, task_addressees
from app.services.messaging import notifications
from app.services.uow import unit_of_work


def sweep_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Send the reminders and escalations that are due; one transaction each kind.

    Returns:
        ``{"reminded": n, "escalated": n}``: tasks this call claimed.
    """
    now = now or utcnow()
    after = timedelta(hours=float(current_app.config.get("ESCALATE_AFTER_HOURS", 48)))
    with unit_of_work() as session:
        reminded = _claim(session, UserTask.reminded_at, UserTask.due_at <= now, now)
        for task_id in reminded:
            _notify(session, task_id, "deadline_reminder")
    with unit_of_work() as session:
        escalated = _claim(session, UserTask.escalated_at, UserTask.due_at <= now - after, now,
                           UserTask.reminded_at.is_not(None))
        for task_id in escalated:
            _notify(session, task_id, "deadline_escalation")
    return {"reminded": len(reminded), "escalated": len(escalated)}


def _claim(session: Session, column, due_clause, now: datetime, *extra) -> list[int]:
    result = session.execute(
        update(UserTask).where(UserTask.status == TaskStatus.OPEN, UserTask.candidate_role != APPLICANT,
                               UserTask.due_at.is_not(None), due_clause, column.is_(None), *extra)
        .values({column.key: now}).returning(UserTask.id).execution_options(synchronize_session=False))
    return sorted(result.scalars().all())


def _notify(session: Session, task_id: int, event: str) -> None:
    task = session.get(UserTask, task_id)
    assert task is not None
    record = session.get(Record, task.record_id)
    assert record is not None
    owner = record.owner.name if record.owner else ""
    if event == "deadline_reminder":
        payload: dict[str, object] = {
            "title": f"审核即将超时：{record.record_type.name}（{owner}）", "body": record.title or "",
            "link": f"/records/{record.id}", **task_addressees(task)}
    else:
        payload = {"title": f"审核已超时：{task.name} · {record.record_type.name}（{owner}）",
                   "body": record.title or "", "link": f"/records/{record.id}",
                   "recipient_ids": sorted(escalation_recipients(session, task, record))}
    notifications.enqueue(session, event, payload, dedupe_key=f"{event}:{task.id}")


def escalation_recipients(session: Session, task: UserTask, record: Record) -> set[int]:
    """The first group of ``ESCALATION_ROLES`` other than the task's own that has members: the unit's
    admin (of the record's unit and category), then 人力资源部."""
    for role in current_app.config.get("ESCALATION_ROLES", ("unit_admin", "hr_reviewer")):
        if role == task.candidate_role:
            continue
        school_wide = role != "unit_admin"
        members = group_members(session, role, None if school_wide else record.owner_unit_id,
                                None if school_wide else record.category)
        if members:
            return members
    return set()


def due_tasks(session: Session, now: datetime) -> list[int]:
    """Open review tasks past their due time (for the operator console and tests)."""
    return list(session.scalars(select(UserTask.id).where(UserTask.status == TaskStatus.OPEN,
                                                          UserTask.due_at <= now)))


__all__ = ["due_tasks", "escalation_recipients", "sweep_deadlines"]
