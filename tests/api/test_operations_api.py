"""The operator console (issue 14 item 2, 3): stuck view, 改派, incidents and 重试, 挂起/恢复/终止, /metrics, 404s."""
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select, update

from flows import DEPT, HR, T01_DATA, TEACHER_JSJ, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, act, create, inbox, record_of, task_for
from samples import copy_definitions

OPERATOR = "operator"
OPS = "/api/v1/operations"


def submitted_t01(login_as) -> tuple[dict, dict]:
    """李明's T01 submitted: it waits at 计算机与网络工程学院's unit review (黄磊, its only other admin)."""
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "T01", T01_DATA, submit=True)
    task = task_for(login_as(UNIT_ADMIN_JSJ), record["id"])
    assert task is not None
    return record, task


def deactivate(app, account: str) -> None:
    from app.extensions import db
    from app.models import User
    with app.app_context():
        db.session.execute(update(User).where(User.account == account).values(is_active=False))
        db.session.commit()


def audit_actions(app, subject: str) -> list[tuple[str, str]]:
    from app.extensions import db
    from app.models import AuditEvent, User
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.action, User.account, AuditEvent.detail)
                                  .join(User, User.id == AuditEvent.actor_id).order_by(AuditEvent.id)).all()
    return [(action, account) for action, account, detail in rows if detail.get("subject") == subject]


def test_a_unit_without_reviewer_shows_its_tasks_as_stuck_and_a_reassigned_task_completes(app, login_as):
    record, task = submitted_t01(login_as)
    operator = login_as(OPERATOR)
    assert task["id"] not in [t["id"] for t in operator.ok("GET", f"{OPS}/stuck")["unstaffed"]]
    deactivate(app, UNIT_ADMIN_JSJ)                     # the unit's only reviewer leaves
    stuck = operator.ok("GET", f"{OPS}/stuck")
    row = next(t for t in stuck["unstaffed"] if t["id"] == task["id"])
    assert row["group"] == "二级单位管理员 · 计算机与网络工程学院" and row["record_id"] == record["id"]

    choices = operator.ok("GET", f"{OPS}/tasks/{task['id']}/assignees")["items"]
    accounts = [c["account"] for c in choices]
    assert UNIT_ADMIN_WXY in accounts and UNIT_ADMIN_JSJ not in accounts and TEACHER_JSJ not in accounts
    lin = next(c for c in choices if c["account"] == UNIT_ADMIN_WXY)
    missing = operator.post(f"{OPS}/tasks/{task['id']}/reassign", json={"user_id": lin["id"]})
    assert missing.status_code == 422                   # why is required
    operator.ok("POST", f"{OPS}/tasks/{task['id']}/reassign", json={"user_id": lin["id"], "reason": "单位暂无审核人"})
    assert task["id"] not in [t["id"] for t in operator.ok("GET", f"{OPS}/stuck")["unstaffed"]]
    assert audit_actions(app, f"user_task:{task['id']}") == [("task.reassign", OPERATOR)]

    lin_api = login_as(UNIT_ADMIN_WXY)
    assert task_for(lin_api, record["id"])["id"] == task["id"]          # in the assignee's inbox
    assert record_of(lin_api, record["id"])["status"] == "in_review"    # and readable by him
    assert task_for(login_as("05019001"), record["id"]) is None         # another unit admin: not his
    assert _reminder_recipients(app, task["id"]) == [lin["id"]]          # reminders go to him too
    act(lin_api, record["id"])
    assert record_of(login_as(TEACHER_JSJ), record["id"])["current_lane"] == "dept"
    act(login_as(DEPT["教务部"]), record["id"])
    assert task_for(login_as(HR), record["id"]) is not None or \
        record_of(login_as(TEACHER_JSJ), record["id"])["status"] == "approved"


def _reminder_recipients(app, task_id: int) -> list[int]:
    """Run the deadline sweep a week ahead; the recipients of the task's 审核即将超时 reminder."""
    from datetime import timedelta

    from app.extensions import db
    from app.models import OutboxMessage, utcnow
    from app.services.deadlines.sweep import sweep_deadlines
    with app.app_context():
        sweep_deadlines(utcnow() + timedelta(days=7))
        payload = db.session.scalar(select(OutboxMessage.payload).where(
            OutboxMessage.dedupe_key == f"deadline_reminder:{task_id}"))
    return payload.get("recipient_ids")


def _broken_unit_reviewers(tmp_path):
    copy_definitions(tmp_path)
    dmn = tmp_path / "rules" / "unit_reviewers.dmn"
    original = dmn.read_text(encoding="utf-8")
    dmn.write_text(re.sub(r'(<outputEntry id="UR1_reviewers"><text>)"unit_admin"', r'\1"教务处"', original),
                   encoding="utf-8")
    return dmn, original


