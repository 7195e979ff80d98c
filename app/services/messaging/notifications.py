"""Outbox and in-app notifications (architecture.md §3 step 6, catalog §3.9).

``enqueue`` writes an outbox row in the caller's transaction; ``deliver`` turns one row into
notification rows and is idempotent (delivery is at least once); ``relay_pending`` claims due rows and
hands them to the Celery task ``outbox.deliver``. Tasks are reached by their registered name, never
imported (``app.tasks`` sits above the services, docs/architecture.md).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, UTC

from flask import current_app
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from app import messages
from app.errors import InvalidState, NotFound
from app.extensions import db
from app.models import Notification, OutboxMessage, User, utcnow

from app.services.candidates import group_members
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


def enqueue_many(session: Session, messages: Iterable[tuple[str, Mapping[str, object], str]]) -> int:
    """``enqueue`` for many rows at once: ``(event_type, payload, dedupe_key)`` each, written with one
    executemany INSERT (a bulk start announcing thousands of tasks); one nudge after commit.

    Returns:
        How many rows were written.
    """
    rows = [{"event_type": event_type, "payload": dict(payload), "dedupe_key": dedupe_key}
            for event_type, payload, dedupe_key in messages]
    if rows:
        with session.no_autoflush:      # the rows reference nothing pending: the state change flushes once, at commit
            session.execute(insert(OutboxMessage), rows)
        after_commit(nudge_relay)
    return len(rows)


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
    """One daemon thread per Celery app that sends ``outbox.relay`` when nudged (coalescing), on one
    broker connection of its own kept open between nudges (opening one costs about 2 ms of the
    server's CPU per state change; a connection that failed is dropped and the next nudge opens
    another)."""

    def __init__(self, celery, timeout: float) -> None:
        self.celery, self.timeout = celery, timeout
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._connection = None
        self._producer = None
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
        """Send one ``outbox.relay`` message; False (logged) when the broker failed or timed out. A kept
        connection that fails (the broker restarted) is replaced by a new one, tried once at once."""
        with self._lock:
            if self._producer is not None:
                try:
                    self._publish()
                    return True
                except Exception:  # noqa: BLE001 - a stale connection: a new one below
                    self._close()
            try:
                options = {"socket_timeout": self.timeout, "socket_connect_timeout": self.timeout}
                self._connection = self.celery.connection_for_write(connect_timeout=self.timeout,
                                                                    transport_options=options)
                self._producer = self.celery.amqp.Producer(self._connection)
                self._publish()
                return True
            except Exception:  # noqa: BLE001 - the periodic relay delivers anyway
                log.warning("outbox nudge failed; the periodic relay will pick the rows up", exc_info=True)
                self._close()
                return False

    def _publish(self) -> None:
        self.celery.send_task("outbox.relay", producer=self._producer, retry=False)

    def _close(self) -> None:
        connection, self._connection, self._producer = self._connection, None, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped either way
                log.debug("closing the nudge connection failed", exc_info=True)


_nudgers: dict[int, BrokerNudger] = {}
_nudgers_lock = threading.Lock()


def broker_nudger(celery, timeout: float) -> BrokerNudger:
    """The nudger of ``celery`` (created on first use)."""
    with _nudgers_lock:
        nudger = _nudgers.get(id(celery))
        if nudger is None or nudger.celery is not celery:
            nudger = _nudgers[id(celery)] = BrokerNudger(celery, timeout)
        return nudger


def relay_pending(send: Callable[[int], None], batch: int = 200, *, lease_seconds: int | None = None,
                  send_many: Callable[[list[int]], None] | None = None, chunk: int = 100) -> int:
    """Hand every due, unclaimed outbox row to ``send`` (a Celery ``delay``, or ``deliver`` itself).

    Rows are claimed in batches of ``batch``: each is leased (``claimed_until`` = now +
    ``OUTBOX_CLAIM_SECONDS``) in a committed transaction before it is sent, so a relay running
    beside this one, or the next beat, never hands the same row out again while it is being
    delivered (``FOR UPDATE SKIP LOCKED`` on PostgreSQL). A row whose worker died is handed out again
    once its lease has passed. Batches repeat until nothing due is left (issue 8, finding 8).

    With ``send_many``, the claimed ids are handed over in chunks of ``chunk`` (one worker message
    delivers many rows in one transaction: ``deliver_many``) instead of one by one.

    Returns:
        How many rows were handed to ``send`` / ``send_many``.

    Raises:
        Whatever ``send`` raises; the rows of the batch not yet sent are released first.
    """
    lease = timedelta(seconds=lease_seconds if lease_seconds is not None
                      else current_app.config.get("OUTBOX_CLAIM_SECONDS", 300))
    total = 0
    while True:
        ids = _claim(batch, lease)
        step = chunk if send_many is not None else 1
        for position in range(0, len(ids), step):
            try:
                if send_many is not None:
                    send_many(ids[position:position + step])
                else:
                    send(ids[position])
            except BaseException:
                _release(ids[position:])
                raise
        total += len(ids)
        if len(ids) < batch:
            return total


def _claim(batch: int, lease: timedelta) -> list[int]:
    """Lease up to ``batch`` due rows: their ids locked (skip locked), then one UPDATE (no payload is read)."""
    with unit_of_work() as session:
        now = utcnow()
        ids = list(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now))
            .order_by(OutboxMessage.id).limit(batch).with_for_update(skip_locked=True)))
        if ids:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(claimed_until=now + lease))
        return ids


def _release(ids: list[int]) -> None:
    with unit_of_work() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
                        .values(claimed_until=None))


EMAIL = "email"
STATUS_PENDING, STATUS_DELIVERED, STATUS_FAILED, STATUS_RECORDED = "pending", "delivered", "failed", "recorded"


def deliver(message_id: int) -> int:
    """Deliver one outbox row; delivering it twice has no extra effect (architecture.md §3).

    An event row becomes in-app notifications for its recipients (unique per row and recipient) and,
    for each recipient who wants the event by e-mail and has an address, an ``email`` outbox row in
    the same transaction (or a line in the recipient's digest of the batch window for
    ``task_created``, catalog §3.9). An ``email`` row is sent over SMTP while its row is locked; with
    ``MAIL_ENABLED`` off it is kept as ``recorded`` (what would have been sent).

    Returns:
        The number of in-app notifications (event rows) or mails (``email`` rows) made by this call;
        0 when the row was already delivered.

    Raises:
        Whatever the SMTP channel raises (``record_failure`` counts it and backs off).
    """
    return deliver_with_follow_ups(message_id)[0]


def deliver_with_follow_ups(message_id: int) -> tuple[int, list[int]]:
    """``deliver``, also returning the ids of the ``email`` rows it created and leased, so a worker can
    send them on at once (the relay picks them up anyway once their lease has passed)."""
    config = current_app.config
    follow_ups: list[int] = []
    with unit_of_work() as session:
        message = session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id)
                                 .with_for_update().execution_options(populate_existing=True))
        if message is None or message.status != STATUS_PENDING:
            return 0, []
        if message.event_type == EMAIL:
            _send_email(config, message)
            return (1 if message.status == STATUS_DELIVERED else 0), []
        payload = message.payload
        recipients = _recipients(session, payload)
        already = set(session.scalars(select(Notification.recipient_id).where(Notification.outbox_id == message.id)))
        created = 0
        for user_id in sorted(recipients - already):
            session.add(Notification(outbox_id=message.id, recipient_id=user_id, title=str(payload.get("title", ""))[:200],
                                     body=str(payload.get("body", "")), link=payload.get("link"),
                                     event_type=message.event_type))
            created += 1
        follow_ups = _queue_emails(session, config, message, recipients)
        message.status, message.delivered_at, message.claimed_until = STATUS_DELIVERED, utcnow(), None
        message.attempts += 1
    return created, follow_ups


def deliver_many(message_ids: list[int]) -> tuple[int, list[int], list[int]]:
    """Deliver many event rows in one transaction (the relay's chunks; same effect as ``deliver`` on
    each). ``email`` rows, and rows another worker holds, are left for ``deliver`` one by one.

    Returns:
        ``(in_app_made, email_follow_up_ids, ids_left_for_deliver)``.
    """
    config = current_app.config
    made, follow_ups = 0, []
    with unit_of_work() as session:
        rows = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.id.in_(message_ids), OutboxMessage.status == STATUS_PENDING,
            OutboxMessage.event_type != EMAIL).order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True).execution_options(populate_existing=True)))
        handled = {row.id for row in rows}
        already = set(session.execute(select(Notification.outbox_id, Notification.recipient_id)
                                      .where(Notification.outbox_id.in_(handled))).tuples()) if handled else set()
        now = utcnow()
        mail_possible = bool(config.get("MAIL_ADDRESS_DOMAIN")) or session.scalar(
            select(User.id).where(User.email.is_not(None)).limit(1)) is not None
        groups: dict[tuple, set[int]] = {}          # one membership query per candidate group of the chunk
        fresh: list[dict] = []
        for message in rows:
            payload = message.payload
            recipients = _recipients(session, payload, groups)
            fresh += [{"outbox_id": message.id, "recipient_id": user_id, "title": str(payload.get("title", ""))[:200],
                       "body": str(payload.get("body", "")), "link": payload.get("link"), "event_type": message.event_type,
                       "created_at": now}
                      for user_id in sorted(recipients) if (message.id, user_id) not in already]
            if mail_possible:
                follow_ups += _queue_emails(session, config, message, recipients)
        if fresh:
            session.execute(insert(Notification), fresh)            # one executemany for the chunk
        made = len(fresh)
        if handled:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(handled)).values(
                status=STATUS_DELIVERED, delivered_at=now, claimed_until=None, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False))
    return made, follow_ups, [i for i in message_ids if i not in handled]


def deliver_many_or_record(message_ids: list[int]) -> tuple[int, list[int]]:
    """``deliver_many``, then ``deliver_or_record`` for what it left (e-mails) or for every row when
    the batch failed as a whole (so one bad row costs the others nothing)."""
    try:
        made, follow_ups, left = deliver_many(message_ids)
    except Exception:  # noqa: BLE001 - each row is then tried (and its failure counted) on its own
        log.warning("outbox batch failed; delivering its rows one by one", exc_info=True)
        made, follow_ups, left = 0, [], list(message_ids)
    for message_id in left:
        one, more = deliver_or_record(message_id)
        made += one
        follow_ups += more
    return made, follow_ups


def _send_email(config, message: OutboxMessage) -> None:
    from app.services.messaging import channels, templates
    payload = dict(message.payload)
    if payload.get("digest"):
        items = list(payload.get("items") or [])
        if len(items) == 1:
            text, html = templates.render("task_created", {**items[0], "url": payload.get("url", "")})
            subject = str(items[0].get("title", ""))
        else:
            subject = f"您有 {len(items)} 条待审核记录"
            text, html = templates.render(templates.DIGEST, {"title": subject, "items": items,
                                                             "url": payload.get("url", "")})
        payload.update(subject=subject, text=text, html=html)
        message.payload = payload
    elif "text" not in payload:
        text, html = templates.render(str(payload.get("source_event", "cc")), dict(payload.get("context") or {}))
        payload.update(text=text, html=html)
        message.payload = payload
    if not config.get("MAIL_ENABLED"):
        message.status, message.claimed_until = STATUS_RECORDED, None
        return
    delay = float(config.get("OUTBOX_TEST_SEND_DELAY", 0) or 0)
    if delay:
        time.sleep(delay)       # tests only: a window to kill the worker in the middle of a delivery
    channels.send_mail(config, to=str(payload["to"]), subject=str(payload.get("subject", "")),
                       text=str(payload.get("text", "")), html=payload.get("html"), message_key=message.dedupe_key)
    message.status, message.delivered_at, message.claimed_until = STATUS_DELIVERED, utcnow(), None
    message.attempts += 1


def _queue_emails(session: Session, config, message: OutboxMessage, recipients: set[int]) -> list[int]:
    """One ``email`` outbox row per recipient who wants this event by e-mail and has an address (or a
    line in the digest); leased, so the caller's worker sends them on (templates render at send time)."""
    from app.services.messaging import preferences
    if not recipients:
        return []
    wanting = recipients - preferences.email_opt_outs(session, recipients, message.event_type)
    domain = config.get("MAIL_ADDRESS_DOMAIN")
    base = str(config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    payload = message.payload
    url = base + str(payload.get("link") or "")
    window = float(config.get("DIGEST_SECONDS", 0) or 0)
    lease = utcnow() + timedelta(seconds=config.get("OUTBOX_CLAIM_SECONDS", 300))
    rows: list[OutboxMessage] = []
    for user in session.scalars(select(User).where(User.id.in_(wanting), User.is_active.is_(True)).order_by(User.id)):
        address = user.email or (f"{user.account}@{domain}" if domain else None)
        if not address:
            continue
        if message.event_type == "task_created" and window > 0:
            _add_to_digest(session, user.id, address, payload, url, window)
            continue
        rows.append(OutboxMessage(event_type=EMAIL, dedupe_key=f"email:{message.id}:{user.id}", claimed_until=lease,
                                  payload={"to": address, "recipient_id": user.id, "source_id": message.id,
                                           "source_event": message.event_type, "subject": payload.get("title", ""),
                                           "context": {**payload, "url": url}}))
    if rows:
        session.add_all(rows)
        session.flush()
    return [row.id for row in rows]


def _add_to_digest(session: Session, user_id: int, address: str, payload: Mapping[str, object], url: str,
                   window: float) -> None:
    """Add one task to the recipient's digest of the current batch window (catalog §3.9: one message per
    window, e.g. 「您有 37 条待审核记录」). The row is due when the window closes."""
    now = utcnow()
    index = int(now.timestamp() // window)
    item = {"title": payload.get("title", ""), "body": payload.get("body", ""), "link": payload.get("link")}
    for attempt in range(2):
        key = f"digest:{user_id}:{index + attempt}"
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key).with_for_update())
        if row is None:
            due = datetime.fromtimestamp((index + attempt + 1) * window, tz=UTC)
            session.add(OutboxMessage(event_type=EMAIL, dedupe_key=key, next_attempt_at=due, payload={
                "to": address, "recipient_id": user_id, "digest": True, "items": [item],
                "url": url.rsplit("/records/", 1)[0] + "/review" if "/records/" in url else url}))
            session.flush()
            return
        if row.status == STATUS_PENDING and row.claimed_until is None:
            row.payload = {**row.payload, "items": [*row.payload.get("items", []), item]}
            return
    raise RuntimeError("digest window closed twice while adding to it")


