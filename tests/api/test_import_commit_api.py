"""The commit is one transaction (catalog §4.1 step 6): a failure half-way leaves nothing behind."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed


def _counts(app) -> dict[str, int]:
    with app.app_context():
        from app.extensions import db
        from app.models import Notification, OutboxMessage, ProcessInstance, Record, ReviewEvent, UserTask
        return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Record, ProcessInstance, UserTask, ReviewEvent, OutboxMessage, Notification)}


def test_a_commit_failing_at_row_7_leaves_no_record_and_no_process(login_as, app, monkeypatch):
    from app.services.records import lifecycle
    real, calls = lifecycle.start_imported, []

    def refusing(session, *args, **kwargs):
        calls.append(1)
        if len(calls) == 7:
            raise IntegrityError("INSERT INTO process_instance …", {}, Exception("the database refused row 7"))
        return real(session, *args, **kwargs)

    monkeypatch.setattr(lifecycle, "start_imported", refusing)
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    before = _counts(app)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert len(calls) == 7
    assert _counts(app) == before
    failed = admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")
    assert failed["status"] == "failed" and failed["imported_count"] == 0
    assert failed["error"] == "导入失败，未导入任何数据，请稍后重试"
    with app.app_context():
        from app.extensions import db
        from app.models import ImportRow
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportRow)
                                 .where(ImportRow.batch_id == batch["id"], ImportRow.record_id.is_not(None))) == 0

    monkeypatch.setattr(lifecycle, "start_imported", real)          # the admin tries again: all ten
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")["imported_count"] == 10


def test_commit_twice_is_refused_and_preview_after_commit_too(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    again = admin.post(f"/api/v1/imports/batches/{batch['id']}/commit")
    assert again.status_code == 409 and again.get_json()["message"] == "当前导入状态为「已导入」，不能导入"
    assert admin.post(f"/api/v1/imports/batches/{batch['id']}/preview").status_code == 409


def test_commit_without_valid_rows_is_refused(login_as):
    from imports_support import T03_HEADERS, xlsx_bytes
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, xlsx_bytes([T03_HEADERS, ["05010099", None, 2025, "监考", "2025-06-14", 1, 4, None]]))
    response = admin.post(f"/api/v1/imports/batches/{batch['id']}/commit")
    assert response.status_code == 409 and response.get_json()["message"] == "没有有效数据可导入"


def test_progress_is_reported_while_the_transaction_is_open(login_as, app, monkeypatch):
    from app.services.imports import progress, unit_imports
    seen = []
    real = progress.report
    monkeypatch.setattr(unit_imports, "PROGRESS_EVERY", 3)
    monkeypatch.setattr(progress, "report",
                        lambda batch_id, done, total: (seen.append((done, total)), real(batch_id, done, total)))
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert seen == [(0, 10), (3, 10), (6, 10), (9, 10), (10, 10)]
