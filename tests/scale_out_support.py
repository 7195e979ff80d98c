"""The scale-out line-up of docs/architecture.md §9 and its exactly-once checks (issue 15).

``LineUp`` starts several production servers (``gunicorn -c gunicorn.conf.py``) on free ports and two
Celery workers (``celery -A celery_worker worker``, the first with beat) against one PostgreSQL database
and one Redis queue, with e-mail on and sent to a local SMTP server (aiosmtpd) that records every message
it accepts. ``approval_race`` makes two reviewers of one group approve the same task through two
different servers at once. ``exactly_once`` reads the database and the SMTP server's log afterwards and
lists every broken promise: an error, a task completed twice, a review event too many or missing, a
record not 已完成, an incident, an outbox row undelivered, an in-app notification or an e-mail missing or
doubled.

Used by bench/scale_out.py and tests/concurrency/test_scale_out.py.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from notify_support import SmtpServer, WorkerProcess, wait_for
from server_support import HR_SECOND, REVIEWERS, Client, ServerProcess

DOMAIN = "example.edu.cn"
# one lifecycle's review trail: the submission, then one approval in each lane
EXPECTED_EVENTS = Counter({("submit", "applicant"): 1, ("approve", "unit"): 1, ("approve", "dept"): 1,
                           ("approve", "hr"): 1})
# one lifecycle's outbox: a new task in each of the three lanes, then 审核通过 to the applicant
EXPECTED_OUTBOX = Counter({"task_created": 3, "record_approved": 1})


class LineUp:
    """``servers`` gunicorn instances (``workers`` processes each) and ``celery_workers`` Celery worker
    processes (solo pool; beat in the first only, as README "Production line-up" asks) on one database
    and one queue, plus the SMTP server. ``with LineUp(...) as line_up:`` starts them all and waits for
    every server's /healthz; everything started is stopped on the way out, whatever happened."""

    def __init__(self, *, database_url: str, redis_url: str, queue: str, workdir: Path, secret_key: str,
                 servers: int = 2, workers: int = 1, celery_workers: int = 2, claim_seconds: int = 3) -> None:
        self.smtp = SmtpServer()
        mail = {"MAIL_ENABLED": "1", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(self.smtp.port),
                "MAIL_ADDRESS_DOMAIN": DOMAIN, "DIGEST_SECONDS": "0", "OUTBOX_CLAIM_SECONDS": str(claim_seconds)}
        common = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "CELERY_QUEUE": queue,
                  "SECRET_KEY": secret_key, **mail}
        self.servers = [ServerProcess({**os.environ, **common}, workers=workers, workdir=workdir)
                        for _ in range(servers)]
        self.workers = []
        for index in range(celery_workers):
            worker = WorkerProcess(database_url=database_url, redis_url=redis_url, queue=queue, workdir=workdir,
                                   env={**mail, "SECRET_KEY": secret_key}, beat=index == 0)
            worker.args += ["-n", f"scale-out-{index}@%h"]
            self.workers.append(worker)

    @property
    def ports(self) -> list[int]:
        return [server.port for server in self.servers]

    def __enter__(self) -> LineUp:
        atexit.register(self.__exit__)          # stopped even when the caller never reaches its own exit
        try:
            self.smtp.__enter__()
            for process in (*self.servers, *self.workers):
                process.start()
            for server in self.servers:
                server.wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        for process in (*self.servers, *self.workers):
            with contextlib.suppress(Exception):        # stop the others all the same
                process.stop()
        with contextlib.suppress(Exception):            # not started, or stopped already
            self.smtp.__exit__()

    def output(self) -> str:
        """The tail of every worker's and server's log (for a failure message)."""
        parts = [f"--- worker {i}\n{w.output()}" for i, w in enumerate(self.workers)]
        parts += [f"--- server {s.port}\n{s.output()}" for s in self.servers]
        return "\n".join(parts)


@dataclass
class Race:
    """One approval race: the record, and the HTTP status and message each contender (account) got."""

    record_id: int
    statuses: dict[str, int]
    messages: dict[str, str]


