"""Bad input gets one error envelope, says what and where, and writes nothing."""
import pytest

from flows import SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB, act, create, task_for


def _record_count(api) -> int:
    return api.ok("GET", "/api/v1/records")["total"]


@pytest.mark.parametrize("data, field, message", [
    ({**SEED000_T04, "colour": "red"}, "colour", "未知字段「colour」"),
    ({**SEED000_T04, "sessions": "一"}, "sessions", "「监考/考务场次」必须是整数"),
    ({**SEED000_T04, "sessions": 0}, "sessions", "「监考/考务场次」不能小于 1"),
    ({**SEED000_T04, "task_type": "阅卷"}, "task_type", "「任务类型」的值「阅卷」不在可选范围内"),
])
def test_invalid_field_is_rejected_with_its_chinese_message_and_nothing_written(login_as, data, field, message):
    teacher = login_as(TEACHER_JSGZB)
    response = teacher.post("/api/v1/records", json={"record_type": "T04", "data": data})
    body = response.get_json()
    assert response.status_code == 422 and body["code"] == "validation_failed"
    assert {"field": field, "message": message} in body["errors"]
    assert _record_count(teacher) == 0


def test_required_fields_are_checked_on_submit_not_on_save(login_as):
    teacher = login_as(TEACHER_JSGZB)
    draft = create(teacher, "T04", {"task_type": "监考"})
    assert draft["status"] == "draft" and draft["workload"] is None
    response = teacher.post(f"/api/v1/records/{draft['id']}/submit", json={})
    errors = {e["field"]: e["message"] for e in response.get_json()["errors"]}
    assert response.status_code == 422
    assert errors["sessions"] == "「监考/考务场次」为必填项" and errors["exam_type"] == "「考试类型」为必填项"
    assert teacher.ok("GET", f"/api/v1/records/{draft['id']}")["record"]["status"] == "draft"


def test_malformed_json_and_envelope_errors(login_as):
    teacher = login_as(TEACHER_JSGZB)
    response = teacher.post("/api/v1/records", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["message"] == "请求体不是合法的 JSON"
    response = teacher.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04, "owner_id": 1})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "owner_id", "location": "json", "message": "未知字段「owner_id」"}]
    response = teacher.post("/api/v1/records", json={"record_type": "T04", "data": []})
    assert response.status_code == 422
    assert _record_count(teacher) == 0


def test_oversized_body_is_refused(login_as, app):
    teacher = login_as(TEACHER_JSGZB)
    big = "x" * (app.config["MAX_JSON_BYTES"] + 1)
    response = teacher.post("/api/v1/records", json={"record_type": "T04", "data": {**SEED000_T04, "remark": big}})
    assert response.status_code == 413 and response.get_json()["code"] == "payload_too_large"
    assert _record_count(teacher) == 0


def test_unknown_record_type_and_import_only_type(login_as):
    teacher = login_as(TEACHER_JSGZB)
    assert teacher.post("/api/v1/records", json={"record_type": "X99", "data": {}}).status_code == 404


def test_stale_version_is_a_conflict(login_as):
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "T01", T01_DATA)
    teacher.ok("PATCH", f"/api/v1/records/{record['id']}", json={"data": T01_DATA, "version": record["version"]})
    stale = teacher.patch(f"/api/v1/records/{record['id']}", json={"data": T01_DATA, "version": record["version"]})
    assert stale.status_code == 409 and stale.get_json()["code"] == "stale_version"


def test_a_task_completed_twice_reports_who_did_it(login_as):
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    unit = login_as(UNIT_ADMIN_JSGZB)
    task = task_for(unit, record["id"])
    act(unit, record["id"])
    again = unit.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    body = again.get_json()
    assert again.status_code == 409 and body["code"] == "task_already_completed"
    assert body["message"].startswith("该记录已由 曹阳 于 ") and body["message"].endswith(" 处理")


def test_unauthenticated_requests_are_refused(anonymous):
    response = anonymous.get("/api/v1/records")
    assert response.status_code == 401 and response.get_json()["code"] == "unauthenticated"
    assert anonymous.get("/healthz").status_code == 200
