"""Outbox and in-app notifications (architecture.md §3 step 6, catalog §3.9).

``enqueue`` writes an outbox row in the caller's transaction; ``deliver`` turns one row into
notification rows and is idempotent (delivery is at least once); ``relay_pending`` hands pending rows
to the Celery task ``outbox.deliver``. Tasks are reached by their registered name, never imported
(``app.tasks`` sits above the services, docs/architecture.md).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Notification, OutboxMessage, utcnow

from app.services import candidates
from app.services.uow import after_commit, unit_of_work

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def enqueue(session: Session, event_type: str, payload: Mapping[str, object], dedupe_key: str) -> None:
    """Add an outbox row to the current transaction and nudge the relay after commit.

    ``payload`` holds ``title``, ``body``, ``link`` and the recipients: ``recipient_ids`` and/or a
    candidate group (``candidate_role``, ``candidate_unit_id``, ``candidate_category``).
    """
    session.add(OutboxMessage(event_type=event_type, payload=dict(payload), dedupe_key=dedupe_key))
    after_commit(nudge_relay)


def nudge_relay() -> None:
    """Ask a worker to relay the outbox now; a broker outage only delays delivery (beat retries)."""
    if not current_app.config.get("OUTBOX_NUDGE", True):
        return
    try:
        # by name: services never import app.tasks (the task registers itself when Celery is set up)
        current_app.extensions["celery"].tasks["outbox.relay"].apply_async(retry=False)
    except Exception:  # noqa: BLE001 - never fail a committed state change because of the broker
        log.warning("outbox nudge failed; the periodic relay will pick the rows up", exc_info=True)


def relay_pending(send: Callable[[int], None], limit: int = 200) -> int:
    """Hand up to ``limit`` due outbox rows to ``send`` (a Celery ``delay``); returns how many."""
    now = utcnow()
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id).limit(limit)))
    db.session.rollback()
    for message_id in ids:
        send(message_id)
    return len(ids)


def deliver(message_id: int) -> int:
    """Deliver one outbox row as in-app notifications; delivering it twice has no extra effect.

    Returns:
        The number of notifications created by this call (0 when already delivered).
    """
    with unit_of_work() as session:
        message = session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id)
                                 .with_for_update().execution_options(populate_existing=True))
        if message is None or message.status == "delivered":
            return 0
        payload = message.payload
        recipients = _recipients(session, payload)
        already = set(session.scalars(select(Notification.recipient_id).where(Notification.outbox_id == message.id)))
        created = 0
        for user_id in sorted(recipients - already):
            session.add(Notification(outbox_id=message.id, recipient_id=user_id, title=payload.get("title", ""),
                                     body=payload.get("body", ""), link=payload.get("link")))
            created += 1
        message.status, message.delivered_at = "delivered", utcnow()
        message.attempts += 1
    return created


def record_failure(message_id: int, error: str) -> None:
    """Count a failed delivery attempt and back off; after MAX_ATTEMPTS the row is marked failed."""
    with unit_of_work() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status == "delivered":
            return
        message.attempts += 1
        message.last_error = error[:2000]
        message.next_attempt_at = utcnow() + timedelta(seconds=min(30 * 2 ** message.attempts, 3600))
        if message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"


def _recipients(session: Session, payload: Mapping[str, object]) -> set[int]:
    """``recipient_ids`` plus the members of the payload's candidate group (services/candidates.py)."""
    ids = {int(i) for i in payload.get("recipient_ids", []) or []}
    return ids | candidates.group_members(session, payload.get("candidate_role"), payload.get("candidate_unit_id"),
                                          payload.get("candidate_category"))


def list_notifications(user_id: int, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    query = select(Notification).where(Notification.recipient_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


__all__ = ["deliver", "enqueue", "list_notifications", "nudge_relay", "record_failure", "relay_pending"]
