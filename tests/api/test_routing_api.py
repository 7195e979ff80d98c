"""Routes chosen by the decision tables, through the API (catalog §2.2–§2.4)."""
from flows import (DEPT, G01_DATA, HR, M01_DATA, R01_DATA, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, TEACHER_WXY,
                   UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, act, create, route_of, task_for)


def test_t01_with_course_owner_baowei_reaches_baowei_not_jiaowu(login_as):
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "T01", {**T01_DATA, "course_owner_dept": "保卫部"}, submit=True)
    assert route_of(login_as, record["id"]) == [UNIT_ADMIN_JSJ, DEPT["保卫部"], HR]


def test_r01_by_a_college_teacher_goes_to_the_unit_default_research_owner(login_as):
    teacher = login_as(TEACHER_WXY)                          # 文学院 → 人文社科部
    form = teacher.ok("GET", "/api/v1/record-types/R01")
    assert form["field_defaults"]["research_owner"] == {"value": "人文社科部", "editable": False}
    record = create(teacher, "R01", R01_DATA, submit=True)
    assert record["data"]["research_owner"] == "人文社科部"
    assert route_of(login_as, record["id"]) == [UNIT_ADMIN_WXY, DEPT["人文社科部"], HR]


def test_r01_changed_research_owner_is_rejected(login_as):
    teacher = login_as(TEACHER_WXY)
    response = teacher.post("/api/v1/records", json={"record_type": "R01", "submit": True,
                                                      "data": {**R01_DATA, "research_owner": "科学技术部"}})
    assert response.status_code == 422
    assert {"field": "research_owner", "message": "归属单位由系统根据所在单位确定，不可修改"} in response.get_json()["errors"]


def test_r01_by_an_office_teacher_must_choose_and_goes_where_chosen(login_as):
    teacher = login_as(TEACHER_JSGZB)                        # 教师工作部 is a 机关 unit
    form = teacher.ok("GET", "/api/v1/record-types/R01")
    assert form["field_defaults"]["research_owner"]["editable"] is True
    missing = teacher.post("/api/v1/records", json={"record_type": "R01", "data": R01_DATA, "submit": True})
    assert missing.status_code == 422
    assert any(e["field"] == "research_owner" for e in missing.get_json()["errors"])
    record = create(teacher, "R01", {**R01_DATA, "research_owner": "科学技术部"}, submit=True)
    assert route_of(login_as, record["id"]) == [UNIT_ADMIN_JSGZB, DEPT["科学技术部"], HR]


def test_g01_skips_the_unit_step(login_as):
    record = create(login_as(TEACHER_JSJ), "G01", G01_DATA, submit=True)
    assert route_of(login_as, record["id"]) == [DEPT["研究生工作部"], HR]


def test_m01_skips_the_department_step(login_as):
    record = create(login_as(TEACHER_JSJ), "M01", M01_DATA, submit=True)
    assert route_of(login_as, record["id"]) == [UNIT_ADMIN_JSJ, HR]


def test_return_edit_resubmit_restarts_at_the_first_step_with_tables_reevaluated(login_as):
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "T01", T01_DATA, submit=True)
    unit, jwb, xgb = login_as(UNIT_ADMIN_JSJ), login_as(DEPT["教务部"]), login_as(DEPT["学工部"])
    act(unit, record["id"])
    missing_comment = act(jwb, record["id"], "return", status=422)
    assert missing_comment["errors"][0]["field"] == "comment"
    returned = act(jwb, record["id"], "return", comment="开课主管单位应为学工部")["record"]
    assert returned["status"] == "returned" and returned["status_label"] == "退回"
    detail = teacher.ok("GET", f"/api/v1/records/{record['id']}")
    assert detail["trail"][-1]["action_label"] == "退回" and detail["trail"][-1]["comment"] == "开课主管单位应为学工部"

    edited = teacher.ok("PATCH", f"/api/v1/records/{record['id']}",
                        json={"data": {**T01_DATA, "course_owner_dept": "学工部"}, "version": returned["version"]})
    assert edited["status"] == "returned"
    resubmitted = teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={"version": edited["version"]})
    assert resubmitted["status"] == "in_review"
    assert task_for(jwb, record["id"]) is None
    act(unit, record["id"])                                  # restarts at the unit lane
    assert task_for(jwb, record["id"]) is None and task_for(xgb, record["id"]) is not None


def test_terminate_is_final(login_as):
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "T01", T01_DATA, submit=True)
    unit = login_as(UNIT_ADMIN_JSJ)
    act(unit, record["id"], "terminate", status=422)
    done = act(unit, record["id"], "terminate", comment="重复填报")["record"]
    assert done["status"] == "terminated" and done["status_label"] == "终止"
    for method, url, body in [("POST", f"/api/v1/records/{record['id']}/submit", {}),
                              ("PATCH", f"/api/v1/records/{record['id']}", {"data": T01_DATA, "version": done["version"]})]:
        response = teacher.request(method, url, json=body)
        assert response.status_code == 409 and response.get_json()["code"] == "invalid_state"
    assert teacher.delete(f"/api/v1/records/{record['id']}").status_code == 409
