"""Bad input gets one error envelope, says what and where, and writes nothing."""
import pytest

from flows import (SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB, act, create, record_of,
                   task_for)


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
    assert record_of(teacher, draft['id'])["status"] == "draft"


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


# ---------------------------------------------------------------- what an API fuzzer finds

def _error(response, status: int) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) == {"code", "status", "message", "errors"} and body["status"] == status
    return body


def test_nested_envelope_errors_name_the_row(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    body = _error(teacher.post(f"/api/v1/records/{record['id']}/adjust", json={"field": "cases", "rows": [1, {}]}), 422)
    assert body["errors"] == [{"field": "rows[0]", "location": "json", "message": "「rows[0]」必须是对象"}]


@pytest.mark.parametrize("url", ["/api/v1/records/2147483648", "/api/v1/records/99999999999999999999",
                                 "/api/v1/records/0/trail", "/api/v1/attachments/2147483648/download"])
def test_ids_outside_the_id_range_are_404_never_a_database_error(login_as, url):
    assert _error(login_as(TEACHER_JSGZB).get(url), 404)["code"] == "not_found"


def test_ids_outside_the_id_range_on_actions_are_404(login_as):
    reviewer = login_as(UNIT_ADMIN_JSGZB)
    assert _error(reviewer.post("/api/v1/tasks/2147483648/complete", json={"action": "approve"}), 404)
    assert _error(reviewer.delete("/api/v1/records/1/attachments/2147483648"), 404)


@pytest.mark.parametrize("url, params, field, message", [
    ("/api/v1/records", {"page": 100001}, "page", "「page」必须在 1 到 100000 之间"),
    ("/api/v1/tasks", {"page": 0}, "page", "「page」必须在 1 到 100000 之间"),
    ("/api/v1/withdrawals", {"page_size": 201}, "page_size", "「page_size」必须在 1 到 200 之间"),
    ("/api/v1/records", {"year": 2147483648}, "year", "「year」必须在 1900 到 2999 之间"),
    ("/api/v1/records/export", {"year": 10000}, "year", "「year」必须在 1900 到 2999 之间"),
    ("/api/v1/records", {"q": "赵" * 65}, "q", "「q」不能超过 64 个字符"),
    ("/api/v1/records", {"status": "done"}, "status", "「status」只能是 draft, in_review, returned, approved, terminated"),
])
def test_query_parameters_are_bounded_with_chinese_messages(login_as, url, params, field, message):
    body = _error(login_as(TEACHER_JSGZB).get(url, query_string=params), 422)
    assert body["errors"] == [{"field": field, "location": "query", "message": message}]


@pytest.mark.parametrize("method, url, kwargs, location, field", [
    ("GET", "/api/v1/records", {"query_string": {"q": "四\x00级"}}, "query", "q"),
    ("GET", "/api/v1/tasks", {"query_string": {"q": "\x00"}}, "query", "q"),
    ("GET", "/api/v1/record-types/T\x00", {}, "path", "code"),
    ("POST", "/api/v1/records", {"json": {"record_type": "T\x00", "data": {}}}, "json", "record_type"),
    ("POST", "/api/v1/records", {"json": {"record_type": "T04", "data": {**SEED000_T04, "remark": "a\x00"}}},
     "json", "data.remark"),
    ("POST", "/api/v1/records", {"json": {"record_type": "T04", "data": {"k\x00": 1}}}, "json", "data.k\\0"),
])
def test_nul_characters_are_refused_before_any_query(login_as, method, url, kwargs, location, field):
    teacher = login_as(TEACHER_JSGZB)
    body = _error(teacher.request(method, url, **kwargs), 422)
    assert body["message"] == "提交的内容包含空字符（\\0），请删除后重试"
    assert body["errors"] == [{"field": field, "location": location, "message": f"「{field}」不能包含空字符（\\0）"}]
    assert _record_count(teacher) == 0


def test_nul_in_login_or_upload_is_refused(app, login_as):
    import io
    response = app.test_client().post("/api/v1/auth/tokens", json={"account": "0109\x000023", "password": "x"})
    assert _error(response, 422)["errors"][0]["field"] == "account"
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    response = teacher.post(f"/api/v1/records/{record['id']}/attachments", content_type="multipart/form-data",
                            data={"field": "attachments", "file": (io.BytesIO(b"%PDF-1.4"), "a\x00.pdf")})
    assert _error(response, 422)["errors"][0] == {"field": "file", "location": "files",
                                                  "message": "「file」不能包含空字符（\\0）"}


def test_json_nested_too_deep_is_a_bad_request(login_as):
    teacher = login_as(TEACHER_JSGZB)
    deep = "[" * 100_000 + "]" * 100_000
    response = teacher.post("/api/v1/records", data=deep, headers={"Content-Type": "application/json"})
    assert _error(response, 400)["message"] == "请求体的 JSON 嵌套层数过多"


def test_method_not_allowed_names_the_allowed_methods(login_as):
    response = login_as(TEACHER_JSGZB).request("PUT", "/api/v1/records")
    _error(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_openapi_documents_the_one_envelope_and_the_id_range(app, db_session):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    default = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"]["schema"]
    assert default == {"$ref": "#/components/schemas/ErrorResponse"}
    assert "location" in spec["components"]["schemas"]["ErrorItem"]["properties"]
    param = next(p for p in spec["paths"]["/api/v1/records/{record_id}"]["parameters"] if p["name"] == "record_id")
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": 2147483647}


@pytest.mark.parametrize("workload", [1e10, 10_000_000_000, -1e12, 9999999999.995])
def test_a_workload_beyond_its_column_is_a_field_error(login_as, workload):
    teacher = login_as(TEACHER_JSJ)
    body = _error(teacher.post("/api/v1/records", json={"record_type": "T01", "data": {**T01_DATA, "workload": workload}}), 422)
    assert [e["field"] for e in body["errors"]] == ["workload"]
    assert _record_count(teacher) == 0
    record = create(teacher, "T01", {**T01_DATA, "workload": 9999999999.99})
    assert record["workload"] in ("9999999999.99", 9999999999.99)


def test_bodies_the_json_parser_refuses_are_400_and_a_non_object_body_is_422(login_as):
    teacher = login_as(TEACHER_JSGZB)
    huge = '{"record_type": "T04", "data": {"sessions": ' + "9" * 5000 + "}}"
    response = teacher.post("/api/v1/records", data=huge, headers={"Content-Type": "application/json"})
    assert _error(response, 400)["message"] == "请求体不是合法的 JSON"
    for body in ("[1, 2]", "null"):
        response = teacher.post("/api/v1/records", data=body, headers={"Content-Type": "application/json"})
        assert _error(response, 422)["errors"] == [{"field": "请求体", "location": "json", "message": "「请求体」的类型不正确"}]
    record = create(teacher, "T04", SEED000_T04)
    response = teacher.delete(f"/api/v1/records/{record['id']}", headers={"Content-Type": "application/json"})
    assert response.status_code == 204                       # an empty JSON body is no body, not a bad one
    assert _record_count(teacher) == 0


def test_the_guards_read_every_json_media_type(login_as):
    teacher = login_as(TEACHER_JSGZB)
    body = '{"record_type": "T04", "data": {"task_type": "监\\u0000考"}}'
    response = teacher.post("/api/v1/records", data=body, headers={"Content-Type": "application/merge-patch+json"})
    assert _error(response, 422)["errors"][0]["field"] == "data.task_type"
    response = teacher.post("/api/v1/records", data="{bad", headers={"Content-Type": "application/merge-patch+json"})
    assert _error(response, 400)["message"] == "请求体不是合法的 JSON"
