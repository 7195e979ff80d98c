"""A real Celery worker on the real Redis relays the outbox and delivers notifications."""
import time

import pytest
from sqlalchemy import select

from conftest import _Config, redis_celery_settings, requires_redis
from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB


@requires_redis
@pytest.mark.committed
def test_a_real_worker_delivers_the_outbox_through_redis(app, db_session):
    from celery.contrib.testing.worker import start_worker

    from app import create_app
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import Notification, OutboxMessage, User
    from app.services.records import lifecycle as records

    class RedisConfig(_Config):
        CELERY = redis_celery_settings()

    worker_app = create_app(RedisConfig)
    celery = worker_app.extensions["celery"]
    with worker_app.app_context():
        teacher = principal_from_user(db.session.scalar(select(User).where(User.account == TEACHER_JSGZB)))
        records.create_record(teacher, record_type="T04", data=SEED000_T04, submit=True)
        reviewer_id = db.session.scalar(select(User.id).where(User.account == UNIT_ADMIN_JSGZB))
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        celery.send_task("outbox.relay")
        deadline = time.monotonic() + 20
        delivered = []
        while time.monotonic() < deadline and not delivered:
            with worker_app.app_context():
                delivered = list(db.session.scalars(select(Notification).where(Notification.recipient_id == reviewer_id)))
            time.sleep(0.2)
    assert [n.title for n in delivered] == ["待审核：其他上级部门要求承办的各类考试（个人）（赵志睿）"]
    with worker_app.app_context():
        assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {"delivered"}
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()          # start_worker made the worker's app current