def record_failure(message_id: int, error: str, *, permanent: bool = False) -> None:
    """Count a failed delivery attempt and back off (``OUTBOX_RETRY_BASE_SECONDS`` × 2^attempts, at most
    an hour); after ``OUTBOX_MAX_ATTEMPTS`` (or at once when ``permanent``) the row is ``failed`` and
    keeps its error for operators (``failed_messages``, ``flask outbox failed``)."""
    base = float(current_app.config.get("OUTBOX_RETRY_BASE_SECONDS", 30))
    limit = int(current_app.config.get("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS))
    with unit_of_work() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != STATUS_PENDING:
            return
        message.attempts += 1
        message.last_error = error[:2000]
        message.next_attempt_at = utcnow() + timedelta(seconds=min(base * 2 ** (message.attempts - 1), 3600))
        message.claimed_until = None
        if permanent or message.attempts >= limit:
            message.status = STATUS_FAILED


def deliver_or_record(message_id: int) -> tuple[int, list[int]]:
    """``deliver_with_follow_ups``, turning a failure into ``record_failure`` (what a worker runs).

    Returns:
        ``(made, follow_up_ids)``; ``(0, [])`` after a failure.
    """
    from app.services.messaging.channels import PermanentMailError
    try:
        return deliver_with_follow_ups(message_id)
    except PermanentMailError as exc:
        record_failure(message_id, str(exc), permanent=True)
    except Exception as exc:  # noqa: BLE001 - counted on the row, retried with back-off by the relay
        log.warning("outbox row %s failed: %r", message_id, exc)
        record_failure(message_id, f"{type(exc).__name__}: {exc}")
    return 0, []


def _recipients(session: Session, payload: Mapping[str, object], groups: dict[tuple, set[int]] | None = None) -> set[int]:
    """The ids a row is told to: its ``recipient_ids`` and the members of its candidate group (read once
    per group when the caller passes a ``groups`` memo)."""
    listed = payload.get("recipient_ids") or []
    ids = {int(str(i)) for i in listed} if isinstance(listed, list | tuple | set) else set()
    role = payload.get("candidate_role")
    if role:
        unit_id = payload.get("candidate_unit_id")
        category = payload.get("candidate_category")
        key = (str(role), int(str(unit_id)) if unit_id is not None else None, str(category) if category is not None else None)
        members = groups.get(key) if groups is not None else None
        if members is None:
            members = group_members(session, *key)
            if groups is not None:
                groups[key] = members
        ids |= members
    return ids


def list_notifications(user_id: int, *, unread_only: bool = False, limit: int = 50, page: int = 1) -> list[Notification]:
    """The person's in-app notifications, newest first, ``limit`` per page (catalog §3.9)."""
    query = select(Notification).where(Notification.recipient_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(db.session.scalars(query.order_by(Notification.id.desc()).offset((max(page, 1) - 1) * limit).limit(limit)))


def notification_summary(user_id: int) -> dict[str, int]:
    """``{"unread": n, "total": n}`` for the bell and the list's pager."""
    unread, total = db.session.execute(select(
        func.count(Notification.id).filter(Notification.read_at.is_(None)), func.count(Notification.id))
        .where(Notification.recipient_id == user_id)).one()
    return {"unread": int(unread), "total": int(total)}


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications read (``notification_id``) or all of them (None).

    Returns:
        How many became read (0 when already read).

    Raises:
        NotFound: the notification is not the caller's (404).
    """
    with unit_of_work() as session:
        where = [Notification.recipient_id == user_id, Notification.read_at.is_(None)]
        if notification_id is not None:
            owner = session.scalar(select(Notification.recipient_id).where(Notification.id == notification_id))
            if owner != user_id:
                raise NotFound(messages.NOTIFICATION_NOT_FOUND)
            where.append(Notification.id == notification_id)
        result = session.execute(update(Notification).where(*where).values(read_at=utcnow()))
        return int(result.rowcount or 0)      # type: ignore[attr-defined]


def failed_messages(limit: int = 100) -> list[OutboxMessage]:
    """Outbox rows that failed for good, newest first, each with its ``last_error`` (operators)."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == STATUS_FAILED)
                                   .order_by(OutboxMessage.id.desc()).limit(limit)))


def retry_message(message_id: int) -> OutboxMessage:
    """Put a failed row back to ``pending`` (attempts reset; the last error kept until it succeeds).

    Raises:
        NotFound: no such row; InvalidState: the row has not failed.
    """
    with unit_of_work() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            raise NotFound(messages.OUTBOX_NOT_FOUND)
        if message.status != STATUS_FAILED:
            raise InvalidState(messages.OUTBOX_NOT_FAILED)
        message.status, message.attempts, message.next_attempt_at, message.claimed_until = (
            STATUS_PENDING, 0, utcnow(), None)
    after_commit(nudge_relay)
    return message


__all__ = [
    "EMAIL",
    "BrokerNudger",
    "broker_nudger",
    "deliver",
    "deliver_many",
    "deliver_many_or_record",
    "deliver_or_record",
    "deliver_with_follow_ups",
    "enqueue",
    "failed_messages",
    "list_notifications",
    "mark_read",
    "notification_summary",
    "nudge_relay",
    "record_failure",
    "relay_pending",
    "retry_message",
]
