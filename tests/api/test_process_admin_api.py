"""The 流程管理员's console API (issue 14 items 1 and 3): definitions with versions, drafts refused by 校验
and 部署 with line and reason, route preview equal to the route a real submission takes, deploy with
``deployed_by``, and migration of waiting instances after a route change."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from flows import (DEPT, G01_DATA, HR, M01_DATA, R01_DATA, SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ,
                   TEACHER_WXY, UNIT_ADMIN_JSJ, act, create, route_of)
from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed
from samples import example

ADMIN = "processadmin"
BASE = "/api/v1/process-admin"


def _versions(app) -> int:
    from app.extensions import db
    from app.models import DefinitionVersion
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DefinitionVersion))


def _draft(api, kind: str, key: str) -> dict:
    return api.ok("POST", f"{BASE}/drafts", json={"kind": kind, "key": key})


def _save(api, draft: dict, source: str) -> dict:
    return api.ok("PUT", f"{BASE}/drafts/{draft['id']}", json={"source": source})


@pytest.mark.parametrize("account", [TEACHER_JSJ, UNIT_ADMIN_JSJ, DEPT["教务部"], HR, "operator", "sysadmin"])
def test_every_other_role_gets_404(login_as, account):
    api = login_as(account)
    assert api.get(f"{BASE}/definitions").status_code == 404
    assert api.post(f"{BASE}/drafts", json={"kind": "decision", "key": "route_steps"}).status_code == 404
    assert api.post(f"{BASE}/route-preview", json={"record_type": "T04", "owner_account": TEACHER_JSJ}).status_code == 404


def test_definitions_list_versions_usage_and_running_instances(login_as):
    create(login_as(TEACHER_JSJ), "T04", SEED000_T04, submit=True)
    items = {(d["kind"], d["key"]): d for d in login_as(ADMIN).ok("GET", f"{BASE}/definitions")}
    process = items[("process", "workload_approval")]
    assert process["path"] == "processes/workload_approval.bpmn" and process["name"]
    assert "T04" in [t["code"] for t in process["record_types"]]
    assert process["versions"][0]["running_instances"] >= 1 and len(process["versions"][0]["sha256"]) == 64
    assert "process workload_approval" in items[("decision", "route_steps")]["used_by"]
    assert "form T04" in items[("decision", "workload_T04")]["used_by"]
    assert [t["code"] for t in items[("form", "A19")]["record_types"]] == ["A19"]


SCRIPT = ('<bpmn:scriptTask id="evil" name="x"><bpmn:script>__import__("os").system("id")</bpmn:script>'
          '</bpmn:scriptTask>\n')
REFUSALS = {
    "a scriptTask": (lambda x: x.replace("</bpmn:process>", SCRIPT + "</bpmn:process>", 1), "bpmn:scriptTask is not allowed"),
    "__import__ in a condition": (lambda x: x.replace("decision == 'approve'", "__import__('os') == 'approve'", 1),
                                  "__import__"),
    "an unknown lane": (lambda x: x.replace('name="hr"', 'name="finance"', 1), "lane name 'finance'"),
    "a DTD with an external entity": (lambda x: x.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1),
        "DTDs and entities are not allowed"),
    "malformed XML": (lambda x: x.replace("</bpmn:process>", "</bpmn:proces>", 1), "malformed XML"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_dangerous_or_broken_draft_is_refused_by_validate_and_deploy_with_line_and_reason(login_as, app, case):
    edit, reason = REFUSALS[case]
    api = login_as(ADMIN)
    draft = _draft(api, "process", "workload_approval")
    edited = edit(draft["source"])
    assert edited != draft["source"]
    _save(api, draft, edited)
    before = _versions(app)
    verdict = api.ok("POST", f"{BASE}/drafts/{draft['id']}/validate")
    assert verdict["valid"] is False
    found = [p for p in verdict["problems"] if reason in p["message"]]
    assert found and all(p["line"] and p["message"].startswith(f"line {p['line']}: ") for p in found), verdict
    refused = api.post(f"{BASE}/drafts/{draft['id']}/deploy")
    assert refused.status_code == 422 and any(reason in e["message"] for e in refused.get_json()["errors"])
    assert _versions(app) == before


def test_a_dmn_cell_outside_the_supported_form_and_a_ui_schema_naming_a_missing_field_are_refused(login_as):
    api = login_as(ADMIN)
    dmn = _draft(api, "decision", "route_steps")
    _save(api, dmn, dmn["source"].replace('<text>"G01"</text>', "<text>record_type.upper()</text>", 1))
    problems = api.ok("POST", f"{BASE}/drafts/{dmn['id']}/validate")["problems"]
    assert any("input entry 'record_type.upper()'" in p["message"] and p["line"] for p in problems), problems
    form = _draft(api, "form", "T04")
    _save(api, form, form["source"].replace('"ui:order": [', '"ui:order": ["no_such_field", ', 1))
    problems = api.ok("POST", f"{BASE}/drafts/{form['id']}/validate")["problems"]
    assert any("no_such_field" in p["message"] for p in problems), problems


def _preview(api, **body) -> dict:
    return api.ok("POST", f"{BASE}/route-preview", json=body)


def _research(owner: str) -> dict:
    return {**R01_DATA, "research_owner": owner}


def _dynamic() -> dict:
    return example("D01")


ROWS = {   # row → (teacher, record type, data): functional_lane F1–F9 and route_steps U1, U3 (U2: the import below)
    "F1": (TEACHER_JSJ, "T01", {**T01_DATA, "course_owner_dept": "教务部"}),
    "F2": (TEACHER_JSJ, "T01", {**T01_DATA, "course_owner_dept": "学工部"}),
    "F3 U3": (TEACHER_JSJ, "T01", {**T01_DATA, "course_owner_dept": "保卫部"}),
    "F4": (TEACHER_JSJ, "T04", SEED000_T04),
    "F5 U1": (TEACHER_JSJ, "G01", G01_DATA),
    "F6": (TEACHER_JSGZB, "R01", _research("科学技术部")),
    "F7": (TEACHER_WXY, "R01", R01_DATA),
    "F8": (TEACHER_JSJ, "M01", M01_DATA),
    "F9": (TEACHER_JSJ, "D01", None),
}


def _accounts(route: dict) -> list[set[str]]:
    return [{r["account"] for r in step["reviewers"]} for step in route["steps"]]


@pytest.mark.parametrize("row", sorted(ROWS))
def test_route_preview_is_the_route_a_real_submission_takes(login_as, row):
    teacher, code, data = ROWS[row]
    data = _dynamic() if data is None else data
    admin = login_as(ADMIN)
    preview = _preview(admin, record_type=code, data=data, owner_account=teacher)["current"]
    assert preview["error"] is None and preview["end"] == "end_approved", preview
    record = create(login_as(teacher), code, data, submit=True)
    taken = route_of(login_as, record["id"])
    assert len(taken) == len(preview["steps"])
    assert all(account in reviewers for account, reviewers in zip(taken, _accounts(preview), strict=True)), (taken, preview)
    by_record = _preview(admin, record_type=code, record_id=record["id"])["current"]
    assert [s["bpmn_id"] for s in by_record["steps"]] == [s["bpmn_id"] for s in preview["steps"]]


def test_route_preview_of_an_imported_record_skips_the_unit_step_as_its_review_does(login_as):
    unit_admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(unit_admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    unit_admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    record_id = unit_admin.ok("GET", "/api/v1/records", query_string={"record_type": "T03"})["items"][0]["id"]
    preview = _preview(login_as(ADMIN), record_type="T03", record_id=record_id)["current"]     # row U2
    assert [s["lane"] for s in preview["steps"]] == ["dept", "hr"]
    assert "unit_review" in [s["bpmn_id"] for s in preview["skipped"]]
    taken = route_of(login_as, record_id)
    assert all(account in reviewers for account, reviewers in zip(taken, _accounts(preview), strict=True))


def _merge_baowei(api) -> dict:
    """The draft of functional_lane with 保卫部 merged into 学工部 (row F3's output)."""
    draft = _draft(api, "decision", "functional_lane")
    edited = draft["source"].replace('<outputEntry id="F3_dept_lane"><text>"保卫部"</text>',
                                     '<outputEntry id="F3_dept_lane"><text>"学工部"</text>')
    assert edited != draft["source"]
    return _save(api, draft, edited)


def test_preview_under_a_draft_and_deploy_records_who_deployed(login_as, app):
    admin = login_as(ADMIN)
    draft = _merge_baowei(admin)
    both = _preview(admin, record_type="T01", data={**T01_DATA, "course_owner_dept": "保卫部"}, owner_account=TEACHER_JSJ,
                    draft_id=draft["id"])
    assert [s["department"] for s in both["current"]["steps"]][1] == "保卫部"
    assert [s["department"] for s in both["draft"]["steps"]][1] == "学工部"
    before = _versions(app)
    report = admin.ok("POST", f"{BASE}/drafts/{draft['id']}/deploy", 201)
    assert {"decision functional_lane v2", "process workload_approval v2"} <= set(report["created"])
    assert _versions(app) == before + 2
    items = {(d["kind"], d["key"]): d for d in admin.ok("GET", f"{BASE}/definitions")}
    newest = items[("decision", "functional_lane")]["versions"][0]
    assert newest["version"] == 2 and newest["deployed_by"] == ADMIN
    assert items[("process", "workload_approval")]["versions"][0]["deployed_by"] == ADMIN
    assert admin.get(f"{BASE}/drafts/{draft['id']}").status_code == 404      # the draft became the version
    old = items[("decision", "functional_lane")]["versions"][1]["id"]
    diff = admin.ok("GET", f"{BASE}/versions/{newest['id']}/diff", query_string={"against": old})
    assert '-        <outputEntry id="F3_dept_lane"><text>"保卫部"</text></outputEntry>' in diff["diff"]
    export = admin.get(f"{BASE}/versions/{newest['id']}/export")
    assert export.status_code == 200 and export.mimetype == "application/zip"

    from app.extensions import db
    from app.models import AuditEvent
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"definition.draft_open", "definition.draft_save", "definition.deploy", "definition.export"} <= actions


