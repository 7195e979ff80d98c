"""The stuck view (issue 14 item 2): what keeps instances from moving, in four lists.

- open incidents: the engine error with the failing element and message;
- open review tasks whose candidate group has no active member (a unit left with no reviewer: the
  commonest real cause), counted by ``candidates.task_actors``, the one rule of who may act;
- open review tasks past their due time;
- outbox rows that failed for good (bad address, SMTP refusal).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.extensions import db
from app.models import Incident, OutboxMessage, ProcessInstance, Record, UserTask, utcnow
from app.vocabulary import APPLICANT, TaskStatus

from app.services import candidates
from app.services.messaging import notifications
from app.services.operations.access import ensure_operator
from app.services.operations.rows import TaskRow, task_rows

LIMIT = 200
"""At most this many rows per list (the oldest first: they have waited longest)."""


@dataclass(frozen=True)
class IncidentRow:
    """An open incident: the failing element (``bpmn_id``), ``error_type``, ``message``, whether 重试 applies
    (``can_retry``: the interrupted step was kept and the instance is on hold), the record."""

    id: int
    instance_id: int | None
    record_id: int | None
    record_title: str | None
    record_type: str | None
    owner: str | None
    error_type: str
    bpmn_id: str | None
    message: str
    can_retry: bool
    created_at: datetime


@dataclass
class StuckView:
    incidents: list[IncidentRow] = field(default_factory=list)
    unstaffed: list[TaskRow] = field(default_factory=list)
    overdue: list[TaskRow] = field(default_factory=list)
    failed_outbox: list[OutboxMessage] = field(default_factory=list)


def stuck_view(principal: Principal, *, now: datetime | None = None) -> StuckView:
    """The four lists of the stuck view (each at most ``LIMIT`` rows, oldest first).

    Raises:
        NotFound: the caller is not an operator (404).
    """
    ensure_operator(principal)
    session = db.session
    now = now or utcnow()
    return StuckView(incidents=open_incidents(session), unstaffed=task_rows(session, unstaffed_tasks(session)),
                     overdue=task_rows(session, overdue_tasks(session, now)),
                     failed_outbox=notifications.failed_messages(LIMIT))


def open_incidents(session: Session) -> list[IncidentRow]:
    """Unresolved incidents, oldest first, with their record."""
    rows = session.execute(select(Incident, ProcessInstance.status).outerjoin(
        ProcessInstance, ProcessInstance.id == Incident.instance_id)
        .where(Incident.resolved_at.is_(None)).order_by(Incident.id).limit(LIMIT)).all()
    records = {r.id: r for r in session.scalars(select(Record).where(
        Record.id.in_({i.record_id for i, _ in rows if i.record_id})))} if rows else {}
    found = []
    for incident, instance_status in rows:
        record = records.get(incident.record_id or 0)
        found.append(IncidentRow(incident.id, incident.instance_id, incident.record_id,
                                 record.title if record else None, record.record_type.name if record else None,
                                 record.owner.name if record else None, incident.error_type, incident.bpmn_id,
                                 incident.message, bool(incident.engine_task_id) and instance_status == "incident",
                                 incident.created_at))
    return found


def _waiting_review_tasks():
    """Open review tasks of running instances (the applicant's own step is never stuck on a reviewer)."""
    return (select(UserTask).join(ProcessInstance, ProcessInstance.id == UserTask.instance_id)
            .where(UserTask.status == TaskStatus.OPEN, UserTask.candidate_role != APPLICANT,
                   ProcessInstance.status == "running"))


def unstaffed_tasks(session: Session) -> list[UserTask]:
    """Open review tasks nobody may act on: ``candidates.task_actors`` is empty (the group has no active
    member, or the assignee was deactivated). The rule is evaluated once per distinct group."""
    tasks = list(session.scalars(_waiting_review_tasks().order_by(UserTask.created_at, UserTask.id)))
    staffed: dict[tuple, bool] = {}
    stuck = []
    for task in tasks:
        key = (task.candidate_role, task.candidate_unit_id, task.candidate_category, task.assignee_id)
        if key not in staffed:
            staffed[key] = bool(candidates.task_actors(session, task))
        if not staffed[key]:
            stuck.append(task)
    return stuck[:LIMIT]


def overdue_tasks(session: Session, now: datetime) -> list[UserTask]:
    """Open review tasks whose due time (超时催办, ``user_task.due_at``) has passed, most overdue first."""
    return list(session.scalars(_waiting_review_tasks().where(UserTask.due_at < now)
                                .order_by(UserTask.due_at, UserTask.id).limit(LIMIT)))