def approval_race(ports: list[int], tokens: dict[str, str]) -> Race:
    """A lifecycle whose 人力资源部 task is approved at the same moment by its two members, 潘婷 through
    the first server and 蒋文 through the last (each on a connection of its own, released together by a
    barrier)."""
    setup = Client(ports, tokens)
    record_id = int(setup.submit()["id"])
    for reviewer in REVIEWERS[:2]:
        setup.approve(setup.open_task(record_id, reviewer), reviewer)
    task_id = setup.open_task(record_id, REVIEWERS[2])
    setup.close()
    contenders = ((REVIEWERS[2], Client(ports[0], tokens)), (HR_SECOND, Client(ports[-1], tokens)))
    for _, client in contenders:
        client.connections[0].connect()         # connected before the start: the two requests leave together
        client.last_used[0] = time.perf_counter()
    barrier = threading.Barrier(len(contenders))
    race = Race(record_id, {}, {})

    def approve(account: str, client: Client) -> None:
        barrier.wait()
        status, body, _ = client.request("POST", f"/api/v1/tasks/{task_id}/complete", account, {"action": "approve"})
        race.statuses[account] = status
        race.messages[account] = str(body.get("message", "")) if isinstance(body, dict) else str(body)

    threads = [threading.Thread(target=approve, args=pair) for pair in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for _, client in contenders:
        client.close()
    return race


def race_problems(race: Race, names: dict[str, str]) -> list[str]:
    """What is wrong with a race's outcome: not exactly one 200 and one 409 telling the loser who
    handled the task (「该记录已由 X 于 hh:mm 处理」, catalog §2.6). ``names``: account → 姓名."""
    if sorted(race.statuses.values()) != [200, 409]:
        return [f"race on record {race.record_id}: statuses {race.statuses}, expected one 200 and one 409"]
    winner = next(account for account, status in race.statuses.items() if status == 200)
    loser = next(account for account, status in race.statuses.items() if status == 409)
    told = race.messages[loser]
    if not (told.startswith(f"该记录已由 {names[winner]} 于 ") and told.endswith("处理")):
        return [f"race on record {race.record_id}: the loser was told {told!r}, "
                f"expected 「该记录已由 {names[winner]} 于 … 处理」"]
    return []


@dataclass
class Checks:
    """The exactly-once figures and every problem found (``problems`` empty: all promises kept)."""

    records: int = 0
    tasks: int = 0
    events: int = 0
    outbox_rows: int = 0
    in_app: int = 0
    email_rows: int = 0
    mails_received: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.records} records 已完成, {self.tasks} tasks completed once, {self.events} review events, "
                f"{self.outbox_rows} outbox rows → {self.in_app} in-app notifications and {self.email_rows} e-mails "
                f"({self.mails_received} received by SMTP); problems: {len(self.problems)}")