def test_a_route_change_leaves_waiting_instances_on_v1_and_migration_moves_those_at_the_unit_step(login_as):
    teacher, unit_admin, admin = login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSJ), login_as(ADMIN)
    baowei = {**T01_DATA, "course_owner_dept": "保卫部"}
    at_unit = create(teacher, "T01", baowei, submit=True)
    at_dept = create(teacher, "T01", {**baowei, "teaching_class": "计科2302班"}, submit=True)
    act(unit_admin, at_dept["id"])                                 # now waiting at 职能部门审核（保卫部）
    draft = _merge_baowei(admin)
    admin.ok("POST", f"{BASE}/drafts/{draft['id']}/deploy", 201)

    preview = admin.ok("GET", f"{BASE}/processes/workload_approval/migration")
    by_record = {i["record_id"]: i for i in preview["instances"]}
    assert by_record[at_unit["id"]]["can_move"] is True and by_record[at_unit["id"]]["version"] == 1
    assert by_record[at_dept["id"]]["can_move"] is False
    assert "职能部门审核（保卫部）" in by_record[at_dept["id"]]["reason"]

    result = admin.ok("POST", f"{BASE}/processes/workload_approval/migration", json={})
    outcome = {r["record_id"]: r for r in result["results"]}
    assert outcome[at_unit["id"]]["moved"] is True
    assert outcome[at_dept["id"]]["moved"] is False and "保卫部" in outcome[at_dept["id"]]["reason"]
    # the moved record follows v2 (学工部), the other finishes on v1 (保卫部)
    assert route_of(login_as, at_unit["id"]) == [UNIT_ADMIN_JSJ, DEPT["学工部"], HR]
    assert route_of(login_as, at_dept["id"]) == [DEPT["保卫部"], HR]
    remaining = admin.ok("GET", f"{BASE}/processes/workload_approval/migration")["instances"]
    assert at_unit["id"] not in {i["record_id"] for i in remaining}


