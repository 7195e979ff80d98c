"""Type-specific rules through the API, with their exact messages (catalog §1.3–§1.4, §3.6)."""
from datetime import date, timedelta

from flows import T01_DATA, TEACHER_JSJ, UNIT_ADMIN_JSJ, create, record_of, task_for, uploaded
from samples import example, ooxml_bytes


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.get_json()
    return {e["field"]: e["message"] for e in response.get_json()["errors"]}


def test_t01_second_record_of_the_same_course_and_class_is_refused(login_as):
    teacher = login_as(TEACHER_JSJ)
    create(teacher, "T01", T01_DATA, submit=True)
    draft = create(teacher, "T01", T01_DATA)                       # 保存 is allowed
    response = teacher.post(f"/api/v1/records/{draft['id']}/submit", json={})
    assert _errors(response)["term"] == "该课程该教学班级已填报"
    other_class = create(teacher, "T01", {**T01_DATA, "teaching_class": "计科2302班"}, submit=True)
    assert other_class["status"] == "in_review"


def test_t01_terminated_record_does_not_count_as_a_duplicate(login_as):
    teacher = login_as(TEACHER_JSJ)
    first = create(teacher, "T01", T01_DATA, submit=True)
    unit = login_as(UNIT_ADMIN_JSJ)
    unit.ok("POST", f"/api/v1/tasks/{task_for(unit, first['id'])['id']}/complete",
            json={"action": "terminate", "comment": "重复"})
    assert create(teacher, "T01", T01_DATA, submit=True)["status"] == "in_review"


def test_t01_other_course_is_required_only_for_the_other_course_option(login_as):
    teacher = login_as(TEACHER_JSJ)
    response = teacher.post("/api/v1/records", json={"record_type": "T01", "submit": True,
                                                      "data": {**T01_DATA, "course_name": "其他课程"}})
    assert _errors(response)["other_course_name"] == "「其他课程」为必填项"
    hidden = create(teacher, "T01", {**T01_DATA, "other_course_name": "不该保留"})
    assert "other_course_name" not in hidden["data"]                 # a hidden field keeps no value


def test_date_order_and_rank_rules(login_as):
    teacher = login_as(TEACHER_JSJ)
    d02 = {**example("D02"), "start_date": "2025-06-01", "end_date": "2025-05-01"}
    response = teacher.post("/api/v1/records", json={"record_type": "D02", "data": d02})
    assert "end_date" in _errors(response)
    a04 = {k: v for k, v in example("A04").items() if k not in ("evidence", "research_owner")}
    response = teacher.post("/api/v1/records", json={"record_type": "A04", "data": {**a04, "rank": 9, "participants": 3}})
    assert _errors(response)["rank"] == "个人排名不能大于参与人数"


def _a20(teacher, cases: list[dict]) -> dict:
    data = {k: v for k, v in example("A20").items() if k != "plagiarism_doc"}
    draft = create(teacher, "A20", {**data, "cases": cases})
    uploaded(teacher, draft["id"], "plagiarism_doc", "查重.docx", ooxml_bytes("word"))
    return draft


def _case(days_ago: int, n: int) -> dict:
    admit = date.today() - timedelta(days=days_ago)
    return {**example("A20")["cases"][0], "admission_no": f"ZY{n:06d}", "admit_date": admit.isoformat(),
            "discharge_date": (admit + timedelta(days=7)).isoformat()}


def test_a20_needs_ten_cases_all_within_five_years(login_as):
    teacher = login_as(TEACHER_JSJ)
    nine = _a20(teacher, [_case(100 + i, i) for i in range(9)])
    assert _errors(teacher.post(f"/api/v1/records/{nine['id']}/submit", json={}))["cases"] == "病案数量不少于10份"
    old = _a20(teacher, [_case(100 + i, i) for i in range(9)] + [_case(6 * 366, 99)])
    errors = _errors(teacher.post(f"/api/v1/records/{old['id']}/submit", json={}))
    assert errors["cases[9].admit_date"] == "第 10 条病案：日期须在近5年内"
    good = _a20(teacher, [_case(100 + i, i) for i in range(10)])
    assert teacher.ok("POST", f"/api/v1/records/{good['id']}/submit", json={})["status"] == "in_review"