def settled(app, smtp: SmtpServer) -> bool:
    """True when no outbox row is pending and the SMTP server received as many mails as were delivered."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import OutboxMessage
    with app.app_context():
        pending = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending"))
        delivered_mails = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.event_type == "email", OutboxMessage.status == "delivered"))
        db.session.close()
    return pending == 0 and len(smtp.sink.messages) >= delivered_mails


def wait_until_settled(app, smtp: SmtpServer, timeout: float, *, quiet_seconds: float = 2.0) -> bool:
    """``settled``, then still settled after ``quiet_seconds`` more (a few more relays: a row handed out
    twice would show up as a second mail or a second in-app row)."""
    if not wait_for(lambda: settled(app, smtp), timeout):
        return False
    time.sleep(quiet_seconds)
    return settled(app, smtp)


def exactly_once(app, smtp: SmtpServer, record_ids: list[int]) -> Checks:
    """Check every record of ``record_ids`` finished its lifecycle exactly once, no other record exists,
    and every outbox row of the database was delivered exactly once, in the database and at the SMTP
    server.

    Per record: status approved (已完成), one process instance, completed; three user tasks, one per lane,
    each completed once by someone and none open; the review trail ``EXPECTED_EVENTS``; the outbox rows
    ``EXPECTED_OUTBOX``. Over the database: no incident; every event row delivered with one in-app
    notification per recipient (its ``recipient_ids`` and the members of its candidate group, as
    ``candidates.group_members`` says), no more, no fewer; every e-mail row delivered, one per in-app
    notification (every account has a 工号 mailbox, no one opted out), and received by the SMTP server
    exactly once (its ``X-Outbox-Key``)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Incident, Notification, OutboxMessage, ProcessInstance, Record, ReviewEvent, UserTask
    from app.services.candidates import group_members
    checks = Checks()
    problems = checks.problems
    with app.app_context():
        session = db.session
        wanted = set(record_ids)
        if len(wanted) != len(record_ids):
            problems.append(f"{len(record_ids) - len(wanted)} record ids reported twice by the clients")
        records = {r.id: r.status for r in session.execute(select(Record.id, Record.status).where(Record.id.in_(wanted)))}
        checks.records = sum(1 for status in records.values() if status == "approved")
        for record_id in sorted(wanted - records.keys()):
            problems.append(f"record {record_id}: missing")
        for record_id, status in session.execute(select(Record.id, Record.status).where(Record.id.not_in(wanted))):
            problems.append(f"record {record_id}: {status}, its lifecycle reported by no client (a request made twice, "
                            "or a lifecycle that failed)")
        for record_id, status in sorted(records.items()):
            if status != "approved":
                problems.append(f"record {record_id}: status {status}, expected approved (已完成)")
        instances: dict[int, list[str]] = {}
        for record_id, status in session.execute(select(ProcessInstance.record_id, ProcessInstance.status)
                                                 .where(ProcessInstance.record_id.in_(wanted))):
            instances.setdefault(record_id, []).append(status)
        tasks: dict[int, list[tuple[str, str, int | None]]] = {}
        for record_id, lane, status, completed_by in session.execute(
                select(UserTask.record_id, UserTask.lane, UserTask.status, UserTask.completed_by_id)
                .where(UserTask.record_id.in_(wanted))):
            tasks.setdefault(record_id, []).append((lane, status, completed_by))
        events: dict[int, Counter] = {}
        for record_id, action, lane in session.execute(select(ReviewEvent.record_id, ReviewEvent.action, ReviewEvent.lane)
                                                       .where(ReviewEvent.record_id.in_(wanted))):
            events.setdefault(record_id, Counter())[(action, lane)] += 1
        for record_id in sorted(records):
            if instances.get(record_id) != ["completed"]:
                problems.append(f"record {record_id}: process instances {instances.get(record_id)}, expected one completed")
            rows = tasks.get(record_id, [])
            if sorted(lane for lane, _, _ in rows) != ["dept", "hr", "unit"] or any(
                    status != "completed" or by is None for _, status, by in rows):
                problems.append(f"record {record_id}: user tasks {sorted(rows, key=str)}, expected one completed "
                                "task in each of unit, dept and hr")
            checks.tasks += sum(1 for _, status, _ in rows if status == "completed")
            trail = events.get(record_id, Counter())
            checks.events += sum(trail.values())
            if trail != EXPECTED_EVENTS:
                problems.append(f"record {record_id}: review events {dict(trail)}, expected {dict(EXPECTED_EVENTS)}")
        incidents = session.execute(select(Incident.record_id, Incident.error_type, Incident.message)).all()
        problems += [f"incident on record {r}: {kind} {message[:200]}" for r, kind, message in incidents]

        outbox = session.execute(select(OutboxMessage.id, OutboxMessage.event_type, OutboxMessage.status,
                                        OutboxMessage.payload, OutboxMessage.dedupe_key)).all()
        notified = Counter(session.execute(select(Notification.outbox_id, Notification.recipient_id)).tuples())
        per_record: dict[int, Counter] = {}
        expected_mails: set[tuple[int, int]] = set()
        groups: dict[tuple, set[int]] = {}
        for message_id, event_type, status, payload, key in outbox:
            if event_type == "email":
                continue
            checks.outbox_rows += 1
            link = str(payload.get("link") or "")
            if link.startswith("/records/"):
                per_record.setdefault(int(link.rsplit("/", 1)[1]), Counter())[event_type] += 1
            if status != "delivered":
                problems.append(f"outbox row {message_id} ({key}): {status}, expected delivered")
            recipients = {int(i) for i in payload.get("recipient_ids") or []}
            if payload.get("candidate_role"):
                group = (payload["candidate_role"], payload.get("candidate_unit_id"), payload.get("candidate_category"))
                if group not in groups:
                    groups[group] = group_members(session, *group)
                recipients |= groups[group]
            got = {recipient: n for (outbox_id, recipient), n in notified.items() if outbox_id == message_id}
            if got != dict.fromkeys(recipients, 1):
                problems.append(f"outbox row {message_id} ({key}): in-app notifications {got}, "
                                f"expected one for each of {sorted(recipients)}")
            checks.in_app += sum(got.values())
            expected_mails |= {(message_id, recipient) for recipient in recipients}
        for record_id in sorted(records):
            if per_record.get(record_id, Counter()) != EXPECTED_OUTBOX:
                problems.append(f"record {record_id}: outbox rows {dict(per_record.get(record_id, {}))}, "
                                f"expected {dict(EXPECTED_OUTBOX)}")
        mails = {key: (status, payload) for _, event_type, status, payload, key in outbox if event_type == "email"}
        checks.email_rows = len(mails)
        for key, (status, _) in sorted(mails.items()):
            if status != "delivered":
                problems.append(f"e-mail {key}: {status}, expected delivered")
        made = Counter((int(payload["source_id"]), int(payload["recipient_id"])) for _, payload in mails.values())
        if made != Counter(dict.fromkeys(expected_mails, 1)):
            missing, doubled = expected_mails - made.keys(), [pair for pair, n in made.items() if n > 1]
            extra = made.keys() - expected_mails
            problems.append(f"e-mail rows: missing {sorted(missing)[:10]}, doubled {doubled[:10]}, "
                            f"unexpected {sorted(extra)[:10]}")
        db.session.close()
    received = Counter(smtp.sink.keys())
    checks.mails_received = sum(received.values())
    if received != Counter(dict.fromkeys(mails, 1)):
        missing = mails.keys() - received.keys()
        doubled = {key: n for key, n in received.items() if n > 1}
        unknown = received.keys() - mails.keys()
        problems.append(f"SMTP server: missing {sorted(missing)[:10]} ({len(missing)}), doubled {doubled}, "
                        f"unknown {sorted(unknown)[:10]}")
    return checks
