"""Every file-level (catalog §4.1 step 3) and row-level (step 5) check with its exact message, on
generated .xlsx and .xls files; mapping (step 4); scope; same-file warning; notifications."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from flows import UNIT_ADMIN_JSJ
from imports_support import (SHARED_T03, T03_HEADERS, T03_ROW, UNIT_ADMIN_YXY, error_texts, previewed, rows_of, upload,
                             uploaded, xls_bytes, xlsx_bytes)

FORMATS = {"xlsx": (xlsx_bytes, "导入.xlsx"), "xls": (xls_bytes, "导入.xls")}


def _refusal(api, content: bytes, name: str, status: int = 422) -> str:
    response = upload(api, content, name)
    assert response.status_code == status, response.get_json()
    return response.get_json()["message"]


# ------------------------------------------------------------------ file-level checks

@pytest.mark.parametrize("fmt", FORMATS)
def test_header_checks(login_as, fmt):
    make, name = FORMATS[fmt]
    admin = login_as(UNIT_ADMIN_YXY)
    gap = ["教职工账号", "教职工姓名", None, "类型"]
    assert _refusal(admin, make([gap, T03_ROW[:4]]), name) == "表头第 3 列为空，请补全表头或删除该列"
    assert _refusal(admin, make([T03_HEADERS[:2], T03_ROW[:3]]), name) == "表头第 3 列为空，请补全表头或删除该列"
    twice = [*T03_HEADERS, "类型"]
    assert _refusal(admin, make([twice, T03_ROW]), name) == "表头“类型”重复"


@pytest.mark.parametrize("fmt", FORMATS)
def test_more_than_5000_rows_is_refused(login_as, fmt):
    make, name = FORMATS[fmt]
    admin = login_as(UNIT_ADMIN_YXY)
    rows = [T03_HEADERS] + [T03_ROW] * 5001
    assert _refusal(admin, make(rows), name) == "数据行超过 5000 行，请拆分后导入"
    assert uploaded(admin, make([T03_HEADERS] + [T03_ROW] * 5000), name)["total_rows"] == 5000


def test_extension_and_content_must_match(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    good_xlsx, good_xls = xlsx_bytes([T03_HEADERS, T03_ROW]), xls_bytes([T03_HEADERS, T03_ROW])
    only = "仅支持 *.xls 和 *.xlsx 文件"
    assert _refusal(admin, b"a,b\n1,2\n", "导入.csv") == only
    assert _refusal(admin, good_xlsx, "导入.xlsm") == only
    assert _refusal(admin, good_xlsx, "导入.xls") == only           # xlsx content named .xls
    assert _refusal(admin, good_xls, "导入.xlsx") == only           # xls content named .xlsx
    assert _refusal(admin, b"%PDF-1.7 not a workbook", "导入.xlsx") == only
    assert uploaded(admin, good_xls, "导入.XLS")["total_rows"] == 1


@pytest.mark.parametrize("content, name", [(b"PK\x03\x04" + b"\0" * 200, "坏.xlsx"),
                                           (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "坏.xls")])
def test_broken_workbooks_are_unreadable(login_as, content, name):
    assert _refusal(login_as(UNIT_ADMIN_YXY), content, name) == "文件无法读取，请另存为 xlsx 后重试"


def test_file_over_10mb_is_refused(login_as):
    content = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 10)
    assert _refusal(login_as(UNIT_ADMIN_YXY), content, "大.xlsx", status=413) == "文件超过 10MB"


def test_sheet_picker_lists_data_sheets_and_reads_the_chosen_one(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    content = xlsx_bytes([["说明"]], sheet="封面", extra_sheets={"数据": [T03_HEADERS, T03_ROW], "可选值": [["类型"], ["监考"]]})
    batch = uploaded(admin, content)
    assert batch["sheets"] == ["封面", "数据"] and batch["sheet"] == "封面"
    assert "必填字段“用户 › 账号”未映射" in batch["missing_required"]
    batch = admin.ok("PUT", f"/api/v1/imports/batches/{batch['id']}/sheet", json={"sheet": "数据"})
    assert batch["sheet"] == "数据" and batch["total_rows"] == 1 and batch["missing_required"] == []
    response = upload(admin, content, sheet="数据")
    assert response.status_code == 201 and response.get_json()["sheet"] == "数据"


# ------------------------------------------------------------------ mapping

def test_unmapped_required_field_blocks_the_next_step_and_extra_columns_warn(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    headers = ["工号", "教职工姓名", "考核年度", "类型", "考试日期", "场次", "工作量", "备注", "内部编号"]
    batch = uploaded(admin, xlsx_bytes([headers, [*T03_ROW, "X1"]]))
    assert batch["missing_required"] == ["必填字段“用户 › 账号”未映射"]
    assert "表格列“内部编号”未映射，将被忽略" in batch["warnings"]
    response = admin.post(f"/api/v1/imports/batches/{batch['id']}/preview")
    assert response.status_code == 422 and response.get_json()["message"] == "必填字段“用户 › 账号”未映射"
    response = admin.request("PUT", f"/api/v1/imports/batches/{batch['id']}/mapping", json={"mapping": {"场次": None}})
    assert response.status_code == 422
    assert {e["message"] for e in response.get_json()["errors"]} == {"必填字段“用户 › 账号”未映射", "必填字段“场次”未映射"}
    batch = admin.ok("PUT", f"/api/v1/imports/batches/{batch['id']}/mapping", json={"mapping": {"工号": "__account"}})
    assert batch["missing_required"] == [] and batch["warnings"] == ["表格列“内部编号”未映射，将被忽略"]
    batch = admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/preview")
    assert (batch["valid_count"], batch["invalid_count"]) == (1, 0)


# ------------------------------------------------------------------ row-level checks

def _check_rows(fmt: str) -> list[list]:
    a = datetime(2025, 6, 14)
    rows = [
        T03_HEADERS,
        ["05010001", "张伟", 2025, "监考", "2025-06-14", 2, 8, None],               # 2 valid
        ["05010099", "钱程", 2025, "监考", "2025-06-14", 1, 4, None],               # 3 unknown account
        ["02010001", "李明", 2025, "监考", "2025-06-14", 1, 4, None],               # 4 other unit
        ["05010002", "孙小丽", 2025, "监考", "2025-06-14", 1, 4, None],             # 5 name mismatch
        ["05010002", "孙丽", 2025, "监考", "2025-06-14", None, 4, None],            # 6 required
        ["05010002", "孙丽", 2025, "阅卷", "2025-06-14", 1, 4, None],               # 7 enum
        ["05010002", "孙丽", 2025, "监考", "2025-06-14", "两场", 4, None],          # 8 number
        ["05010002", "孙丽", 2025, "监考", "2025-13-40", 1, 4, None],               # 9 date
        ["05010001", "张伟", 2025, "监考", "2025-06-14", 2, 8, None],               # 10 duplicate of 2
        ["05010003", "周强", "２０２５", "考务", a, "３", 9, "OSCE"],                # 11 valid: date cell, full-width digits
        ["05010003", "周强", 2025, "考官", "2025/6/15", 1, 4.5, None],              # 12 valid: text date
        ["", "", 2025, "监考", "2025-06-14", 1, 4, None],                           # 13 empty account
        ["05010003", "周强", 2025, "监考", "2025-06-16", 0, 4, None],               # 14 bound
    ]
    return rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_row_check_with_its_message(login_as, fmt):
    make, name = FORMATS[fmt]
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, make(_check_rows(fmt)), name)
    assert [r["row"] for r in rows_of(admin, batch["id"], valid=True)] == [2, 11, 12]
    assert error_texts(admin, batch["id"]) == [
        "第 3 行，“教职工账号”：账号不存在",
        "第 4 行，“教职工账号”：该教职工不属于本单位",
        "第 5 行，“教职工姓名”：姓名与账号不符",
        "第 6 行，“场次”：必填",
        "第 7 行，“类型”：“阅卷”不在可选值中",
        "第 8 行，“场次”：应为数字",
        "第 9 行，“考试日期”：日期格式应为 YYYY-MM-DD",
        "第 10 行：与第 2 行重复",
        "第 13 行，“教职工账号”：账号不存在",
        "第 14 行，“场次”：不能小于 1",
    ]


def test_formula_cell_is_refused_per_row(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    content = xlsx_bytes([T03_HEADERS, T03_ROW], formulas={"G2": "=2*4"})
    batch = previewed(admin, content)
    assert error_texts(admin, batch["id"]) == ["第 2 行，“工作量”：不支持公式，请粘贴为数值"]


def test_duplicate_of_an_existing_record(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    first = previewed(admin, xlsx_bytes([T03_HEADERS, T03_ROW]))
    admin.ok("POST", f"/api/v1/imports/batches/{first['id']}/commit", 202)
    second = previewed(admin, xlsx_bytes([T03_HEADERS, T03_ROW, ["05010001", None, 2025, "监考", "2025-06-14", 3, 12, None]]))
    assert error_texts(admin, second["id"]) == ["第 2 行：与已有记录重复"]
    assert second["valid_count"] == 1


# ------------------------------------------------------------------ scope, audit, notifications

def test_another_units_admin_cannot_import_for_these_teachers_nor_see_the_batch(login_as):
    other = login_as(UNIT_ADMIN_JSJ)          # 计算机与网络工程学院
    batch = previewed(other, SHARED_T03.read_bytes(), SHARED_T03.name)
    assert batch["valid_count"] == 1            # only 李明 (02010001) is of that unit
    texts = error_texts(other, batch["id"])
    assert "第 2 行，“教职工账号”：该教职工不属于本单位" in texts
    mine = previewed(login_as(UNIT_ADMIN_YXY), SHARED_T03.read_bytes(), SHARED_T03.name)
    assert other.get(f"/api/v1/imports/batches/{mine['id']}").status_code == 404
    assert other.post(f"/api/v1/imports/batches/{mine['id']}/commit").status_code == 404


def test_teacher_and_non_import_types_are_refused(login_as):
    teacher = login_as("05010001")
    assert teacher.ok("GET", "/api/v1/imports/types") == []
    assert upload(teacher, SHARED_T03.read_bytes(), SHARED_T03.name).status_code == 403
    admin = login_as(UNIT_ADMIN_YXY)
    assert admin.get("/api/v1/imports/types/T04/template").status_code == 403     # a teacher-entered type
    codes = [t["code"] for t in admin.ok("GET", "/api/v1/imports/types")]
    # the record import types, then 教师账号批量生成 (catalog §4.2) for a unit admin who manages teacher accounts
    assert codes == ["T03", "T05", "T06", "T07", "T08", "T18", "T19", "D03", "D04", "ACCOUNTS"]


def test_same_file_warns_with_the_earlier_time_and_batch_is_audited(login_as, app):
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    again = uploaded(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    assert again["warnings"][0].startswith("该文件已于 ") and again["warnings"][0].endswith(" 导入")
    with app.app_context():
        from app.extensions import db
        from app.models import AuditEvent, ImportBatch, Notification, OutboxMessage
        from app.services.messaging.notifications import deliver
        kept = db.session.get(ImportBatch, batch["id"])
        assert (kept.file_name, kept.valid_count, kept.invalid_count, kept.imported_count) == (SHARED_T03.name, 10, 6, 10)
        assert len(kept.sha256) == 64 and kept.uploaded_by.account == UNIT_ADMIN_YXY
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("import.%"))).all()
        actions = {e.action for e in events if e.detail.get("subject") == f"import_batch:{batch['id']}"}
        assert actions == {"import.upload", "import.commit"}
        messages = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.event_type == "records_imported")).all()
        assert len(messages) == 4                    # 张伟, 孙丽, 周强, 高远: one each
        for message in messages:
            deliver(message.id)
        titles = db.session.scalars(sa.select(Notification.title)
                                    .where(Notification.title.like("单位已为您导入%"))).all()
        assert sorted(titles) == sorted(["单位已为您导入 3 条「临床医学专业水平测试」记录，正在审核中",
                                         "单位已为您导入 3 条「临床医学专业水平测试」记录，正在审核中",
                                         "单位已为您导入 2 条「临床医学专业水平测试」记录，正在审核中",
                                         "单位已为您导入 2 条「临床医学专业水平测试」记录，正在审核中"])
