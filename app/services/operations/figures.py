"""The operator's figures, read from the database at the moment they are asked for: the same numbers feed
``/metrics`` (Prometheus) and the operator dashboard (issue 14 item 2).

Instances by status, open review tasks by lane, the age of open review tasks (histogram buckets in
hours), the outbox backlog and its failures, the Celery queue length and the worker heartbeat (Redis,
when a broker is configured). No workflow state is loaded.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from app.auth.principal import Principal
from app.extensions import db
from app.models import Incident, OutboxMessage, ProcessInstance, UserTask, utcnow
from app.models.workflow import INSTANCE_STATUSES
from app.vocabulary import APPLICANT, Lane, TaskStatus

from app.services.messaging.notifications import STATUS_FAILED, STATUS_PENDING
from app.services.operations.access import ensure_operator

AGE_BUCKETS_HOURS = (1.0, 4.0, 24.0, 72.0, 168.0, 336.0, 720.0)
"""Upper bounds of the task-age histogram: 1 h, 4 h, 1 day, 3 days (the default due time), 1, 2 and 4 weeks."""
HEARTBEAT_KEY = "hrperf:worker-heartbeat:{queue}"
"""Redis key a worker refreshes (app/tasks/heartbeat.py) with the Unix time of its last sign of life."""


@dataclass
class Figures:
    """``instances`` status → count (every status present); ``open_tasks`` lane → open review tasks;
    ``task_age_buckets`` cumulative counts per ``AGE_BUCKETS_HOURS`` bound (Prometheus ``le``),
    ``task_age_count`` and ``task_age_sum_seconds``; ``outbox_pending`` and ``outbox_failed`` rows;
    ``queue_length`` (None without a broker); ``heartbeat_at`` (Unix seconds, None when unknown)."""

    instances: dict[str, int]
    open_tasks: dict[str, int]
    task_age_buckets: list[tuple[float, int]]
    task_age_count: int
    task_age_sum_seconds: float
    outbox_pending: int
    outbox_failed: int
    queue_length: int | None
    heartbeat_at: float | None
    open_incidents: int = 0
    measured_at: float = field(default_factory=time.time)


def figures_for(principal: Principal) -> Figures:
    """:func:`figures` for the operator dashboard. Raises NotFound (404) for non-operators."""
    ensure_operator(principal)
    return figures()


def figures(now: datetime | None = None) -> Figures:
    """The current figures (a handful of aggregate queries; the task ages read one column)."""
    session = db.session
    now = now or utcnow()
    instances = dict.fromkeys(INSTANCE_STATUSES, 0) | dict(session.execute(
        select(ProcessInstance.status, func.count()).group_by(ProcessInstance.status)).tuples().all())
    open_review = (UserTask.status == TaskStatus.OPEN, UserTask.candidate_role != APPLICANT)
    open_tasks = {lane.value: 0 for lane in Lane if lane != Lane.APPLICANT} | dict(session.execute(
        select(UserTask.lane, func.count()).where(*open_review).group_by(UserTask.lane)).tuples().all())
    ages = [max(0.0, (now - created).total_seconds()) for created in session.scalars(
        select(UserTask.created_at).where(*open_review))]
    buckets = [(bound, sum(1 for age in ages if age <= bound * 3600)) for bound in AGE_BUCKETS_HOURS]
    outbox = dict(session.execute(select(OutboxMessage.status, func.count()).where(
        OutboxMessage.status.in_((STATUS_PENDING, STATUS_FAILED))).group_by(OutboxMessage.status)).tuples().all())
    incidents = session.scalar(select(func.count()).select_from(Incident).where(Incident.resolved_at.is_(None))) or 0
    queue_length, heartbeat = _broker_figures()
    return Figures(instances, open_tasks, buckets, len(ages), sum(ages), outbox.get(STATUS_PENDING, 0),
                   outbox.get(STATUS_FAILED, 0), queue_length, heartbeat, incidents)


def heartbeat_key() -> str:
    """The Redis key of the worker heartbeat for this deployment's queue."""
    return HEARTBEAT_KEY.format(queue=current_app.config["CELERY"].get("task_default_queue", "celery"))


def _broker_figures() -> tuple[int | None, float | None]:
    """(queue length, heartbeat Unix time) from the Redis broker; (None, None) without one or when it is down."""
    url = current_app.config["CELERY"].get("broker_url")
    if not url:
        return None, None
    import redis
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        queue = current_app.config["CELERY"].get("task_default_queue", "celery")
        length = int(client.llen(queue))  # type: ignore[arg-type]  # the sync client
        beat = client.get(heartbeat_key())
    except redis.RedisError:
        return None, None
    return length, float(beat) if beat else None  # type: ignore[arg-type]
