"""Read state, preferences, digest, 催办 and the failed-row list (catalog §3.9, issue 13)."""
from datetime import timedelta

from sqlalchemy import select, update

from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, create


def _relay(app):
    from app.services.messaging import notifications
    with app.app_context():
        def deliver(message_id):
            _, follow_ups = notifications.deliver_or_record(message_id)
            for follow_up in follow_ups:
                notifications.deliver_or_record(follow_up)
        notifications.relay_pending(deliver)


def test_the_bell_counts_unread_and_mark_read_works_one_and_all(login_as, app):
    teacher = login_as(TEACHER_JSGZB)
    for _ in range(3):
        create(teacher, "T04", SEED000_T04, submit=True)
    _relay(app)
    unit = login_as(UNIT_ADMIN_JSGZB)
    assert unit.ok("GET", "/api/v1/notifications/summary") == {"unread": 3, "total": 3}
    items = unit.ok("GET", "/api/v1/notifications", query_string={"page_size": 2})
    assert len(items) == 2 and items[0]["link"].startswith("/records/") and items[0]["event_type"] == "task_created"
    assert len(unit.ok("GET", "/api/v1/notifications", query_string={"page_size": 2, "page": 2})) == 1
    assert unit.ok("POST", f"/api/v1/notifications/{items[0]['id']}/read") == {"marked": 1}
    assert unit.ok("POST", f"/api/v1/notifications/{items[0]['id']}/read") == {"marked": 0}
    assert unit.ok("GET", "/api/v1/notifications/summary")["unread"] == 2
    assert teacher.request("POST", f"/api/v1/notifications/{items[0]['id']}/read").status_code == 404
    assert unit.ok("POST", "/api/v1/notifications/read-all") == {"marked": 2}
    assert unit.ok("GET", "/api/v1/notifications", query_string={"unread": True}) == []


def test_preferences_choose_which_events_come_by_mail(login_as, app, monkeypatch):
    from app.extensions import db
    from app.models import OutboxMessage
    monkeypatch.setitem(app.config, "MAIL_ADDRESS_DOMAIN", "example.edu.cn")
    monkeypatch.setitem(app.config, "DIGEST_SECONDS", 0)
    unit = login_as(UNIT_ADMIN_JSGZB)
    prefs = unit.ok("GET", "/api/v1/notifications/preferences")["items"]
    assert {"event_type": "task_created", "label": "有待我审核的记录", "email": True} in prefs
    changed = unit.ok("PUT", "/api/v1/notifications/preferences",
                      json={"items": [{"event_type": "task_created", "email": False}]})["items"]
    assert {"event_type": "task_created", "label": "有待我审核的记录", "email": False} in changed
    assert unit.request("PUT", "/api/v1/notifications/preferences",
                        json={"items": [{"event_type": "nonsense", "email": False}]}).status_code == 422
    create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    _relay(app)
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "email")).all()
        assert UNIT_ADMIN_JSGZB + "@example.edu.cn" not in [m.payload["to"] for m in mails]
        assert all(m.status == "recorded" for m in mails)        # MAIL_ENABLED off: recorded, not sent
    assert len(unit.ok("GET", "/api/v1/notifications")) == 1     # in-app always


def test_many_new_tasks_make_one_digest_mail_per_window(login_as, app, monkeypatch):
    from app.extensions import db
    from app.models import OutboxMessage
    from app.services.messaging import notifications
    monkeypatch.setitem(app.config, "MAIL_ADDRESS_DOMAIN", "example.edu.cn")
    monkeypatch.setitem(app.config, "DIGEST_SECONDS", 3600)
    teacher = login_as(TEACHER_JSGZB)
    for _ in range(3):
        create(teacher, "T04", SEED000_T04, submit=True)
    _relay(app)
    with app.app_context():
        to = f"{UNIT_ADMIN_JSGZB}@example.edu.cn"
        digests = [m for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "email"))
                   if m.payload["to"] == to]
        assert len(digests) == 1 and len(digests[0].payload["items"]) == 3 and digests[0].status == "pending"
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == digests[0].id)
                           .values(next_attempt_at=digests[0].next_attempt_at - timedelta(hours=2)))
        notifications.deliver(digests[0].id)
        db.session.expire_all()
        sent = db.session.get(OutboxMessage, digests[0].id)
        assert sent.payload["subject"] == "您有 3 条待审核记录" and "您有 3 条待审核记录" in sent.payload["text"]


def test_urge_is_refused_too_early_then_allowed_once_a_day_and_shown_in_the_trail(login_as, app, monkeypatch):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    early = teacher.request("POST", f"/api/v1/records/{record['id']}/urge")
    assert early.status_code == 409 and early.get_json()["message"] == "记录等待审核超过 3 天后才能催办"
    monkeypatch.setitem(app.config, "URGE_AFTER_DAYS", 0)
    urged = teacher.ok("POST", f"/api/v1/records/{record['id']}/urge", 201)
    assert urged["record_id"] == record["id"]
    again = teacher.request("POST", f"/api/v1/records/{record['id']}/urge")
    assert again.status_code == 409 and again.get_json()["message"] == "今天已催办过"
    assert login_as(UNIT_ADMIN_JSGZB).request("POST", f"/api/v1/records/{record['id']}/urge").status_code == 404
    trail = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")
    entries = trail["items"] if isinstance(trail, dict) else trail
    assert any(e.get("action") == "urge" for e in entries), entries
    _relay(app)
    titles = [n["title"] for n in login_as(UNIT_ADMIN_JSGZB).ok("GET", "/api/v1/notifications")]
    assert any(t.startswith("催办：") for t in titles)


def test_failed_rows_are_listed_and_retried_by_the_cli(app, ctx, monkeypatch):
    from app.extensions import db
    from app.models import OutboxMessage
    from app.services.messaging import notifications
    from app.services.uow import unit_of_work
    monkeypatch.setitem(app.config, "MAIL_ENABLED", True)
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)             # nothing listens: connection refused
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 1)
    with unit_of_work() as session:
        row = OutboxMessage(event_type="email", dedupe_key="email:test:1",
                            payload={"to": "x@example.edu.cn", "subject": "s", "text": "t", "html": None})
        session.add(row)
    assert notifications.deliver_or_record(row.id) == (0, [])
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "failed"
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["outbox", "failed"])
    assert f"{row.id}\temail\tx@example.edu.cn\t1\t" in listed.output and "1 failed message(s)" in listed.output
    assert "queued again" in runner.invoke(args=["outbox", "retry", str(row.id)]).output
    assert "只有发送失败的消息可以重试" in runner.invoke(args=["outbox", "retry", str(row.id)]).output
