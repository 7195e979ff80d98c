"""Notifications go through an outbox written in the state change's transaction (catalog §3.9)."""
from sqlalchemy import select

from conftest import _Config       # at import: run time may see another tests/**/conftest.py as "conftest"
from flows import DEPT, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create


def _outbox():
    from app.extensions import db
    from app.models import OutboxMessage
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_submitting_writes_a_task_created_row_for_the_unit_lane(login_as, app):
    create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    with app.app_context():
        rows = _outbox()
        assert [r.event_type for r in rows] == ["task_created"]
        assert rows[0].payload["candidate_role"] == "unit_admin" and rows[0].status == "pending"


def test_a_failed_submission_writes_no_outbox_row(login_as, app):
    teacher = login_as(TEACHER_JSGZB)
    draft = create(teacher, "T04", {"task_type": "监考"})
    assert teacher.post(f"/api/v1/records/{draft['id']}/submit", json={}).status_code == 422
    with app.app_context():
        assert _outbox() == []


def test_delivery_notifies_the_candidate_group_once_even_if_repeated(login_as, app):
    from app.services.messaging import notifications
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    with app.app_context():
        message_id = _outbox()[0].id
        assert notifications.deliver(message_id) == 1
        assert notifications.deliver(message_id) == 0             # at-least-once delivery, idempotent
    unit = login_as(UNIT_ADMIN_JSGZB)
    assert [n["title"] for n in unit.ok("GET", "/api/v1/notifications")] == [
        "待审核：其他上级部门要求承办的各类考试（个人）（赵志睿）"]
    act(unit, record["id"])
    act(login_as(DEPT["教务部"]), record["id"], "return", comment="场次有误")
    with app.app_context():
        sent = []
        notifications.relay_pending(lambda mid: sent.append(notifications.deliver(mid)))
        assert sum(sent) >= 2
    titles = [n["title"] for n in teacher.ok("GET", "/api/v1/notifications")]
    assert "其他上级部门要求承办的各类考试（个人）被退回" in titles


def test_without_a_broker_the_nudge_delivers_in_process(login_as, app, monkeypatch):
    """The embedded set-up (no Redis): the after-commit nudge runs ``outbox.relay`` eagerly, reached by
    its registered name (services never import app.tasks)."""
    monkeypatch.setitem(app.config, "OUTBOX_NUDGE", True)
    create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    with app.app_context():
        assert [r.status for r in _outbox()] == ["delivered"]
    assert [n["title"] for n in login_as(UNIT_ADMIN_JSGZB).ok("GET", "/api/v1/notifications")] == [
        "待审核：其他上级部门要求承办的各类考试（个人）（赵志睿）"]


def test_the_in_process_relay_delivers_through_its_own_app_when_another_app_is_the_default(
        login_as, app, monkeypatch):
    """A second Flask app in the process makes its Celery app Celery's default; the relay run by this
    app's nudge still delivers through this app (its database connection), not the other one."""
    import celery._state

    from app import create_app
    monkeypatch.setattr(celery._state, "default_app", celery._state.default_app)   # restored afterwards
    other = create_app(_Config)
    assert celery._state.default_app is other.extensions["celery"] is not app.extensions["celery"]
    monkeypatch.setitem(app.config, "OUTBOX_NUDGE", True)
    create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    with app.app_context():
        assert [r.status for r in _outbox()] == ["delivered"]
