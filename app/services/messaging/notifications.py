"""Outbox and in-app notifications (architecture.md §3 step 6, catalog §3.9).

``enqueue`` writes an outbox row in the caller's transaction; ``deliver`` turns one row into
notification rows and is idempotent (delivery is at least once); ``relay_pending`` claims due rows and
hands them to the Celery task ``outbox.deliver``. Tasks are reached by their registered name, never
imported (``app.tasks`` sits above the services, docs/architecture.md).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
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
    """Ask a worker to relay the outbox now, without ever delaying the response (issue 8, finding 3).

    Runs after the commit: the rows are safe, so the broker is only asked to hurry. In-process mode
    (no Redis) relays here and now; with a broker the message is sent from a background thread with
    short connect and socket timeouts (``BROKER_TIMEOUT_SECONDS``), and nudges that arrive while one
    is in flight are coalesced into one. A broker that refuses, hangs or is slow only delays delivery:
    the periodic relay picks the rows up.
    """
    if not current_app.config.get("OUTBOX_NUDGE", True):
        return
    celery = current_app.extensions["celery"]
    if celery.conf.task_always_eager:
        try:
            # by name: services never import app.tasks (the task registers itself when Celery is set up)
            celery.tasks["outbox.relay"].apply_async(retry=False)
        except Exception:  # noqa: BLE001 - never fail a committed state change because of the relay
            log.warning("in-process outbox relay failed; the next relay will pick the rows up", exc_info=True)
        return
    broker_nudger(celery, float(current_app.config.get("BROKER_TIMEOUT_SECONDS", 1))).nudge()


class BrokerNudger:
    """One daemon thread per Celery app that sends ``outbox.relay`` when nudged (coalescing)."""

    def __init__(self, celery, timeout: float) -> None:
        self.celery, self.timeout = celery, timeout
        self._wanted = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outbox-nudge", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        self._wanted.set()

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            self.send_now()

    def send_now(self) -> bool:
        """Send one ``outbox.relay`` message; False (logged) when the broker failed or timed out."""
        options = {"socket_timeout": self.timeout, "socket_connect_timeout": self.timeout}
        try:
            with self.celery.connection_for_write(connect_timeout=self.timeout, transport_options=options) as conn:
                self.celery.send_task("outbox.relay", connection=conn, retry=False)
            return True
        except Exception:  # noqa: BLE001 - the periodic relay delivers anyway
            log.warning("outbox nudge failed; the periodic relay will pick the rows up", exc_info=True)
            return False


_nudgers: dict[int, BrokerNudger] = {}
_nudgers_lock = threading.Lock()


def broker_nudger(celery, timeout: float) -> BrokerNudger:
    """The nudger of ``celery`` (created on first use)."""
    with _nudgers_lock:
        nudger = _nudgers.get(id(celery))
        if nudger is None or nudger.celery is not celery:
            nudger = _nudgers[id(celery)] = BrokerNudger(celery, timeout)
        return nudger


def relay_pending(send: Callable[[int], None], batch: int = 200, *, lease_seconds: int | None = None) -> int:
    """Hand every due, unclaimed outbox row to ``send`` (a Celery ``delay``, or ``deliver`` itself).

    Rows are claimed in batches of ``batch``: each is leased (``claimed_until`` = now +
    ``OUTBOX_CLAIM_SECONDS``) in a committed transaction before it is sent, so a relay running
    beside this one, or the next beat, never hands the same row out again while it is being
    delivered (``FOR UPDATE SKIP LOCKED`` on PostgreSQL). A row whose worker died is handed out again
    once its lease has passed. Batches repeat until nothing due is left (issue 8, finding 8).

    Returns:
        How many rows were handed to ``send``.

    Raises:
        Whatever ``send`` raises; the rows of the batch not yet sent are released first.
    """
    lease = timedelta(seconds=lease_seconds if lease_seconds is not None
                      else current_app.config.get("OUTBOX_CLAIM_SECONDS", 300))
    total = 0
    while True:
        ids = _claim(batch, lease)
        for position, message_id in enumerate(ids):
            try:
                send(message_id)
            except BaseException:
                _release(ids[position:])
                raise
        total += len(ids)
        if len(ids) < batch:
            return total


def _claim(batch: int, lease: timedelta) -> list[int]:
    with unit_of_work() as session:
        now = utcnow()
        rows = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now))
            .order_by(OutboxMessage.id).limit(batch).with_for_update(skip_locked=True)))
        for row in rows:
            row.claimed_until = now + lease
        return [row.id for row in rows]


def _release(ids: list[int]) -> None:
    with unit_of_work() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
                        .values(claimed_until=None))


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
        message.status, message.delivered_at, message.claimed_until = "delivered", utcnow(), None
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
        message.claimed_until = None
        if message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"


def _recipients(session: Session, payload: Mapping[str, object]) -> set[int]:
    """``recipient_ids`` plus the members of the payload's candidate group (services/candidates.py)."""
    listed = payload.get("recipient_ids")
    ids = {int(i) for i in listed} if isinstance(listed, list) else set()
    role, unit_id, category = (payload.get(k) for k in ("candidate_role", "candidate_unit_id", "candidate_category"))
    return ids | candidates.group_members(session, role if isinstance(role, str) else None,
                                          unit_id if isinstance(unit_id, int) else None,
                                          category if isinstance(category, str) else None)


def list_notifications(user_id: int, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    query = select(Notification).where(Notification.recipient_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


__all__ = ["BrokerNudger", "broker_nudger", "deliver", "enqueue", "list_notifications", "nudge_relay", "record_failure",
           "relay_pending"]