def test_a20_cases_are_adjusted_in_review_reordered_and_written_to_the_trail(login_as):
    teacher = login_as(TEACHER_JSJ)
    cases = [_case(100 + i, i) for i in range(10)]
    record = _a20(teacher, cases)
    record = teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    reordered = [cases[1], cases[0], *cases[2:], _case(50, 77)]
    adjusted = teacher.ok("POST", f"/api/v1/records/{record['id']}/adjust",
                          json={"field": "cases", "rows": reordered, "version": record["version"]})
    assert [c["admission_no"] for c in adjusted["data"]["cases"][:2]] == ["ZY000001", "ZY000000"]
    assert [c["order"] for c in adjusted["data"]["cases"]] == list(range(1, 12))
    assert adjusted["is_adjusted"] is True and adjusted["data"]["topic_name"] == record["data"]["topic_name"]
    trail = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")
    assert (trail[-1]["action_label"], trail[-1]["comment"]) == ("调整", "病案列表：10 条 → 11 条")
    item = task_for(login_as(UNIT_ADMIN_JSJ), record["id"])
    assert item["record"]["is_adjusted"] is True                       # 已调整 marker in the inbox
    too_few = teacher.post(f"/api/v1/records/{record['id']}/adjust", json={"field": "cases", "rows": cases[:9]})
    assert _errors(too_few)["cases"] == "病案数量不少于10份"
    assert record_of(teacher, record['id'])["data"]["cases"] == adjusted["data"]["cases"]
    from flows import act
    act(login_as(UNIT_ADMIN_JSJ), record["id"], "return", "请补充病案")
    resubmitted = teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    assert resubmitted["status"] == "in_review" and resubmitted["is_adjusted"] is False   # a new review starts unmarked


def test_only_adjustable_lists_of_submitted_records_can_be_adjusted(login_as):
    teacher = login_as(TEACHER_JSJ)
    draft = _a20(teacher, [_case(100 + i, i) for i in range(10)])
    response = teacher.post(f"/api/v1/records/{draft['id']}/adjust", json={"field": "cases", "rows": []})
    assert response.status_code == 409 and response.get_json()["message"] == "该记录当前不能调整"
    t01 = create(teacher, "T01", T01_DATA, submit=True)
    assert teacher.post(f"/api/v1/records/{t01['id']}/adjust", json={"field": "term", "rows": []}).status_code == 409
    other = login_as(UNIT_ADMIN_JSJ)
    assert other.post(f"/api/v1/records/{t01['id']}/adjust", json={"field": "term", "rows": []}).status_code == 404


def test_a_cited_record_cannot_be_adjusted(login_as):
    from flows import HR, HR_2, act
    teacher = login_as(TEACHER_JSJ)
    cases = [_case(100 + i, i) for i in range(10)]
    record = _a20(teacher, cases)
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    act(login_as(UNIT_ADMIN_JSJ), record["id"])
    assert act(login_as(HR), record["id"])["record"]["status"] == "approved"        # library_lane L7: 人力资源部
    adjusted = teacher.ok("POST", f"/api/v1/records/{record['id']}/adjust", json={"field": "cases", "rows": cases[::-1]})
    assert adjusted["status"] == "approved" and adjusted["is_adjusted"] is False    # 调整 after 审核通过 (§9 Q17)
    login_as(HR_2).ok("POST", f"/api/v1/records/{record['id']}/citations", 201,
                      json={"kind": "title_application", "ref": "2026-职称-001"})
    refused = teacher.post(f"/api/v1/records/{record['id']}/adjust", json={"field": "cases", "rows": cases})
    assert refused.status_code == 409 and refused.get_json()["message"] == "该业绩已被引用，不能调整"
