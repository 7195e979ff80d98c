"""The shared T03 file (tests/fixtures/imports, see its README): preview and commit by 高远 (catalog §4.1)."""
from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from flows import DEPT, task_for
from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed, rows_of, uploaded


def test_shared_t03_preview_matches_its_readme(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    assert (batch["valid_count"], batch["invalid_count"], batch["total_rows"]) == (10, 6, 16)
    valid = rows_of(admin, batch["id"], valid=True)
    assert [r["row"] for r in valid] == [2, 3, 4, 5, 6, 8, 9, 10, 14, 15]
    assert sum(float(r["cells"]["工作量"]) for r in valid) == 79
    invalid = {r["row"]: [e["text"] for e in r["errors"]] for r in rows_of(admin, batch["id"], valid=False)}
    assert invalid == {
        7: ["第 7 行，“教职工账号”：账号不存在"],
        11: ["第 11 行，“教职工姓名”：姓名与账号不符"],
        12: ["第 12 行，“类型”：“阅卷”不在可选值中"],
        13: ["第 13 行，“教职工账号”：该教职工不属于本单位"],
        16: ["第 16 行，“场次”：必填"],
        17: ["第 17 行：与第 2 行重复"],
    }


def test_mapping_is_proposed_with_account_lookup(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = uploaded(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    assert batch["sheets"] == ["临床医学专业水平测试"] and batch["sheet"] == "临床医学专业水平测试"
    columns = {c["header"]: c["target"] for c in batch["columns"]}
    assert columns["教职工账号"] == "用户 › 账号" and columns["场次"] == "场次"
    assert batch["missing_required"] == [] and batch["warnings"] == []


def test_commit_creates_exactly_the_ten_records_waiting_at_jiaowubu(login_as, app):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    started = admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert started["status"] in ("committing", "committed")
    done = admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")
    assert done["status"] == "committed" and done["imported_count"] == 10
    assert done["progress"] == {"percent": 100, "done": 10, "total": 10}
    with app.app_context():
        from app.extensions import db
        from app.models import ImportRow, ProcessInstance, Record
        records = db.session.scalars(sa.select(Record).where(Record.import_batch_id == batch["id"])).all()
        assert len(records) == 10
        assert {r.status for r in records} == {"in_review"} and {r.current_lane for r in records} == {"dept"}
        assert {r.origin for r in records} == {"unit_import"}
        assert {r.owner.account for r in records} == {"05010001", "05010002", "05010003", "05019001"}
        assert {r.submitter.account for r in records} == {UNIT_ADMIN_YXY}
        assert sum(r.workload for r in records) == 79
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessInstance)
                                 .where(ProcessInstance.record_id.in_([r.id for r in records]))) == 10
        linked = db.session.scalars(sa.select(ImportRow.record_id).where(ImportRow.batch_id == batch["id"],
                                                                         ImportRow.is_valid.is_(True))).all()
        assert sorted(linked) == sorted(r.id for r in records)
        record_id = records[0].id
    jiaowu = login_as(DEPT["教务部"])
    assert task_for(jiaowu, record_id) is not None
    teacher = login_as("05010001")
    mine = teacher.ok("GET", "/api/v1/records", query_string={"status": "in_review", "page_size": 50})
    assert mine["total"] == 3          # rows 2, 3 and 14


def test_invalid_rows_export_adds_reason_column(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    response = admin.get(f"/api/v1/imports/batches/{batch['id']}/invalid-rows.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and len(rows) == 7
    assert rows[1][0] == "05010099" and rows[1][-1] == "第 7 行，“教职工账号”：账号不存在"
    assert isinstance(rows[1][2], int)       # 考核年度 stays a number
