"""A broker that accepts connections and never answers (issue 8, finding 3): submit still answers
within 1 s, the committed change stands, and the notification is delivered once a real broker is back."""
import socket
import threading
import time

import pytest
from sqlalchemy import select

from conftest import CELERY_QUEUE, _Config, redis_celery_settings, requires_redis
from config import celery_settings
from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB


class Tarpit:
    """A TCP server that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.server.close()
        for connection in self.accepted:
            connection.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@requires_redis
@pytest.mark.committed
@pytest.mark.parametrize("broker", ["tarpit", "refused"])
def test_submit_answers_within_a_second_whatever_the_broker_does(app, db_session, broker):
    from celery.contrib.testing.worker import start_worker

    from app import create_app
    from app.extensions import db
    from app.models import Notification, OutboxMessage, User

    tarpit = Tarpit() if broker == "tarpit" else None
    port = tarpit.port if tarpit else _closed_port()

    class HangingBroker(_Config):
        CELERY = {**celery_settings(f"redis://127.0.0.1:{port}/0", queue=CELERY_QUEUE), "beat_schedule": {}}
        OUTBOX_NUDGE = True

    class RealBroker(_Config):
        CELERY = redis_celery_settings()

    try:
        web_app = create_app(HangingBroker)
        token = app.config["TEST_TOKENS"][TEACHER_JSGZB]
        started = time.monotonic()
        response = web_app.test_client().post(
            "/api/v1/records", json={"record_type": "T04", "data": SEED000_T04, "submit": True},
            headers={"Authorization": f"Bearer {token}"})
        elapsed = time.monotonic() - started
        assert response.status_code == 201, response.get_json()
        assert elapsed < 1.0, elapsed
        if tarpit:
            deadline = time.monotonic() + 5
            while not tarpit.accepted and time.monotonic() < deadline:
                time.sleep(0.05)
            assert tarpit.accepted, "the nudge never reached the broker"
        with web_app.app_context():
            assert [m.status for m in db.session.scalars(select(OutboxMessage))] == ["pending"]
            reviewer_id = db.session.scalar(select(User.id).where(User.account == UNIT_ADMIN_JSGZB))

        worker_app = create_app(RealBroker)            # the real broker is back
        celery = worker_app.extensions["celery"]
        with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            celery.send_task("outbox.relay")
            deadline, delivered = time.monotonic() + 20, []
            while time.monotonic() < deadline and not delivered:
                with worker_app.app_context():
                    delivered = list(db.session.scalars(select(Notification).where(Notification.recipient_id == reviewer_id)))
                time.sleep(0.2)
        assert [n.title for n in delivered] == ["待审核：其他上级部门要求承办的各类考试（个人）（赵志睿）"]
    finally:
        if tarpit:
            tarpit.close()
        app.extensions["celery"].set_default()
        app.extensions["celery"].set_current()      # start_worker made the worker's app current
