"""Notifications on a real Redis, a real worker process and a real SMTP server (issue 13).

Each test starts ``celery -A celery_worker worker -B`` as a separate process on this run's own queue and
PostgreSQL schema, and an aiosmtpd server on 127.0.0.1; nothing runs eagerly.
"""
import time
from collections import Counter

import pytest
from sqlalchemy import select

from conftest import CELERY_QUEUE, DATABASE_URL, REDIS_URL, _Config, redis_celery_settings, requires_redis
from flows import SEED000_T04, TEACHER_JSGZB
from notify_support import SmtpServer, WorkerProcess, wait_for

DOMAIN = "example.edu.cn"

pytestmark = [requires_redis, pytest.mark.committed]


def _worker(tmp_path, smtp, **env):
    return WorkerProcess(database_url=DATABASE_URL, redis_url=REDIS_URL, queue=CELERY_QUEUE, workdir=tmp_path, env={
        "MAIL_ENABLED": "1", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_ADDRESS_DOMAIN": DOMAIN,
        "DIGEST_SECONDS": "0", "OUTBOX_CLAIM_SECONDS": "3", **env})


def _broker_app(broker_url=None):
    from app import create_app

    class BrokerConfig(_Config):
        CELERY = {**redis_celery_settings(), **({"broker_url": broker_url} if broker_url else {})}
        OUTBOX_NUDGE = True
        MAIL_ADDRESS_DOMAIN = DOMAIN
        DIGEST_SECONDS = 0
    return create_app(BrokerConfig)


def _submit(flask_app) -> tuple[int, set[int], float]:
    """Submit the seed-000 T04 record; returns its id, the eligible reviewers of the first lane (the
    candidate-group module) and how long the submit took."""
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import User, UserTask
    from app.services.candidates import group_members
    from app.services.records import lifecycle as records
    with flask_app.app_context():
        teacher = principal_from_user(db.session.scalar(select(User).where(User.account == TEACHER_JSGZB)))
        started = time.perf_counter()
        record = records.create_record(teacher, record_type="T04", data=SEED000_T04, submit=True)
        elapsed = time.perf_counter() - started
        task = db.session.scalar(select(UserTask).where(UserTask.record_id == record.id, UserTask.status == "open"))
        reviewers = group_members(db.session, task.candidate_role, task.candidate_unit_id, task.candidate_category)
        return record.id, reviewers, elapsed


def _in_app(flask_app) -> Counter:
    from app.extensions import db
    from app.models import Notification
    with flask_app.app_context():
        rows = db.session.execute(select(Notification.recipient_id, Notification.event_type)).all()
        db.session.close()
    return Counter(rows)


def _emails_of(flask_app) -> dict[str, str]:
    from app.extensions import db
    from app.models import OutboxMessage
    with flask_app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "email")).all()
        out = {row.dedupe_key: row.status for row in rows}
        db.session.close()
    return out


def _accounts(flask_app, ids: set[int]) -> set[str]:
    from app.extensions import db
    from app.models import User
    with flask_app.app_context():
        return {f"{a}@{DOMAIN}" for a in db.session.scalars(select(User.account).where(User.id.in_(ids)))}


def test_submit_tells_each_eligible_reviewer_once_in_app_and_once_by_mail(app, db_session, tmp_path):
    broker_app = _broker_app()
    with SmtpServer() as smtp, _worker(tmp_path, smtp) as worker:
        _, reviewers, _ = _submit(broker_app)
        assert reviewers, "the seed organisation has reviewers for the first lane"
        expected = {(user_id, "task_created"): 1 for user_id in reviewers}
        assert wait_for(lambda: len(smtp.sink.messages) >= len(reviewers) and _in_app(app) == expected, 30), \
            worker.output()
        time.sleep(2)           # a few more relays: nothing arrives twice
        assert _in_app(app) == expected
        assert sorted(m["to"] for m in smtp.sink.messages) == sorted(_accounts(app, reviewers))
        assert len(set(smtp.sink.keys())) == len(smtp.sink.messages)
        assert all(m["subject"].startswith("待审核：") for m in smtp.sink.messages)


def test_broker_down_during_submit_answers_at_once_and_delivers_later_exactly_once(app, db_session, tmp_path):
    down_app = _broker_app("redis://127.0.0.1:1/0")         # nothing listens there
    _, reviewers, elapsed = _submit(down_app)
    assert elapsed < 1.0, f"submit took {elapsed:.2f}s with the broker down"
    time.sleep(1.5)                                         # the nudge has failed by now
    assert _in_app(app) == Counter()
    with SmtpServer() as smtp, _worker(tmp_path, smtp) as worker:     # the broker is back
        expected = {(user_id, "task_created"): 1 for user_id in reviewers}
        assert wait_for(lambda: len(smtp.sink.messages) >= len(reviewers) and _in_app(app) == expected, 30), \
            worker.output()
        time.sleep(2)
        assert _in_app(app) == expected and len(smtp.sink.messages) == len(reviewers)


def test_a_worker_killed_mid_delivery_is_replaced_and_delivers_exactly_once(app, db_session, tmp_path):
    broker_app = _broker_app()
    with SmtpServer() as smtp:
        slow = _worker(tmp_path, smtp, OUTBOX_TEST_SEND_DELAY="4").start()
        try:
            _, reviewers, _ = _submit(broker_app)
            # in-app rows are made, then the worker sits inside the first e-mail delivery (row locked)
            assert wait_for(lambda: len(_in_app(app)) == len(reviewers), 20), slow.output()
            time.sleep(1.0)
        finally:
            slow.kill()
        assert smtp.sink.messages == []
        assert set(_emails_of(app).values()) == {"pending"}
        with _worker(tmp_path, smtp) as fresh:
            assert wait_for(lambda: len(smtp.sink.messages) >= len(reviewers), 40), fresh.output()
            time.sleep(2)
        assert Counter(smtp.sink.keys()) == Counter(dict.fromkeys(_emails_of(app), 1))
        assert set(_emails_of(app).values()) == {"delivered"}
        assert _in_app(app) == {(user_id, "task_created"): 1 for user_id in reviewers}


def test_smtp_refusing_is_retried_with_back_off_then_listed_as_failed(app, db_session, tmp_path):
    from app.extensions import db
    from app.services.messaging import notifications
    broker_app = _broker_app()
    with SmtpServer() as smtp, _worker(tmp_path, smtp, OUTBOX_MAX_ATTEMPTS="3",
                                       OUTBOX_RETRY_BASE_SECONDS="0.5") as worker:
        smtp.sink.refuse = True
        _, reviewers, _ = _submit(broker_app)
        assert wait_for(lambda: set(_emails_of(app).values()) == {"failed"}, 40), worker.output()
    assert smtp.sink.refusals == 3 * len(reviewers)             # three attempts each, then given up
    with app.app_context():
        failed = notifications.failed_messages()
        assert {row.attempts for row in failed} == {3}
        assert all("554" in (row.last_error or "") and "refused" in (row.last_error or "") for row in failed)
        db.session.close()
    assert _in_app(app) == {(user_id, "task_created"): 1 for user_id in reviewers}     # no in-app duplicate
