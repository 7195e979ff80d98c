"""数据汇总 (catalog §5.5) and 工作量结算 (§7.6): totals, scope, export, the frozen year and the lock."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from flows import DEPT, HR, HR_2, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, act, create, record_of
from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed

SUMMARY = "/api/v1/summaries/workload"
SYSADMIN = "sysadmin"
DEFAULT_YEAR = "/api/v1/reference-data/default-assessment-year"


def _imported_ids(app, batch_id: int) -> list[int]:
    with app.app_context():
        from app.extensions import db
        from app.models import Record
        return list(db.session.scalars(sa.select(Record.id).where(Record.import_batch_id == batch_id).order_by(Record.id)))


@pytest.fixture
def approved_year(login_as, app):
    """2025: the shared T03 file imported by 高远, 8 of its 10 records approved by 教务部 and 人力资源部;
    赵志睿's T04 approved by 曹阳 → 邓超 → 潘婷; one more T04 still in review."""
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    ids = _imported_ids(app, batch["id"])
    jiaowu, hr = login_as(DEPT["教务部"]), login_as(HR)
    for record_id in ids[:8]:
        act(jiaowu, record_id)
        act(hr, record_id)
    teacher = login_as(TEACHER_JSGZB)
    t04 = create(teacher, "T04", SEED000_T04, submit=True)
    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):
        act(login_as(account), t04["id"])
    pending = create(teacher, "T04", {**SEED000_T04, "exam_type": "研究生入学考试"}, submit=True)
    return {"imported": ids, "t04": t04["id"], "pending": pending["id"]}


def _db_totals(app) -> dict[tuple[str, str], Decimal]:
    """Sum of approved 2025 workload per (teacher account, item key), straight from the records."""
    with app.app_context():
        from app.extensions import db
        from app.models import Record, RecordType, User
        rows = db.session.execute(
            sa.select(User.account, Record.category, RecordType.pay_attribute, sa.func.sum(Record.workload))
            .join(User, User.id == Record.owner_id).join(RecordType, RecordType.code == Record.record_type_code)
            .where(Record.status == "approved", Record.assessment_year == 2025, RecordType.family == "workload")
            .group_by(User.account, Record.category, RecordType.pay_attribute)).all()
    return {(account, f"{cat}-{'paid' if pay == '计量计酬' else 'unpaid'}"): Decimal(str(total))
            for account, cat, pay, total in rows}


def test_totals_equal_the_sum_of_approved_records_per_teacher_and_item(login_as, app, approved_year):
    page = login_as(HR).ok("GET", SUMMARY, query_string={"year": 2025})
    expected = _db_totals(app)
    got = {(row["account"], key): Decimal(str(value)) for row in page["rows"] for key, value in row["items"].items() if value}
    assert got == expected
    assert {row["account"] for row in page["rows"]} == {"05010001", "05010002", "05010003", "05019001", TEACHER_JSGZB}
    for row in page["rows"]:
        assert row["total"] == pytest.approx(row["paid_total"] + row["unpaid_total"])
        assert row["total"] == pytest.approx(sum(row["items"].values()))
    assert page["totals"]["total"] == pytest.approx(float(sum(expected.values())))
    assert page["items"][0] == {"key": "teaching-paid", "label": "教学教研工作量（计量计酬）"}
    assert page["frozen"] is False


def test_item_page_groups_records_by_teacher_with_subtotals(login_as, app, approved_year):
    detail = login_as(HR).ok("GET", f"{SUMMARY}/items/teaching-paid", query_string={"year": 2025})
    assert detail["item"]["label"] == "教学教研工作量（计量计酬）"
    for group in detail["groups"]:
        assert group["subtotal"] == pytest.approx(sum(r["workload"] for r in group["records"]))
    record_ids = {r["record_id"] for g in detail["groups"] for r in g["records"]}
    assert record_ids == set(approved_year["imported"][:8])           # T04 is 计量不计酬
    unpaid = login_as(HR).ok("GET", f"{SUMMARY}/items/teaching-unpaid", query_string={"year": 2025})
    assert [r["record_id"] for g in unpaid["groups"] for r in g["records"]] == [approved_year["t04"]]
    assert login_as(HR).get(f"{SUMMARY}/items/nothing", query_string={"year": 2025}).status_code == 422


def test_the_menu_lists_each_summary_item_after_the_summary_page(login_as):
    items = login_as(HR).ok("GET", f"{SUMMARY}/items")
    assert items == login_as(HR).ok("GET", SUMMARY, query_string={"year": 2025})["items"]
    assert [i["label"] for i in items][:2] == ["教学教研工作量（计量计酬）", "教学教研工作量（计量不计酬）"]
    assert login_as(UNIT_ADMIN_JSGZB).ok("GET", f"{SUMMARY}/items") == items
    assert login_as(TEACHER_JSGZB).get(f"{SUMMARY}/items").status_code == 403


