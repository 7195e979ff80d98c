"""The outbox relay (issue 8, finding 8): rows are claimed before they are handed out, so a second
relay never re-queues what is being delivered; ``flask outbox relay`` drains everything due."""
from datetime import timedelta

from sqlalchemy import select, update

from flows import SEED000_T04, TEACHER_JSGZB, create


def _add_messages(n: int) -> None:
    from app.extensions import db
    from app.models import OutboxMessage
    db.session.add_all(OutboxMessage(event_type="test", payload={"title": "t", "recipient_ids": []},
                                     dedupe_key=f"relay-test:{i}") for i in range(n))
    db.session.commit()


def test_a_second_relay_does_not_requeue_rows_being_delivered(login_as, app):
    from app.extensions import db
    from app.models import OutboxMessage, utcnow
    from app.services.messaging import notifications
    for sessions in (1, 2):
        create(login_as(TEACHER_JSGZB), "T04", {**SEED000_T04, "sessions": sessions}, submit=True)
    with app.app_context():
        first, second = [], []
        assert notifications.relay_pending(first.append) == 2
        assert notifications.relay_pending(second.append) == 0         # claimed: not handed out again
        assert first and not second
        db.session.execute(update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        again = []
        assert notifications.relay_pending(again.append) == 2           # the worker died: the lease ran out
        assert sorted(again) == sorted(first)


def test_a_failed_send_releases_the_rest_of_the_batch(login_as, app):
    import pytest

    from app.services.messaging import notifications
    for sessions in (1, 2, 3):
        create(login_as(TEACHER_JSGZB), "T04", {**SEED000_T04, "sessions": sessions}, submit=True)
    with app.app_context():
        def broker_down(message_id: int) -> None:
            raise ConnectionError("broker down")
        with pytest.raises(ConnectionError):
            notifications.relay_pending(broker_down)
        sent = []
        assert notifications.relay_pending(sent.append) == 3


def test_flask_outbox_relay_drains_everything_due(app, db_session):
    from app.models import OutboxMessage
    with app.app_context():
        _add_messages(450)
    result = app.test_cli_runner().invoke(args=["outbox", "relay"])
    assert result.exit_code == 0, result.output
    assert "relayed 450 message(s)" in result.output
    with app.app_context():
        from app.extensions import db
        assert set(db.session.scalars(select(OutboxMessage.status))) == {"delivered"}
