"""批量审核 through the API (catalog §5.3): 通过 / 退回 over selected or filtered rows, per-record results."""
from flows import (DEPT, SEED000_T04, TEACHER_JSGZB, TEACHER_WXY, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, create, inbox,
                   record_of)


def _file(teacher, n: int, **data) -> list[dict]:
    return [create(teacher, "T04", SEED000_T04 | {"sessions": i + 1} | data, submit=True) for i in range(n)]


def test_batch_approval_of_selected_rows_needs_no_signature(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    records = _file(teacher, 3)
    ids = [i["id"] for i in inbox(unit, record_type="T04")["items"]]
    body = unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "task_ids": ids})
    assert (body["total"], body["succeeded"], body["failed"]) == (3, 3, 0)
    assert {r["label"] for r in body["results"]} == {"成功"}
    assert {r["record_id"] for r in body["results"]} == {r["id"] for r in records}
    assert inbox(unit, record_type="T04")["total"] == 0
    assert inbox(login_as(DEPT["教务部"]), record_type="T04")["total"] == 3      # the next lane has them
    trail = unit.ok("GET", f"/api/v1/records/{records[0]['id']}/trail")
    approve = next(e for e in trail if e["action"] == "approve")
    assert approve["signature_version"] is None


def test_a_second_batch_reports_already_handled_and_other_scopes(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    _file(teacher, 2)
    other = _file(login_as(TEACHER_WXY), 1)[0]
    ids = [i["id"] for i in inbox(unit, record_type="T04")["items"]]
    foreign = inbox(login_as(UNIT_ADMIN_WXY), record_type="T04")["items"][0]["id"]
    unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "task_ids": ids[:1]})
    body = unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "task_ids": [*ids, foreign]})
    assert [r["label"] for r in body["results"]] == ["已由他人处理", "成功", "不在您的审核范围"]
    assert body["results"][0]["detail"].startswith("该记录已由 曹阳 于 ")
    assert body["results"][2]["record_id"] is None and body["results"][2]["title"] is None
    assert body["results"][2]["owner"] is None and body["results"][1]["owner"] == "赵志睿"
    assert record_of(login_as(UNIT_ADMIN_WXY), other["id"])["status"] == "in_review"


def test_batch_return_needs_the_shared_comment_and_returns_every_record(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    records = _file(teacher, 2)
    ids = [i["id"] for i in inbox(unit, record_type="T04")["items"]]
    refused = unit.post("/api/v1/tasks/batch", json={"action": "return", "task_ids": ids})
    assert refused.status_code == 422 and refused.get_json()["message"] == "批量退回时必须填写审核意见"
    assert unit.post("/api/v1/tasks/batch", json={"action": "terminate", "task_ids": ids, "comment": "x"}).status_code == 422
    body = unit.ok("POST", "/api/v1/tasks/batch", json={"action": "return", "task_ids": ids, "comment": "请补充附件"})
    assert body["succeeded"] == 2
    for record in records:
        assert record_of(teacher, record["id"])["status"] == "returned"


def test_every_filtered_row_and_the_500_limit(login_as, monkeypatch):
    from app.services.review import batch
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    _file(teacher, 2)
    _file(teacher, 1, assessment_year=2024)
    body = unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "filter": {"record_type": "T04",
                                                                                         "year": 2025}})
    assert body["succeeded"] == 2
    assert [i["record"]["assessment_year"] for i in inbox(unit, record_type="T04")["items"]] == [2024]
    monkeypatch.setattr(batch, "MAX_BATCH", 0)
    refused = unit.post("/api/v1/tasks/batch", json={"action": "approve", "filter": {"record_type": "T04"}})
    assert refused.status_code == 422 and refused.get_json()["message"].startswith("批量审核每次最多 0 条记录")
    too_many = unit.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": list(range(1, 502))})
    assert too_many.status_code == 422
    assert unit.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": []}).status_code == 422


def test_a_record_changed_since_the_list_was_read_is_not_decided(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    _file(teacher, 1)
    item = inbox(unit, record_type="T04")["items"][0]
    body = unit.ok("POST", "/api/v1/tasks/batch", json={
        "action": "approve", "task_ids": [item["id"]],
        "record_versions": {str(item["id"]): item["record"]["version"] + 1}})
    assert [r["label"] for r in body["results"]] == ["记录已变更"]
    assert inbox(unit, record_type="T04")["total"] == 1