def test_a_draft_equal_to_the_deployed_version_is_not_deployed_and_a_form_draft_that_is_not_json_is_refused(login_as, app):
    api = login_as(ADMIN)
    draft = _draft(api, "decision", "route_steps")
    assert api.ok("POST", f"{BASE}/drafts", json={"kind": "decision", "key": "route_steps"})["id"] == draft["id"]
    before = _versions(app)
    unchanged = api.post(f"{BASE}/drafts/{draft['id']}/deploy")
    assert unchanged.status_code == 409 and unchanged.get_json()["message"] == "草稿与当前部署版本相同，无需部署"
    assert _versions(app) == before
    form = _draft(api, "form", "T04")
    _save(api, form, form["source"].replace('"code": "T04",', '"code": "T04"', 1))
    problems = api.ok("POST", f"{BASE}/drafts/{form['id']}/validate")["problems"]
    assert problems[0]["file"] == "forms/T04.json" and problems[0]["line"] and "不是合法的 JSON" in problems[0]["message"]
    assert [d["id"] for d in api.ok("GET", f"{BASE}/drafts")] == [form["id"], draft["id"]]
    api.ok("DELETE", f"{BASE}/drafts/{form['id']}", 204)
    assert api.get(f"{BASE}/drafts/{form['id']}").status_code == 404
