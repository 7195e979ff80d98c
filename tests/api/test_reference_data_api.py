"""Reference data (issue 12): the course catalogue, the term calendar, the default 考核年度 and the reference
enums, maintained by the 系统管理员 and read by the forms through ``x-reference``."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from flows import T01_DATA, TEACHER_JSJ, UNIT_ADMIN_JSJ, create, record_of
from imports_support import xlsx_bytes

ADMIN = "sysadmin"
BASE = "/api/v1/reference-data"
AS_ADMIN = {"X-Active-Role": "system_admin"}


def _values(api, name: str, *, retired: bool = False) -> list[dict]:
    return api.ok("GET", f"{BASE}/lists/{name}/values", query_string={"include_retired": retired})["items"]


def _by_value(api, name: str, value: str) -> dict:
    return next(v for v in _values(api, name, retired=True) if v["value"] == value)


def _enum(api, code: str, field: str) -> list[str]:
    return api.ok("GET", f"/api/v1/record-types/{code}")["schema"]["properties"][field]["enum"]


def _audit(app, action: str) -> list[dict]:
    from app.extensions import db
    from app.models import AuditEvent
    with app.app_context():
        return [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                                     .order_by(AuditEvent.id))]


def test_the_lists_are_the_x_reference_names_of_the_forms_with_their_starting_values(login_as):
    teacher = login_as(TEACHER_JSJ)
    overview = teacher.ok("GET", BASE)
    lists = {entry["name"]: entry for entry in overview["lists"]}
    assert lists["course_catalog"]["label"] == "课程名称（课程目录）"
    assert lists["term_calendar"]["label"] == "学年学期"
    assert {u["record_type"] for u in lists["term_calendar"]["uses"]} == {"T01", "T02", "G02"}
    assert lists["T03.task_kind"]["label"] == "类型（临床医学专业水平测试）"
    assert overview["default_assessment_year"] >= 2025
    courses = _values(teacher, "course_catalog")
    assert courses[0] == {**courses[0], "value": "高等数学", "owner_dept": "教务部", "retired": False, "usage_count": None}
    assert "其他课程" not in [c["value"] for c in courses]          # a fixed option of the form, not a course
    assert [v["value"] for v in _values(teacher, "T03.task_kind")] == ["命题", "考官", "监考", "考务"]
    assert teacher.get(f"{BASE}/lists/nothing/values").status_code == 404


def test_only_the_system_admin_changes_reference_data(login_as):
    course = _by_value(login_as(ADMIN), "course_catalog", "高等数学")
    for account in (TEACHER_JSJ, UNIT_ADMIN_JSJ, "90070002", "processadmin"):
        api = login_as(account)
        refused = [api.post(f"{BASE}/lists/course_catalog/values", json={"value": "新课", "owner_dept": "教务部"}),
                   api.patch(f"{BASE}/values/{course['id']}", json={"owner_dept": "学工部"}),
                   api.post(f"{BASE}/values/{course['id']}/retire"),
                   api.post(f"{BASE}/values/{course['id']}/restore"),
                   api.delete(f"{BASE}/values/{course['id']}"),
                   api.request("PUT", f"{BASE}/default-assessment-year", json={"default_assessment_year": 2030}),
                   api.get(f"{BASE}/courses/template")]
        assert [r.status_code for r in refused] == [403] * 7, account
        # others read what forms need: the offered values, without retired ones or usage counts
        assert all(v["usage_count"] is None and not v["retired"] for v in _values(api, "course_catalog", retired=True))
    # a 系统管理员 acting in another role is not one for that request
    teacher_admin = login_as(UNIT_ADMIN_JSJ)
    assert teacher_admin.post(f"{BASE}/lists/course_catalog/values", json={"value": "新课", "owner_dept": "教务部"},
                              headers={"X-Active-Role": "teacher"}).status_code == 403


def test_an_added_course_is_offered_at_once_and_every_change_is_audited(app, login_as):
    admin, teacher = login_as(ADMIN), login_as(TEACHER_JSJ)
    added = admin.ok("POST", f"{BASE}/lists/course_catalog/values", 201, headers=AS_ADMIN,
                     json={"value": "  人工智能导论 ", "owner_dept": "教务部"})
    assert added["value"] == "人工智能导论" and added["owner_dept"] == "教务部"
    enum = _enum(teacher, "T01", "course_name")
    assert enum[-2:] == ["人工智能导论", "其他课程"]                # 其他课程 stays the last option
    form = teacher.ok("GET", "/api/v1/record-types/T01")
    assert form["reference_details"]["course_owner_dept"]["人工智能导论"] == "教务部"
    create(teacher, "T01", {**T01_DATA, "course_name": "人工智能导论"}, submit=True)
    moved = admin.ok("PATCH", f"{BASE}/values/{added['id']}", json={"owner_dept": "学工部"})
    assert moved["owner_dept"] == "学工部" and moved["usage_count"] == 1
    assert _audit(app, "reference.add")[-1] == {"subject": f"reference_value:{added['id']}", "list": "course_catalog",
                                           "value": "人工智能导论", "owner_dept": "教务部"}
    assert _audit(app, "reference.update")[-1]["after"]["owner_dept"] == "学工部"


def test_bad_values_are_refused_with_the_field_and_a_chinese_message(login_as):
    admin = login_as(ADMIN)

    def refused(name, body):
        response = admin.post(f"{BASE}/lists/{name}/values", json=body)
        assert response.status_code == 422, response.get_json()
        return [(e["field"], e["message"]) for e in response.get_json()["errors"]]

    assert refused("course_catalog", {"value": "高等数学", "owner_dept": "教务部"}) == [
        ("value", "“高等数学”已存在于课程名称（课程目录）中")]
    assert refused("course_catalog", {"value": "其他课程", "owner_dept": "教务部"}) == [
        ("value", "“其他课程”是表单的固定选项，不能加入课程名称（课程目录）")]
    assert refused("course_catalog", {"value": "新课", "owner_dept": "人力资源部"}) == [
        ("owner_dept", "开课主管单位必须是 教务部、学工部、保卫部 之一")]
    assert refused("course_catalog", {"value": " ", "owner_dept": "教务部"}) == [("value", "「课程名称」为必填项")]
    assert refused("term_calendar", {"value": "2027-2029-1", "start_date": "2027-09-01", "end_date": "2028-01-20"}) == [
        ("value", "学年学期格式应为 2024-2025-1")]
    assert refused("term_calendar", {"value": "2027-2028-1", "start_date": "2028-01-20", "end_date": "2027-09-01"}) == [
        ("end_date", "「结束日期」不能早于「开始日期」")]
    bad_year = admin.request("PUT", f"{BASE}/default-assessment-year", json={"default_assessment_year": 1999})
    assert bad_year.status_code == 422 and bad_year.get_json()["message"] == "考核年度必须是 2000 到 2100 之间的整数"


def test_a_value_in_use_is_retired_not_deleted_and_old_records_keep_it(app, login_as):
    admin, teacher = login_as(ADMIN), login_as(TEACHER_JSJ)
    draft = create(teacher, "T01", {**T01_DATA, "course_name": "线性代数"})
    course = _by_value(admin, "course_catalog", "线性代数")
    assert course["usage_count"] == 1
    response = admin.delete(f"{BASE}/values/{course['id']}")
    assert response.status_code == 409
    assert response.get_json()["message"] == "“线性代数”已被 1 条记录使用，不能删除，只能停用"
    renamed = admin.patch(f"{BASE}/values/{course['id']}", json={"value": "线性代数A"})
    assert renamed.status_code == 409 and "不能修改名称" in renamed.get_json()["message"]

    retired = admin.ok("POST", f"{BASE}/values/{course['id']}/retire")
    assert retired["retired"] is True and retired["retired_at"]
    assert admin.post(f"{BASE}/values/{course['id']}/retire").get_json()["message"] == "“线性代数”已停用"
    assert "线性代数" not in _enum(teacher, "T01", "course_name")          # not offered for new records
    assert "线性代数" not in [v["value"] for v in _values(teacher, "course_catalog")]
    refused = teacher.post("/api/v1/records", json={"record_type": "T01", "data": {
        **T01_DATA, "course_name": "线性代数", "teaching_class": "另一班"}})
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "course_name"
    # the old record still shows it, and saves and submits with it
    assert record_of(teacher, draft["id"])["data"]["course_name"] == "线性代数"
    saved = teacher.ok("PATCH", f"/api/v1/records/{draft['id']}", json={"data": {**T01_DATA, "course_name": "线性代数",
                                                                             "hours": 48}, "version": draft["version"]})
    teacher.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={"version": saved["version"]})
    restored = admin.ok("POST", f"{BASE}/values/{course['id']}/restore")
    assert restored["retired"] is False and "线性代数" in _enum(teacher, "T01", "course_name")
    assert [d["value"] for d in _audit(app, "reference.retire")][-1] == "线性代数"
    assert _audit(app, "reference.restore")


def test_an_unused_value_is_deleted(app, login_as):
    admin = login_as(ADMIN)
    added = admin.ok("POST", f"{BASE}/lists/T03.task_kind/values", 201, json={"value": "阅卷"})
    assert "阅卷" in _enum(login_as(TEACHER_JSJ), "T03", "task_kind")
    admin.ok("DELETE", f"{BASE}/values/{added['id']}", 204)
    assert "阅卷" not in _enum(login_as(TEACHER_JSJ), "T03", "task_kind")
    assert _audit(app, "reference.delete")[-1]["value"] == "阅卷"
    assert admin.delete(f"{BASE}/values/{added['id']}").status_code == 404
    # a list keeps at least one value (retire it instead)
    kinds = _values(admin, "T06.internship_kind", retired=True)
    admin.ok("DELETE", f"{BASE}/values/{kinds[0]['id']}", 204)
    last = admin.delete(f"{BASE}/values/{kinds[1]['id']}")
    assert last.status_code == 409
    assert last.get_json()["message"] == f"“{kinds[1]['value']}”是类型（指导毕业实习）的最后一个值，不能删除；不再使用时请停用"


def test_the_term_calendar_feeds_the_term_enum_and_the_in_term_rule(login_as):
    admin, teacher = login_as(ADMIN), login_as(TEACHER_JSJ)
    admin.ok("POST", f"{BASE}/lists/term_calendar/values", 201,
             json={"value": "2027-2028-1", "start_date": "2027-09-01", "end_date": "2028-01-20"})
    assert "2027-2028-1" in _enum(teacher, "T02", "term")
    data = {"assessment_year": 2027, "term": "2027-2028-1", "exam_course": "数据结构", "sessions": 1, "workload": 2}
    outside = teacher.post("/api/v1/records", json={"record_type": "T02", "data": {**data, "exam_date": "2028-03-01"},
                                                    "submit": True})
    assert outside.status_code == 422 and outside.get_json()["errors"][0]["field"] == "exam_date"
    create(teacher, "T02", {**data, "exam_date": "2027-12-20"}, submit=True)


def test_the_default_assessment_year_is_the_forms_default(app, login_as):
    admin, teacher = login_as(ADMIN), login_as(TEACHER_JSJ)
    admin.ok("PUT", f"{BASE}/default-assessment-year", json={"default_assessment_year": 2026})
    assert teacher.ok("GET", "/api/v1/record-types/T04")["field_defaults"]["assessment_year"] == {
        "value": 2026, "editable": True}
    assert teacher.ok("GET", BASE)["default_assessment_year"] == 2026
    assert _audit(app, "reference.default_year")[-1]["after"] == 2026


def test_the_import_template_offers_the_maintained_values(login_as):
    admin = login_as(ADMIN)
    admin.ok("POST", f"{BASE}/lists/T03.task_kind/values", 201, json={"value": "阅卷"})
    retired = _by_value(admin, "T03.task_kind", "考务")
    admin.ok("POST", f"{BASE}/values/{retired['id']}/retire")
    template = login_as("05019001").get("/api/v1/imports/types/T03/template")
    options = load_workbook(io.BytesIO(template.data))["可选值"]
    column = next(c for c in options.iter_cols(values_only=True) if c[0] == "类型")
    assert [v for v in column[1:] if v] == ["命题", "考官", "监考", "阅卷"]


# ---------------------------------------------------------------- the course catalogue from xlsx

def test_course_catalogue_import_checks_every_row_and_imports_the_valid_ones(app, login_as):
    admin = login_as(ADMIN)
    template = admin.get(f"{BASE}/courses/template")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["课程名称", "开课主管单位"]
    content = xlsx_bytes([["课程名称", "开课主管单位"],
                          ["机器学习", "教务部"],
                          ["高等数学", "教务部"],           # already in the catalogue
                          ["国家安全教育", "财务处"],         # not a 开课主管单位
                          [None, "学工部"],                 # no name
                          ["机器学习", "教务部"],           # twice in the file
                          ["军事技能", "保卫部"]], sheet="课程目录")
    response = admin.post(f"{BASE}/courses/imports", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(content), "课程目录.xlsx")})
    assert response.status_code == 201, response.get_json()
    batch = response.get_json()
    texts = {r["row"]: [e["text"] for e in r["errors"]] for r in batch["rows"]}
    assert texts == {2: [], 3: ["第 3 行，“课程名称”：“高等数学”已存在于课程名称（课程目录）中"],
                     4: ["第 4 行，“开课主管单位”：“财务处”不在可选值中"], 5: ["第 5 行，“课程名称”：必填"],
                     6: ["第 6 行：与第 2 行重复"], 7: []}
    assert (batch["valid_count"], batch["invalid_count"]) == (2, 4)
    assert "机器学习" not in _enum(admin, "T01", "course_name")          # nothing added before the commit
    done = admin.ok("POST", f"{BASE}/courses/imports/{batch['id']}/commit")
    assert done == {"id": batch["id"], "status": "committed", "imported_count": 2}
    courses = {c["value"]: c["owner_dept"] for c in _values(admin, "course_catalog")}
    assert courses["机器学习"] == "教务部" and courses["军事技能"] == "保卫部"
    assert admin.post(f"{BASE}/courses/imports/{batch['id']}/commit").status_code == 409
    assert _audit(app, "reference.import.commit")[-1]["values"] == ["机器学习", "军事技能"]
    assert login_as(TEACHER_JSJ).post(f"{BASE}/courses/imports/{batch['id']}/commit").status_code == 403


def test_course_catalogue_import_refuses_a_file_that_is_not_a_workbook(login_as):
    response = login_as(ADMIN).post(f"{BASE}/courses/imports", content_type="multipart/form-data",
                                    data={"file": (io.BytesIO(b"not a workbook"), "课程.xlsx")})
    assert response.status_code == 422
    assert response.get_json()["message"] == "仅支持 *.xls 和 *.xlsx 文件"