def test_a_failing_decision_table_is_an_incident_and_retry_moves_on_after_the_fix(app, login_as, tmp_path):
    from app.extensions import db
    from app.models import Incident, ProcessInstance
    from app.services.deployment import deploy_from_folder
    record, _task = submitted_t01(login_as)
    act(login_as(UNIT_ADMIN_JSJ), record["id"], "return", "请补充授课班级")
    dmn, original = _broken_unit_reviewers(tmp_path)
    with app.app_context():
        deploy_from_folder(tmp_path, deployed_by="tests")
        db.session.commit()

    teacher = login_as(TEACHER_JSJ)
    response = teacher.post(f"/api/v1/records/{record['id']}/submit", json={})
    assert response.status_code == 200, response.get_json()        # not a 500: the resubmission stands
    assert record_of(teacher, record["id"])["status"] == "in_review"
    assert task_for(login_as(UNIT_ADMIN_JSJ), record["id"]) is None   # not silently routed anywhere
    assert task_for(login_as(HR), record["id"]) is None
    operator = login_as(OPERATOR)
    incident = next(i for i in operator.ok("GET", f"{OPS}/stuck")["incidents"] if i["record_id"] == record["id"])
    assert incident["bpmn_id"] == "unit_review" and "二级单位审核人无法确定" in incident["message"]
    assert incident["can_retry"] is True
    listed = operator.ok("GET", f"{OPS}/instances", query_string={"status": "incident"})["items"]
    assert [i["record_id"] for i in listed] == [record["id"]] and listed[0]["open_incidents"] == 1

    again = operator.post(f"{OPS}/incidents/{incident['id']}/retry", json={"reason": "重试"})
    assert again.status_code == 409 and "重试仍然失败" in again.get_json()["message"]

    dmn.write_text(original, encoding="utf-8")                        # the table fixed and redeployed
    with app.app_context():
        assert any("unit_reviewers" in line for line in deploy_from_folder(tmp_path, deployed_by="tests").created)
        db.session.commit()
    operator.ok("POST", f"{OPS}/incidents/{incident['id']}/retry", json={"reason": "决策表已修复并重新部署"})
    with app.app_context():
        assert db.session.get(Incident, incident["id"]).resolved_at is not None
        assert db.session.scalar(select(ProcessInstance.status).where(ProcessInstance.record_id == record["id"])) == "running"
    assert audit_actions(app, f"incident:{incident['id']}") == [("incident.retry", OPERATOR)]
    act(login_as(UNIT_ADMIN_JSJ), record["id"])                        # the review goes on normally
    assert record_of(teacher, record["id"])["current_lane"] == "dept"


def test_suspend_blocks_review_resume_releases_it_terminate_ends_it(app, login_as):
    from app.extensions import db
    from app.models import ProcessInstance
    record, task = submitted_t01(login_as)
    with app.app_context():
        instance_id = db.session.scalar(select(ProcessInstance.id).where(ProcessInstance.record_id == record["id"]))
    operator = login_as(OPERATOR)
    operator.ok("POST", f"{OPS}/instances/{instance_id}/suspend", json={"reason": "核查数据"})
    reviewer = login_as(UNIT_ADMIN_JSJ)
    refused = reviewer.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    assert refused.status_code == 409 and "挂起" in refused.get_json()["message"]
    assert operator.post(f"{OPS}/instances/{instance_id}/suspend", json={"reason": "x"}).status_code == 409
    operator.ok("POST", f"{OPS}/instances/{instance_id}/resume", json={"reason": "核查完毕"})
    operator.ok("POST", f"{OPS}/instances/{instance_id}/terminate", json={"reason": "重复填报"})
    assert record_of(login_as(TEACHER_JSJ), record["id"])["status"] == "terminated"
    assert task_for(reviewer, record["id"]) is None
    assert [a for a, _ in audit_actions(app, f"process_instance:{instance_id}")] == [
        "instance.suspend", "instance.resume", "instance.terminate"]


def test_the_instance_list_filters_by_status_process_lane_unit_and_age(app, login_as):
    record, _task = submitted_t01(login_as)
    operator = login_as(OPERATOR)
    filters = operator.ok("GET", f"{OPS}/instances/filters")
    assert {"key": "workload_approval"} .items() <= next(p for p in filters["processes"]
                                                        if p["key"] == "workload_approval").items()
    unit = next(u["id"] for u in filters["units"] if u["name"] == "计算机与网络工程学院")
    other = next(u["id"] for u in filters["units"] if u["name"] == "文学院")

    def ids(**query):
        return [i["record_id"] for i in operator.ok("GET", f"{OPS}/instances", query_string=query)["items"]]
    assert record["id"] in ids(status="running", process_key="workload_approval", lane="unit", unit_id=unit)
    assert record["id"] not in ids(lane="dept")
    assert record["id"] not in ids(unit_id=other)
    assert record["id"] not in ids(older_than_days=1)
    assert record["id"] not in ids(status="completed")


