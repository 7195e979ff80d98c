"""The outbox nudge keeps one broker connection between nudges, and replaces one that broke
(app/services/messaging/notifications.py, BrokerNudger)."""
import logging
from types import SimpleNamespace

from app.services.messaging import notifications
from app.services.messaging.notifications import BrokerNudger


class FakeConnection:
    def __init__(self) -> None:
        self.closed = False
        self.broken = False

    def close(self) -> None:
        self.closed = True


class FakeCelery:
    """What the nudger uses of a Celery app: a connection per ``connection_for_write``, a producer on
    it, and ``send_task``, which fails on a broken connection or while the broker is down."""

    def __init__(self) -> None:
        self.connections: list[FakeConnection] = []
        self.sent: list[FakeConnection] = []
        self.down = False
        self.amqp = SimpleNamespace(Producer=lambda connection: SimpleNamespace(connection=connection))

    def connection_for_write(self, **_options) -> FakeConnection:
        self.connections.append(FakeConnection())
        return self.connections[-1]

    def send_task(self, name: str, *, producer, retry: bool) -> None:
        assert name == "outbox.relay" and retry is False
        if self.down or producer.connection.broken:
            raise ConnectionError("broker gone")
        self.sent.append(producer.connection)


def test_nudges_share_one_connection():
    celery = FakeCelery()
    nudger = BrokerNudger(celery, 1.0)
    assert nudger.send_now() and nudger.send_now() and nudger.send_now()
    assert len(celery.connections) == 1 and celery.sent == celery.connections * 3


def test_a_broken_kept_connection_is_replaced_at_once():
    celery = FakeCelery()
    nudger = BrokerNudger(celery, 1.0)
    assert nudger.send_now()
    celery.connections[0].broken = True              # the broker restarted
    assert nudger.send_now()                         # the same nudge goes out on a new connection
    assert [c.closed for c in celery.connections] == [True, False]
    assert celery.sent == [celery.connections[0], celery.connections[1]]


def test_a_broker_that_is_down_fails_the_nudge_and_the_next_one_connects_again(caplog):
    celery = FakeCelery()
    nudger = BrokerNudger(celery, 1.0)
    assert nudger.send_now()
    celery.down = True
    with caplog.at_level(logging.WARNING, logger=notifications.__name__):
        assert not nudger.send_now()                     # kept one fails, the new one fails: logged, dropped
    assert "outbox nudge failed" in caplog.text
    assert all(c.closed for c in celery.connections) and len(celery.connections) == 2
    celery.down = False
    assert nudger.send_now()
    assert len(celery.connections) == 3 and celery.sent[-1] is celery.connections[2]
