"""The 撤回 approval is a BPMN process routed by a decision table (catalog §3.4; issue 7 item 4).

processes/withdrawal_approval.bpmn asks rules/withdrawal_approver.dmn which lane decides; the lane's
candidate group (services/candidates.py) decides through /withdrawals/{id}/decision. The request and the decision
appear in the record's 流程图 and 审核记录 like every other approval.
"""
from __future__ import annotations

import json

from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, create, record_of, route_of
from samples import copy_definitions

REASON = "考试场次填写有误，需修改"


def _deploy(app, tmp_path, *, approver: str | None = None) -> None:
    """Deploy the shipped definitions with T04 under withdraw_approval and, when ``approver`` is given, row
    W1 of withdrawal_approver.dmn changed to that lane: a table edit and a deploy, nothing else."""
    from app.extensions import db
    from app.services.deployment import deploy_from_folder
    root = copy_definitions(tmp_path / "definitions")
    form = root / "forms" / "T04.json"
    doc = json.loads(form.read_text(encoding="utf-8"))
    doc["post_approval_policy"] = "withdraw_approval"
    form.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    if approver is not None:
        dmn = root / "rules" / "withdrawal_approver.dmn"
        text = dmn.read_text(encoding="utf-8")
        edited = text.replace('<outputEntry id="W1_approver_lane"><text>"unit"</text>',
                              f'<outputEntry id="W1_approver_lane"><text>"{approver}"</text>')
        assert edited != text
        dmn.write_text(edited, encoding="utf-8")
    with app.app_context():
        report = deploy_from_folder(root, deployed_by="tests")       # rolled back with the test
        db.session.close()
    assert any(line.startswith("form T04 v") for line in report.created)
    if approver is not None:
        assert {"decision withdrawal_approver v2", "process withdrawal_approval v2"} <= set(report.created)


def _approved_t04(login_as) -> dict:
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    assert route_of(login_as, record["id"]) == [UNIT_ADMIN_JSGZB, DEPT["教务部"], HR]
    return record


def _withdrawals(api, **params) -> list[dict]:
    return api.ok("GET", "/api/v1/withdrawals", query_string=params)["items"]


def test_the_unit_decides_a_withdrawal_in_a_process_shown_in_diagram_and_trail(login_as, app, tmp_path):
    _deploy(app, tmp_path)
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    record = _approved_t04(login_as)
    request = teacher.ok("POST", f"/api/v1/records/{record['id']}/withdraw", 201, json={"reason": REASON})

    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert diagram["process_key"] == "withdrawal_approval" and diagram["status"] == "running"
    assert diagram["active"] == ["unit_withdrawal_review"] and "decide_withdrawal_approver" in diagram["completed"]
    assert unit.ok("GET", "/api/v1/tasks")["total"] == 0              # decided on /withdrawals, not in the 审核 inbox
    assert record_of(teacher, record["id"])["status"] == "approved"

    unit.ok("POST", f"/api/v1/withdrawals/{request['id']}/decision", json={"agree": False, "note": "已用于考核"})
    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert diagram["status"] == "completed" and "end_rejected" in diagram["completed"]
    trail = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")
    assert [(e["step"], e["action_label"], e["actor"]["name"]) for e in trail[-2:]] == [
        ("申请人", "申请撤回", "赵志睿"), ("二级单位审核", "不同意撤回", "曹阳")]


def test_changing_who_approves_a_withdrawal_is_a_table_edit_and_a_deploy(login_as, app, tmp_path):
    _deploy(app, tmp_path, approver="hr")                           # W1: "unit" → "hr"
    teacher, unit, hr = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB), login_as(HR)
    record = _approved_t04(login_as)
    request = teacher.ok("POST", f"/api/v1/records/{record['id']}/withdraw", 201, json={"reason": REASON})

    assert _withdrawals(unit, handling="pending") == []
    assert unit.post(f"/api/v1/withdrawals/{request['id']}/decision", json={"agree": True}).status_code == 404
    [row] = _withdrawals(hr, handling="pending")
    assert row["id"] == request["id"] and row["can_decide"] is True
    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert diagram["version"] == 2 and diagram["active"] == ["hr_withdrawal_review"]

    agreed = hr.ok("POST", f"/api/v1/withdrawals/{request['id']}/decision", json={"agree": True, "note": "同意"})
    assert (agreed["outcome"], agreed["handled_by"]["name"]) == ("withdrawn", "潘婷")
    assert record_of(teacher, record["id"])["status"] == "draft"
    last = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")[-1]
    assert (last["step"], last["action_label"], last["actor"]["name"]) == ("人力资源部审核", "撤回", "潘婷")
    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert {"hr_withdrawal_review", "end_withdrawn"} <= set(diagram["completed"])


def test_a_request_filed_before_withdrawals_were_processes_is_still_decided(login_as, app, tmp_path):
    """A pending request without an instance (written before migration 0003) is listed for the owner unit's
    admins and decided by them; the process is started at that moment."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import ProcessInstance, Record, WithdrawalRequest, utcnow
    _deploy(app, tmp_path)
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    record = _approved_t04(login_as)
    with app.app_context():
        owner = db.session.get(Record, record["id"])
        legacy = WithdrawalRequest(record_id=owner.id, record_type_code="T04", record_title=owner.title, reason=REASON,
                                   requested_by_id=owner.submitter_id, requested_at=utcnow(), handling="pending")
        db.session.add(legacy)
        db.session.commit()
        legacy_id = legacy.id
    [row] = _withdrawals(unit, handling="pending")
    assert row["id"] == legacy_id and row["can_decide"] is True
    agreed = unit.ok("POST", f"/api/v1/withdrawals/{legacy_id}/decision", json={"agree": True})
    assert agreed["outcome"] == "withdrawn" and record_of(teacher, record["id"])["status"] == "draft"
    with app.app_context():
        request = db.session.get(WithdrawalRequest, legacy_id)
        instance = db.session.get(ProcessInstance, request.instance_id)
        assert instance.status == "completed"
        assert db.session.scalar(select(ProcessInstance.id).where(ProcessInstance.record_id == record["id"])
                                 .order_by(ProcessInstance.id.desc()).limit(1)) == instance.id
