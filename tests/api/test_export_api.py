"""导出: GET /api/v1/records/export, the caller's current list as an xlsx (catalog §3.10, §1.3.0).

The seed-000 teacher 赵志睿 has two T04 records (a draft, and one approved by 曹阳 → 邓超 → 潘婷) and
a T01 draft; every workbook is read back with openpyxl.
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from flows import (DEPT, HR, SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, act,
                   create, uploaded)
from samples import example, ooxml_bytes, pdf_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T01 = "课程教学工作量"
T04 = "其他上级部门要求承办的各类考试（个人）"
SECOND_T04 = {**SEED000_T04, "exam_type": "研究生入学考试"}


# --------------------------------------------------------------------------- helpers

def export(api, expect: int = 200, **params):
    response = api.get("/api/v1/records/export", query_string=params)
    assert response.status_code == expect, response.get_json() if response.is_json else response.status
    return response


def workbook(api, **params):
    return load_workbook(io.BytesIO(export(api, **params).data))


def table(sheet) -> tuple[list[str], list[dict], list | None]:
    """(headers, data rows as {header: value}, the 合计 row's values or None)."""
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    headers, body = values[0], values[1:]
    total = body.pop() if body and body[-1][0] == "合计" else None
    return headers, [dict(zip(headers, row, strict=False)) for row in body], total


@pytest.fixture
def seed000(login_as, store) -> dict:
    """赵志睿's records: T04 draft, T04 approved (with a PDF), T01 draft."""
    teacher = login_as(TEACHER_JSGZB)
    draft = create(teacher, "T04", SEED000_T04)
    approved = create(teacher, "T04", SECOND_T04)
    uploaded(teacher, approved["id"], "attachments", "监考安排.pdf", pdf_bytes())
    teacher.ok("POST", f"/api/v1/records/{approved['id']}/submit", json={})
    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):
        act(login_as(account), approved["id"])
    course = create(teacher, "T01", T01_DATA)
    return {"teacher": teacher, "draft": draft, "approved": approved, "course": course}


# --------------------------------------------------------------------------- the seed-000 teacher

def test_teacher_exports_one_sheet_per_record_type_with_list_columns_and_form_fields(seed000):
    response = export(seed000["teacher"])
    assert response.mimetype == XLSX
    today = datetime.now(ZoneInfo("Asia/Shanghai"))
    assert f"filename*=UTF-8''%E4%B8%9A%E7%BB%A9%E5%AF%BC%E5%87%BA-{today:%Y%m%d}.xlsx" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    book = load_workbook(io.BytesIO(response.data))
    assert sorted(book.sheetnames) == sorted([T01, T04])

    headers, rows, total = table(book[T04])
    assert headers == ["序号", "业绩类别", "工作量", "账号", "教职工", "所属部门", "考核年度", "任务类型", "监考/考务场次",
                       "考试类型", "备注", "审核状态", "申报日期", "审核时间", "附件"]
    assert [r["序号"] for r in rows] == [1, 2]
    assert [r["考试类型"] for r in rows] == ["研究生入学考试", "大学四级考试"]        # list order: newest first
    assert [r["审核状态"] for r in rows] == ["已完成", "未提交"]
    assert all((r["账号"], r["教职工"], r["所属部门"], r["业绩类别"]) == ("01090023", "赵志睿", "教师工作部", T04)
               for r in rows)
    assert [(r["任务类型"], r["监考/考务场次"], r["工作量"]) for r in rows] == [("监考", 1, 4), ("监考", 1, 4)]
    done, draft = rows
    assert isinstance(done["申报日期"], datetime) and isinstance(done["审核时间"], datetime)
    assert done["申报日期"].date() == done["审核时间"].date() == today.date()
    assert draft["申报日期"] is None and draft["审核时间"] is None
    assert done["附件"] == "监考安排.pdf" and draft["附件"] is None
    assert total[0] == "合计" and total[headers.index("工作量")] == 8

    headers, rows, total = table(book[T01])
    assert headers[:6] == ["序号", "业绩类别", "工作量", "账号", "教职工", "所属部门"]
    assert headers[6:14] == ["考核年度", "学年学期", "课程名称", "其他课程", "开课主管单位", "教学班级", "学生人数", "学时"]
    assert [(r["课程名称"], r["学时"], r["审核状态"]) for r in rows] == [("数据结构", 64, "未提交")]
    assert total[headers.index("工作量")] == 80


def test_the_status_tab_exports_only_its_records(seed000):
    book = workbook(seed000["teacher"], status="approved")
    assert book.sheetnames == [T04]
    _, rows, total = table(book[T04])
    assert [(r["考试类型"], r["审核状态"]) for r in rows] == [("研究生入学考试", "已完成")]
    assert total[2] == 4


def test_the_type_and_keyword_filters_are_the_lists(seed000):
    assert workbook(seed000["teacher"], record_type="T01").sheetnames == [T01]
    book = workbook(seed000["teacher"], q="四级")
    _, rows, _ = table(book[T04])
    assert book.sheetnames == [T04] and [r["考试类型"] for r in rows] == ["大学四级考试"]
    listed = seed000["teacher"].ok("GET", "/api/v1/records", query_string={"q": "四级"})
    assert listed["total"] == len(rows)


def test_another_teacher_exports_only_his_own_records(seed000, login_as):
    other = login_as(TEACHER_JSJ)
    create(other, "T04", {**SEED000_T04, "exam_type": "计算机等级考试"})
    book = workbook(other)
    assert book.sheetnames == [T04]
    _, rows, total = table(book[T04])
    assert [(r["教职工"], r["考试类型"]) for r in rows] == [("李明", "计算机等级考试")] and total[2] == 4
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert "赵志睿" not in cells and "01090023" not in cells


