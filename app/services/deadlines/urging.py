"""催办 by the applicant (issue 13 item 4): a nudge to the current task's eligible reviewers."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState
from app.models import ReviewEvent, UrgeEvent, UserTask, school_time, utcnow
from app.vocabulary import APPLICANT, RecordStatus, ReviewAction, TaskStatus

from app.services import candidates, scope
from app.services.messaging import notifications
from app.services.uow import unit_of_work


def urge_record(principal: Principal, record_id: int) -> UrgeEvent:
    """催办: tell the eligible reviewers of the record's open review task to hurry; shown in the trail.

    Allowed to the record's applicant once the task has waited ``URGE_AFTER_DAYS`` (config), at most
    once per school day per record (a unique key on ``(record_id, urged_on)`` makes that hold even for
    two clicks at once). One transaction: the 催办 row, the 审核记录 entry and the outbox row.

    Returns:
        The stored ``UrgeEvent``.

    Raises:
        NotFound: not the caller's record (404).
        InvalidState: the record is not waiting for a reviewer (「只有审核中的记录可以催办」), it has not
            waited long enough, or it was already urged today (「今天已催办过」) (409).
    """
    days = float(current_app.config.get("URGE_AFTER_DAYS", 3))
    now = utcnow()
    today = school_time(now).date()
    try:
        with unit_of_work() as session:
            record = scope.applicant_record(session, principal, record_id, lock=True)
            task = session.scalar(select(UserTask).where(
                UserTask.record_id == record.id, UserTask.status == TaskStatus.OPEN,
                UserTask.candidate_role != APPLICANT).order_by(UserTask.id))
            if record.status != RecordStatus.IN_REVIEW or task is None:
                raise InvalidState(messages.URGE_NOT_WAITING)
            if session.scalar(select(UrgeEvent.id).where(UrgeEvent.record_id == record.id,
                                                         UrgeEvent.urged_on == today)):
                raise InvalidState(messages.URGED_TODAY)
            created = task.created_at if task.created_at.tzinfo else task.created_at.replace(tzinfo=now.tzinfo)
            if now - created < timedelta(days=days):
                raise InvalidState(messages.URGE_TOO_EARLY.format(days=f"{days:g}"))
            urge = UrgeEvent(record_id=record.id, task_id=task.id, user_id=principal.user_id, urged_on=today)
            session.add(urge)
            session.add(ReviewEvent(record_id=record.id, instance_id=task.instance_id, user_task_id=task.id,
                                    actor_id=principal.user_id, lane=APPLICANT, step_name=task.name,
                                    unit_id=record.owner_unit_id, action=ReviewAction.URGE))
            session.flush()
            notifications.enqueue(session, "urge", {
                "title": f"催办：{task.name} · {record.record_type.name}（{record.owner.name}）",
                "body": record.title or "", "link": f"/records/{record.id}", **candidates.task_addressees(task),
            }, dedupe_key=f"urge:{record.id}:{today.isoformat()}")
    except IntegrityError as exc:       # the same day's 催办 committed first by a concurrent request
        raise InvalidState(messages.URGED_TODAY) from exc
    return urge


__all__ = ["urge_record"]