def test_scope_unit_admin_department_hr_and_teacher(login_as, approved_year):
    yxy = login_as(UNIT_ADMIN_YXY).ok("GET", SUMMARY, query_string={"year": 2025})
    assert {r["account"] for r in yxy["rows"]} == {"05010001", "05010002", "05010003", "05019001"}
    assert {r["unit"] for r in yxy["rows"]} == {"医学院"}
    jsj = login_as(UNIT_ADMIN_JSJ).ok("GET", SUMMARY, query_string={"year": 2025})
    assert jsj["rows"] == []
    jsgzb = login_as(UNIT_ADMIN_JSGZB).ok("GET", SUMMARY, query_string={"year": 2025})
    assert [r["account"] for r in jsgzb["rows"]] == [TEACHER_JSGZB]
    dept = login_as(DEPT["教务部"]).ok("GET", SUMMARY, query_string={"year": 2025})       # its lane approved all nine
    assert len(dept["rows"]) == 5
    other_dept = login_as(DEPT["科学技术部"]).ok("GET", SUMMARY, query_string={"year": 2025})
    assert other_dept["rows"] == []
    assert login_as(TEACHER_JSGZB).get(SUMMARY, query_string={"year": 2025}).status_code == 403
    assert login_as(HR).get(SUMMARY, query_string={"year": 1999}).status_code == 422     # 2000–2100
    filtered = login_as(HR).ok("GET", SUMMARY, query_string={"year": 2025, "q": "张伟"})
    assert [r["account"] for r in filtered["rows"]] == ["05010001"]


def test_without_a_year_the_summary_opens_on_the_year_new_records_start_in(login_as, approved_year):
    """Catalog §1.3.0 「Default: the current open year」: one open year for a new record and for 汇总; the
    answer names the year it read, and follows a changed 默认考核年度."""
    hr, unit_admin, teacher = login_as(HR), login_as(UNIT_ADMIN_YXY), login_as(TEACHER_JSGZB)
    new_record_year = teacher.ok("GET", "/api/v1/record-types/T04")["field_defaults"]["assessment_year"]["value"]
    assert new_record_year == date.today().year                                   # no 默认考核年度 set yet
    assert hr.ok("GET", SUMMARY)["year"] == new_record_year
    assert hr.ok("GET", f"{SUMMARY}/items/teaching-paid")["year"] == new_record_year

    login_as(SYSADMIN).ok("PUT", DEFAULT_YEAR, json={"default_assessment_year": 2025})
    opened = unit_admin.ok("GET", SUMMARY)
    assert opened["year"] == 2025
    assert opened["rows"] == unit_admin.ok("GET", SUMMARY, query_string={"year": 2025})["rows"] != []
    item = hr.ok("GET", f"{SUMMARY}/items/teaching-paid")
    assert item["year"] == 2025
    assert {r["record_id"] for g in item["groups"] for r in g["records"]} == set(approved_year["imported"][:8])
    exported = hr.get(f"{SUMMARY}/export")
    assert exported.status_code == 200
    assert "工作量汇总-2025.xlsx" in unquote(exported.headers["Content-Disposition"])

    login_as(SYSADMIN).ok("PUT", DEFAULT_YEAR, json={"default_assessment_year": 2024})
    assert (hr.ok("GET", SUMMARY)["year"], hr.ok("GET", SUMMARY)["rows"]) == (2024, [])
    assert hr.ok("GET", SUMMARY, query_string={"year": 2025})["year"] == 2025      # an asked year wins


def test_export_with_field_chooser_has_typed_cells(login_as, approved_year):
    hr = login_as(HR)
    fields = hr.ok("GET", f"{SUMMARY}/export-fields")
    assert [f["label"] for f in fields[:3]] == ["账号", "教职工", "所属部门"] and fields[-1]["label"] == "总计"
    response = hr.get(f"{SUMMARY}/export", query_string={"year": 2025})           # 全选
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [f["label"] for f in fields]
    assert rows[1][0] == "01090023" and isinstance(rows[1][-1], (int, float))
    response = hr.get(f"{SUMMARY}/export", query_string=[("year", 2025), ("fields", "name"), ("fields", "total")])
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["教职工", "总计"] and rows[-1][0] == "合计"
    assert hr.get(f"{SUMMARY}/export", query_string={"year": 2025, "fields": "salary"}).status_code == 422
    detail = hr.get(f"{SUMMARY}/export", query_string={"year": 2025, "item": "teaching-paid"})
    rows = list(load_workbook(io.BytesIO(detail.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "账号" and len(rows) == 1 + 8 + 1


def test_settlement_cites_the_year_refuses_withdrawal_and_freezes_the_summary(login_as, approved_year):
    hr_admin, teacher = login_as(HR_2), login_as(TEACHER_JSGZB)
    assert login_as(HR).post("/api/v1/settlements", json={"year": 2025}).status_code == 403     # hr_reviewer only
    before = hr_admin.ok("GET", SUMMARY, query_string={"year": 2025})
    closed = hr_admin.ok("POST", "/api/v1/settlements", 201, json={"year": 2025})
    assert (closed["year"], closed["record_count"], closed["teacher_count"]) == (2025, 9, 5)
    again = hr_admin.post("/api/v1/settlements", json={"year": 2025})
    assert again.status_code == 409 and again.get_json()["message"] == "2025 年度工作量已结算"

    request = teacher.ok("POST", f"/api/v1/records/{approved_year['t04']}/withdraw", 201, json={"reason": "填错了"})
    assert (request["outcome_label"], request["note"]) == ("不予撤回", "该业绩已被引用，不能撤回")
    assert record_of(teacher, approved_year["t04"])["status"] == "approved"

    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):                  # a 2025 record approved afterwards
        act(login_as(account), approved_year["pending"])
    after = hr_admin.ok("GET", SUMMARY, query_string={"year": 2025})
    assert after["frozen"] is True
    assert after["rows"] == before["rows"] and after["totals"] == before["totals"]
    exported = hr_admin.get(f"{SUMMARY}/export", query_string={"year": 2025})
    assert exported.status_code == 200
    assert hr_admin.ok("GET", "/api/v1/settlements")[0]["year"] == 2025
