"""导入完成 (issue 13): the commit tells the importing unit admin, through the outbox in the commit's own
transaction, besides the one 「单位已为您导入 N 条…」 per affected teacher (catalog §3.9)."""
from __future__ import annotations

import sqlalchemy as sa

from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed


def _outbox(app, event_type: str) -> list:
    from app.extensions import db
    from app.models import OutboxMessage
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.event_type == event_type)
                                  .order_by(OutboxMessage.id)).all()
        return [(row.id, row.payload, row.dedupe_key) for row in rows]


def test_the_admin_gets_one_import_finished_and_each_teacher_one_summary(login_as, app):
    from app.extensions import db
    from app.models import Notification, User
    from app.services.messaging import templates
    from app.services.messaging.notifications import deliver
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    assert _outbox(app, "import_finished") == []
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    finished = _outbox(app, "import_finished")
    assert len(finished) == 1
    outbox_id, payload, key = finished[0]
    assert key == f"import_finished:{batch['id']}"
    assert payload["title"] == "「临床医学专业水平测试」导入完成：已导入 10 条，无效数据 6 条未导入"
    assert payload["body"] == SHARED_T03.name and payload["link"] == "/imports?type=T03"
    assert len(_outbox(app, "records_imported")) == 4                   # one per affected teacher, as before
    with app.app_context():
        admin_id = db.session.scalar(sa.select(User.id).where(User.account == UNIT_ADMIN_YXY))
        assert payload["recipient_ids"] == [admin_id]
        assert deliver(outbox_id) == 1
        told = db.session.scalars(sa.select(Notification).where(Notification.event_type == "import_finished")).all()
        assert [(n.recipient_id, n.title, n.link) for n in told] == [(admin_id, payload["title"], "/imports?type=T03")]
    text, html = templates.render("import_finished", {**payload, "url": "http://hr.example.edu.cn/imports?type=T03"})
    assert text.lstrip().startswith("「临床医学专业水平测试」导入完成") and f"导入文件：{SHARED_T03.name}" in text
    assert "查看导入记录：http://hr.example.edu.cn/imports?type=T03" in html
    summary, _html = templates.render("records_imported", {"title": "单位已为您导入 3 条「临床医学专业水平测试」记录，正在审核中",
                                                           "body": SHARED_T03.name, "url": "u"})
    assert summary.lstrip().startswith("单位已为您导入 3 条") and "抄送" not in summary          # its own template, not cc's


def test_a_failed_commit_tells_nobody_that_it_finished(login_as, app, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from app.services.records import lifecycle
    real = lifecycle.start_imported

    def refusing(session, *args, **kwargs):
        raise IntegrityError("INSERT INTO record …", {}, Exception("the database refused the row"))

    monkeypatch.setattr(lifecycle, "start_imported", refusing)
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")["status"] == "failed"
    assert _outbox(app, "import_finished") == [] and _outbox(app, "records_imported") == []
    monkeypatch.setattr(lifecycle, "start_imported", real)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert len(_outbox(app, "import_finished")) == 1


def test_a_finished_batch_names_its_type_also_to_its_uploader_acting_as_teacher(login_as):
    """Can 高远, back in his 教职工 role, open his finished import's address and read the type's name?"""
    admin = login_as(UNIT_ADMIN_YXY)                     # 高远: teacher + 二级单位管理员 of 医学院
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    as_teacher = {"X-Active-Role": "teacher"}
    assert admin.ok("GET", "/api/v1/imports/types", headers=as_teacher) == []     # the teacher imports nothing
    finished = admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}", headers=as_teacher)
    assert finished["status"] == "committed"
    assert (finished["record_type"], finished["record_type_name"]) == ("T03", "临床医学专业水平测试")

