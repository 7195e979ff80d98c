"""Every query is scoped by role and unit; outside the scope is a 404 (catalog §6.3, §2.6)."""
from flows import DEPT, HR, SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, TEACHER_JSJ_2, UNIT_ADMIN_JSGZB, \
    UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, act, create, inbox, task_for


def test_a_reviewer_of_another_unit_never_sees_or_acts_on_the_task(login_as):
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA, submit=True)
    own_unit, other_unit = login_as(UNIT_ADMIN_JSJ), login_as(UNIT_ADMIN_WXY)
    task = task_for(own_unit, record["id"])
    assert inbox(other_unit)["total"] == 0
    assert other_unit.get(f"/api/v1/records/{record['id']}").status_code == 404
    assert other_unit.get(f"/api/v1/records/{record['id']}/trail").status_code == 404
    response = other_unit.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    dept = login_as(DEPT["保卫部"])                          # a department not on this route
    assert dept.get(f"/api/v1/records/{record['id']}").status_code == 404
    assert dept.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"}).status_code == 404


def test_a_teacher_cannot_read_or_change_another_teachers_record(login_as):
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA)
    other = login_as(TEACHER_JSJ_2)
    assert other.get(f"/api/v1/records/{record['id']}").status_code == 404
    assert other.patch(f"/api/v1/records/{record['id']}", json={"data": T01_DATA, "version": 1}).status_code == 404
    assert other.post(f"/api/v1/records/{record['id']}/submit", json={}).status_code == 404
    assert other.delete(f"/api/v1/records/{record['id']}").status_code == 404
    assert other.ok("GET", "/api/v1/records", query_string={"view": "scope"})["total"] == 0


def test_drafts_are_private_to_their_applicant(login_as):
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA)
    for account in (UNIT_ADMIN_JSJ, HR, DEPT["教务部"]):
        assert login_as(account).get(f"/api/v1/records/{record['id']}").status_code == 404


def test_a_reviewer_cannot_review_his_own_record(login_as):
    reviewer = login_as("05019001")     # 高远: teacher and unit admin of 医学院, where 罗琳 also admits teaching
    record = create(reviewer, "T01", T01_DATA, submit=True)
    item = task_for(reviewer, record["id"])
    assert item is not None and item["can_act"] is False     # visible, not actionable (catalog §2.6)
    response = reviewer.post(f"/api/v1/tasks/{item['id']}/complete", json={"action": "approve"})
    assert response.status_code == 403
    assert response.get_json()["message"] == "不能审核本人填报的记录"


def test_department_and_hr_reviewers_see_records_routed_to_them(login_as):
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    jwb, hr = login_as(DEPT["教务部"]), login_as(HR)
    assert jwb.get(f"/api/v1/records/{record['id']}").status_code == 200   # its route includes 教务部
    assert hr.get(f"/api/v1/records/{record['id']}").status_code == 200
    act(login_as(UNIT_ADMIN_JSGZB), record["id"])
    listing = jwb.ok("GET", "/api/v1/records", query_string={"view": "scope", "record_type": "T04"})
    assert [r["id"] for r in listing["items"]] == [record["id"]]


def test_inbox_filters_by_teacher_and_type_with_totals(login_as):
    for data in (SEED000_T04, {**SEED000_T04, "sessions": 2}):
        create(login_as(TEACHER_JSGZB), "T04", data, submit=True)
    unit = login_as(UNIT_ADMIN_JSGZB)
    everything = inbox(unit, record_type="T04")
    assert everything["total"] == 2 and everything["totals"]["workload"] == 12
    assert inbox(unit, q="赵志睿")["total"] == 2 and inbox(unit, q="01090023")["total"] == 2
    assert inbox(unit, q="李明")["total"] == 0 and inbox(unit, record_type="T01")["total"] == 0