def test_a_reviewer_exports_his_scope_without_anyones_drafts(seed000, login_as):
    book = workbook(login_as(UNIT_ADMIN_JSGZB), view="scope")
    assert book.sheetnames == [T04]
    _, rows, _ = table(book[T04])
    assert [(r["教职工"], r["审核状态"]) for r in rows] == [("赵志睿", "已完成")]
    assert workbook(login_as(UNIT_ADMIN_JSGZB)).sheetnames == ["业绩导出"]        # view=mine: he filed nothing


def test_an_empty_export_is_one_sheet_of_headers(login_as):
    teacher = login_as(TEACHER_JSGZB)
    book = workbook(teacher)
    assert book.sheetnames == ["业绩导出"]
    assert [c.value for c in book["业绩导出"][1]] == ["序号", "业绩类别", "账号", "教职工", "所属部门", "审核状态", "申报日期",
                                                  "审核时间", "附件"]
    headers, rows, total = table(workbook(teacher, record_type="T04")[T04])
    assert rows == [] and "任务类型" in headers and total[2] == 0


def test_export_needs_a_login(anonymous):
    response = anonymous.get("/api/v1/records/export")
    assert response.status_code == 401 and response.get_json()["code"] == "unauthenticated"


def test_a_bad_status_is_refused(login_as):
    assert export(login_as(TEACHER_JSGZB), 422, status="bogus").get_json()["code"] == "validation_failed"


def test_more_rows_than_the_cap_is_refused_with_a_hint_to_narrow_the_filter(login_as, monkeypatch):
    from app.services.records import exports
    teacher = login_as(TEACHER_JSGZB)
    create(teacher, "T04", SEED000_T04)
    create(teacher, "T04", SECOND_T04)
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    body = export(teacher, 422).get_json()
    assert body["code"] == "validation_failed" and "缩小筛选范围" in body["message"] and "1 条" in body["message"]
    assert export(teacher, q="四级").mimetype == XLSX


# --------------------------------------------------------------------------- library types: files, child lists, personal data

def test_file_fields_show_file_names_and_child_lists_one_line_per_row(login_as, store):
    teacher = login_as(TEACHER_JSJ)
    data = {k: v for k, v in example("A20").items() if k != "plagiarism_doc"}
    record = create(teacher, "A20", data)
    uploaded(teacher, record["id"], "plagiarism_doc", "查重原件.docx", ooxml_bytes("word"))
    book = workbook(teacher, record_type="A20")
    headers, rows, total = table(book["卫生-专题"])
    assert total is None and "工作量" not in headers                      # library types: no 工作量, no 合计
    assert headers.index("查重文档附件") < headers.index("病案列表") < headers.index("审核状态")
    row = rows[0]
    assert row["查重文档附件"] == "查重原件.docx" and row["附件"] == "查重原件.docx"
    assert row["审核状态"] == "编辑中"
    lines = row["病案列表"].split("\n")
    first = data["cases"][0]
    assert len(lines) == len(data["cases"])
    assert lines[0] == "1. " + " / ".join(str(first[k]) for k in (
        "admission_no", "patient_name", "gender", "age", "case_class", "admit_date", "discharge_date",
        "admit_diagnosis", "discharge_diagnosis"))
    assert "[" not in row["病案列表"] and "{" not in row["病案列表"]


def test_patient_names_are_shown_to_owner_assigned_reviewer_and_hr(login_as):
    # masking for everyone else in scope: tests/api/test_personal_data_api.py (catalog §6.3 rule 4)
    teacher = login_as(TEACHER_JSJ)
    create(teacher, "A19", example("A19"), submit=True)
    _, own, _ = table(workbook(teacher, record_type="A19")["卫生-病案"])
    assert own[0]["姓名"] == "王某某" and own[0]["入院日期"] == datetime(2025, 3, 2)
    _, scoped, _ = table(workbook(login_as(UNIT_ADMIN_JSJ), view="scope", record_type="A19")["卫生-病案"])
    assert scoped[0]["姓名"] == "王某某" and scoped[0]["住院号"] == "ZY2025003187"   # the assigned unit admin
    _, hr, _ = table(workbook(login_as(HR), view="scope", record_type="A19")["卫生-病案"])
    assert hr[0]["姓名"] == "王某某"                                         # HR sees personal data in full


# --------------------------------------------------------------------------- no N+1

def test_the_number_of_queries_does_not_grow_with_the_rows(app, login_as, store):
    from app.extensions import db
    teacher = login_as(TEACHER_JSGZB)

    def add(n: int) -> None:
        for i in range(n):
            record = create(teacher, "T04", {**SEED000_T04, "exam_type": f"考试{i}-{date.today()}", "sessions": i + 1})
            uploaded(teacher, record["id"], "attachments", f"第{i}份.pdf", pdf_bytes(text=str(i)))
        create(teacher, "T01", {**T01_DATA, "teaching_class": f"班级{n}"})

    def queries() -> list[str]:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])                    # noqa: E731
        sa.event.listen(engine, "before_cursor_execute", listener)
        try:
            export(teacher)
        finally:
            sa.event.remove(engine, "before_cursor_execute", listener)
        return seen

    add(2)
    queries()                                                          # warms the form cache
    few = queries()
    add(5)
    many = queries()
    assert len(many) == len(few)
    reads = [re.search(r"\bFROM (\w+)", q).group(1) for q in many if q.startswith("SELECT")]
    reads = [table for table in reads if table in ("record", "attachment", "definition_version")]
    # one read each, whatever the row count; definition_version: none, the process already holds the form
    # versions' content keys (id and sha256: a stored version never changes, services/deployment.py)
    assert reads == ["record", "attachment"]