def _metrics(app, client, headers=None):
    response = client.get("/metrics", headers=headers or {})
    return response


def test_metrics_parse_and_match_the_database(app, login_as, monkeypatch):
    from app.extensions import db
    from app.models import OutboxMessage, ProcessInstance, UserTask
    submitted_t01(login_as)
    create(login_as(TEACHER_JSJ), "T01", {**T01_DATA, "teaching_class": "计科2302班"}, submit=True)
    response = login_as(OPERATOR).get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    with app.app_context():
        running = db.session.scalar(select(func.count()).select_from(ProcessInstance).where(ProcessInstance.status == "running"))
        unit_open = db.session.scalar(select(func.count()).select_from(UserTask).where(
            UserTask.status == "open", UserTask.lane == "unit", UserTask.candidate_role != "applicant"))
        all_open = db.session.scalar(select(func.count()).select_from(UserTask).where(
            UserTask.status == "open", UserTask.candidate_role != "applicant"))
        pending = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert running >= 2 and samples[("hrperf_process_instances", (("status", "running"),))] == running
    assert samples[("hrperf_open_tasks", (("lane", "unit"),))] == unit_open
    assert samples[("hrperf_open_task_age_seconds_count", ())] == all_open
    assert samples[("hrperf_open_task_age_seconds_bucket", (("le", "3600.0"),))] == all_open   # all just opened
    assert samples[("hrperf_outbox_backlog", ())] == pending
    assert ("hrperf_outbox_failed", ()) in samples
    assert any(name == "hrperf_request_duration_seconds_count" for name, _ in samples)


@pytest.mark.parametrize("account", [TEACHER_JSJ, UNIT_ADMIN_JSJ, DEPT["教务部"], HR, "processadmin", "sysadmin"])
def test_every_other_role_gets_404_from_the_operator_api_and_metrics(login_as, account):
    caller = login_as(account)
    for url in (f"{OPS}/instances", f"{OPS}/instances/filters", f"{OPS}/stuck", f"{OPS}/figures", "/metrics"):
        assert caller.get(url).status_code == 404, url
    assert caller.post(f"{OPS}/instances/1/terminate", json={"reason": "x"}).status_code == 404
    assert caller.post(f"{OPS}/tasks/1/reassign", json={"user_id": 1, "reason": "x"}).status_code == 404


def test_metrics_take_the_scrape_token(app, anonymous, monkeypatch):
    assert anonymous.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "scrape-secret-1234")
    assert anonymous.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert anonymous.get("/metrics", headers={"Authorization": "Bearer scrape-secret-1234"}).status_code == 200


def test_the_dashboard_figures_are_the_operators(login_as):
    submitted_t01(login_as)
    figures = login_as(OPERATOR).ok("GET", f"{OPS}/figures")
    assert figures["instances"]["running"] >= 1 and figures["open_tasks"]["unit"] >= 1
    assert figures["task_age_buckets"][0] == {"le_hours": 1.0, "count": figures["task_age_count"]}
    assert inbox(login_as(UNIT_ADMIN_JSJ))["total"] >= 1


def test_jump_sends_an_instance_back_to_a_step_it_has_passed(app, login_as):
    from app.extensions import db
    from app.models import ProcessInstance
    record, _task = submitted_t01(login_as)
    act(login_as(UNIT_ADMIN_JSJ), record["id"])                         # now at 教务部
    with app.app_context():
        instance_id = db.session.scalar(select(ProcessInstance.id).where(ProcessInstance.record_id == record["id"]))
    operator = login_as(OPERATOR)
    steps = operator.ok("GET", f"{OPS}/instances/{instance_id}/steps")["items"]
    assert steps == [{"bpmn_id": "unit_review", "name": "二级单位审核"}]
    refused = operator.post(f"{OPS}/instances/{instance_id}/jump", json={"bpmn_id": "hr_review", "reason": "x"})
    assert refused.status_code == 422
    operator.ok("POST", f"{OPS}/instances/{instance_id}/jump", json={"bpmn_id": "unit_review", "reason": "单位需复核"})
    assert task_for(login_as(DEPT["教务部"]), record["id"]) is None
    assert record_of(login_as(TEACHER_JSJ), record["id"])["current_lane"] == "unit"
    act(login_as(UNIT_ADMIN_JSJ), record["id"])                         # the step runs again, then on as before
    assert task_for(login_as(DEPT["教务部"]), record["id"]) is not None
    assert audit_actions(app, f"process_instance:{instance_id}") == [("instance.jump", OPERATOR)]
