"""撤回 an approved record, the 撤回记录 list and the citation lock, through the API (catalog §3.4, §3.5)."""
import json

import pytest
from sqlalchemy import select

from conftest import ROOT
from flows import (DEPT, HR, HR_2, SEED000_T04, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, create,
                   record_of, route_of)

T04_NAME = "其他上级部门要求承办的各类考试（个人）"
T04_ROUTE = [UNIT_ADMIN_JSGZB, DEPT["教务部"], HR]
REASON = "考试场次填写有误，需修改"
CITED_NOTE = "该业绩已被引用，不能撤回"


def _approved_t04(login_as, teacher) -> dict:
    """A T04 record of 赵志睿 approved along 曹阳 → 邓超 → 潘婷 (the seed-000 route)."""
    record = create(teacher, "T04", SEED000_T04, submit=True)
    assert route_of(login_as, record["id"]) == T04_ROUTE
    return record_of(teacher, record['id'])


def _withdraw(api, record_id: int, reason: str | None = REASON, status: int = 201) -> dict:
    return api.ok("POST", f"/api/v1/records/{record_id}/withdraw", status, json={"reason": reason})


def _decide(api, request_id: int, agree: bool, note: str | None = None, status: int = 200) -> dict:
    return api.ok("POST", f"/api/v1/withdrawals/{request_id}/decision", status, json={"agree": agree, "note": note})


def _withdrawals(api, **params) -> dict:
    return api.ok("GET", "/api/v1/withdrawals", query_string=params)


def _outbox(app, event_type: str) -> list[dict]:
    from app.extensions import db
    from app.models import OutboxMessage
    with app.app_context():
        rows = [m.payload for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.event_type == event_type).order_by(OutboxMessage.id))]
        db.session.close()
    return rows


@pytest.fixture
def t04_policy(app, tmp_path):
    """Deploy a new T04 form version whose post_approval_policy is ``policy`` (no shipped workload form
    uses withdraw_approval, none or change_request). The test's rollback removes the version (the caches
    of deployed versions are keyed by content, so a reused id is never served stale)."""
    from app.extensions import db
    from app.models import RecordType
    from app.services.deployment import deploy_from_folder

    def _deploy(policy: str) -> None:
        root = tmp_path / policy
        (root / "forms").mkdir(parents=True)
        for folder in ("processes", "rules"):
            (root / folder).symlink_to(ROOT / folder)
        doc = json.loads((ROOT / "forms" / "T04.json").read_text(encoding="utf-8"))
        doc["post_approval_policy"] = policy
        (root / "forms" / "T04.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        with app.app_context():
            report = deploy_from_folder(root, deployed_by="tests")
            rtype = db.session.get(RecordType, "T04")
            assert rtype.post_approval_policy == policy
            db.session.close()
        assert any(line.startswith("form T04 v") for line in report.created)

    return _deploy


def test_withdrawing_an_uncited_record_returns_it_to_draft_and_out_of_the_totals(login_as, app):
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    done = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04", "status": "approved"})
    assert done["total"] == 1 and done["totals"]["workload"] == 4 and done["tabs"]["approved"] == 1

    request = _withdraw(teacher, record["id"])
    assert (request["handling_label"], request["outcome_label"], request["reason"]) == ("已处理", "撤回成功", REASON)
    assert request["record_id"] == record["id"] and request["handled_at"] and request["note"] is None

    after = record_of(teacher, record["id"])
    assert (after["status"], after["status_label"], after["approved_at"]) == ("draft", "未提交", None)
    done = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04", "status": "approved"})
    assert done["total"] == 0 and done["totals"]["workload"] == 0 and done["tabs"].get("approved", 0) == 0
    assert done["tabs"]["draft"] == 1

    page = _withdrawals(teacher)
    assert page["total"] == 1
    row = page["items"][0]
    assert (row["record_type_name"], row["record_title"], row["handling_label"], row["outcome_label"]) == (
        T04_NAME, "大学四级考试", "已处理", "撤回成功")
    assert row["reason"] == REASON and row["requested_at"] and row["requester"]["name"] == "赵志睿"
    assert row["record_id"] == record["id"] and row["can_decide"] is False

    trail = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")
    last = trail[-1]
    assert (last["step"], last["actor"]["name"], last["action_label"], last["comment"]) == ("申请人", "赵志睿", "撤回", REASON)
    [notice] = _outbox(app, "record_withdrawal")
    assert notice["recipient_ids"] == [record["owner"]["id"]] and notice["link"] == f"/records/{record['id']}"


def test_a_cited_record_is_refused_and_the_refusal_is_logged(login_as, app):
    teacher, hr_admin = login_as(TEACHER_JSGZB), login_as(HR_2)
    record = _approved_t04(login_as, teacher)
    cited = hr_admin.ok("POST", f"/api/v1/records/{record['id']}/citations", 201,
                        json={"kind": "title_application", "ref": "ZC-2025-017"})
    assert cited["is_cited"] is True
    assert [(c["kind_label"], c["ref"]) for c in cited["cited_by"]] == [("职称申报", "ZC-2025-017")]

    request = _withdraw(teacher, record["id"])
    assert (request["handling_label"], request["outcome_label"], request["note"]) == ("已处理", "不予撤回", CITED_NOTE)
    assert request["handled_by"] is None and request["handled_at"]
    after = record_of(teacher, record["id"])
    assert (after["status"], after["status_label"], after["version"]) == ("approved", "已完成", record["version"] + 1)

    [row] = _withdrawals(teacher)["items"]
    assert (row["outcome_label"], row["note"], row["reason"]) == ("不予撤回", CITED_NOTE, REASON)
    assert _withdrawals(teacher, outcome="refused")["total"] == 1
    assert _withdrawals(teacher, outcome="withdrawn")["total"] == 0
    assert _outbox(app, "record_withdrawal") == []
    assert all(e["action"] != "withdraw" for e in teacher.ok("GET", f"/api/v1/records/{record['id']}/trail"))


def test_citing_twice_with_the_same_reference_adds_nothing(login_as):
    teacher, hr_admin = login_as(TEACHER_JSGZB), login_as(HR_2)
    record = _approved_t04(login_as, teacher)
    body = {"kind": "settlement", "ref": "2025"}
    hr_admin.ok("POST", f"/api/v1/records/{record['id']}/citations", 201, json=body)
    again = hr_admin.ok("POST", f"/api/v1/records/{record['id']}/citations", 201, json=body)
    assert [c["kind_label"] for c in again["cited_by"]] == ["工作量结算"]


@pytest.mark.parametrize("account", [TEACHER_JSGZB, UNIT_ADMIN_JSGZB, HR])
def test_only_an_hr_admin_may_cite_a_record(login_as, account):
    """Can anyone but 人力资源部's admin (蒋文) cite a record? No: 403."""
    record = _approved_t04(login_as, login_as(TEACHER_JSGZB))
    response = login_as(account).post(f"/api/v1/records/{record['id']}/citations",
                                      json={"kind": "title_application", "ref": "ZC-1"})
    assert response.status_code == 403 and response.get_json()["code"] == "permission_denied"


def test_only_approved_records_can_be_cited(login_as):
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    response = login_as(HR_2).post(f"/api/v1/records/{record['id']}/citations", json={"kind": "info_report", "ref": "B-1"})
    assert response.status_code == 409 and response.get_json()["message"] == "只有审核通过的业绩才能被引用"
    response = login_as(HR_2).post(f"/api/v1/records/{record['id']}/citations", json={"kind": "salary", "ref": "B-1"})
    assert response.status_code == 422


@pytest.mark.parametrize("submit", [False, True], ids=["draft", "in_review"])
def test_a_record_that_is_not_approved_cannot_be_withdrawn(login_as, submit):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=submit)
    response = teacher.post(f"/api/v1/records/{record['id']}/withdraw", json={"reason": REASON})
    assert response.status_code == 409 and response.get_json()["code"] == "invalid_state"
    assert response.get_json()["message"].endswith("不能撤回")
    assert _withdrawals(teacher)["total"] == 0


@pytest.mark.parametrize("body", [{}, {"reason": None}, {"reason": "   "}, {"reason": "因" * 501}],
                         ids=["missing", "null", "blank", "too-long"])
def test_a_withdrawal_needs_a_reason_of_at_most_500_characters(login_as, body):
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    response = teacher.post(f"/api/v1/records/{record['id']}/withdraw", json=body)
    assert response.status_code == 422, response.get_json()
    assert record_of(teacher, record["id"])["status"] == "approved"


def test_another_teacher_cannot_withdraw_or_see_the_request(login_as):
    """Can 李明 withdraw 赵志睿's record? No: 404, the record is outside his scope."""
    teacher, other = login_as(TEACHER_JSGZB), login_as(TEACHER_JSJ)
    record = _approved_t04(login_as, teacher)
    response = other.post(f"/api/v1/records/{record['id']}/withdraw", json={"reason": REASON})
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    _withdraw(teacher, record["id"])
    assert _withdrawals(other)["total"] == 0


def test_a_withdrawn_record_is_edited_resubmitted_and_routed_again(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    _withdraw(teacher, record["id"])
    draft = record_of(teacher, record["id"])
    edited = teacher.ok("PATCH", f"/api/v1/records/{record['id']}", json={
        "data": SEED000_T04 | {"sessions": 2}, "version": draft["version"]})
    assert edited["status"] == "draft" and edited["workload"] == 8
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    assert route_of(login_as, record["id"]) == T04_ROUTE
    again = record_of(teacher, record["id"])
    assert again["status"] == "approved" and again["approved_at"]
    actions = [e["action_label"] for e in teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")]
    assert actions == ["提交", "通过", "通过", "通过", "撤回", "提交", "通过", "通过", "通过"]
    done = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04", "status": "approved"})
    assert done["total"] == 1 and done["totals"]["workload"] == 8


@pytest.mark.parametrize("policy", ["none", "change_request"])
def test_types_without_withdrawal_refuse_it(login_as, t04_policy, policy):
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    t04_policy(policy)
    response = teacher.post(f"/api/v1/records/{record['id']}/withdraw", json={"reason": REASON})
    assert response.status_code == 409 and response.get_json()["message"] == "该类业绩不支持撤回"
    assert _withdrawals(teacher)["total"] == 0


def test_withdraw_approval_waits_for_the_unit_which_disagrees_then_agrees(login_as, app, t04_policy):
    t04_policy("withdraw_approval")
    teacher, unit, other_unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB), login_as(UNIT_ADMIN_WXY)
    record = _approved_t04(login_as, teacher)

    first = _withdraw(teacher, record["id"])
    assert (first["handling"], first["handling_label"], first["outcome"], first["outcome_label"]) == (
        "pending", "待处理", None, "—")
    assert record_of(teacher, record["id"])["status"] == "approved"
    second = teacher.post(f"/api/v1/records/{record['id']}/withdraw", json={"reason": "再次申请"})
    assert second.status_code == 409 and second.get_json()["message"] == "该业绩已有待处理的撤回申请"
    [to_unit] = _outbox(app, "withdrawal_requested")
    assert to_unit["candidate_role"] == "unit_admin" and to_unit["candidate_category"] == "teaching"

    [mine] = _withdrawals(teacher)["items"]
    assert mine["handling_label"] == "待处理" and mine["can_decide"] is False
    [theirs] = _withdrawals(unit, handling="pending")["items"]
    assert theirs["id"] == first["id"] and theirs["can_decide"] is True and theirs["requester"]["name"] == "赵志睿"
    assert _withdrawals(other_unit)["total"] == 0
    _decide(other_unit, first["id"], agree=True, status=404)
    _decide(teacher, first["id"], agree=True, status=404)

    rejected = _decide(unit, first["id"], agree=False, note="已用于本年度考核")
    assert (rejected["handling_label"], rejected["outcome_label"], rejected["note"]) == ("已处理", "不同意", "已用于本年度考核")
    assert rejected["handled_by"]["name"] == "曹阳" and rejected["handled_at"]
    assert record_of(teacher, record["id"])["status"] == "approved"
    _decide(unit, first["id"], agree=True, status=409)

    retry = _withdraw(teacher, record["id"], reason="确需修改")
    agreed = _decide(unit, retry["id"], agree=True, note="同意撤回")
    assert (agreed["handling_label"], agreed["outcome_label"], agreed["handled_by"]["name"]) == ("已处理", "撤回成功", "曹阳")
    after = record_of(teacher, record["id"])
    assert (after["status"], after["status_label"], after["approved_at"]) == ("draft", "未提交", None)
    last = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")[-1]
    assert (last["step"], last["actor"]["name"], last["action_label"], last["comment"]) == ("二级单位审核", "曹阳", "撤回", "同意撤回")  # noqa: E501 (the expected text, verbatim)

    rows = _withdrawals(teacher)["items"]
    assert [(r["reason"], r["outcome_label"]) for r in rows] == [("确需修改", "撤回成功"), (REASON, "不同意")]
    assert [r["outcome_label"] for r in _withdrawals(unit, handling="processed")["items"]] == ["撤回成功", "不同意"]
    assert len(_outbox(app, "record_withdrawal")) == 2           # 不同意, then 撤回成功, each to the owner


def test_withdraw_approval_refuses_a_cited_record_at_once(login_as, t04_policy):
    t04_policy("withdraw_approval")
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    login_as(HR_2).ok("POST", f"/api/v1/records/{record['id']}/citations", 201, json={"kind": "settlement", "ref": "2025"})
    request = _withdraw(teacher, record["id"])
    assert (request["handling_label"], request["outcome_label"], request["note"]) == ("已处理", "不予撤回", CITED_NOTE)
    assert _withdrawals(login_as(UNIT_ADMIN_JSGZB), handling="pending")["total"] == 0


def test_a_unit_admin_cannot_decide_the_withdrawal_of_a_record_he_filed(login_as, t04_policy):
    """Can 曹阳 agree to withdraw a record he filed for 赵志睿? No: 不能审核本人填报的记录 (catalog §2.6)."""
    t04_policy("withdraw_approval")
    unit = login_as(UNIT_ADMIN_JSGZB)
    record = unit.ok("POST", "/api/v1/records", 201, json={"record_type": "T04", "data": SEED000_T04, "submit": True,
                                                           "owner_account": TEACHER_JSGZB})
    assert route_of(login_as, record["id"]) == [DEPT["教务部"], HR]          # unit-filed: no unit lane
    request = _withdraw(unit, record["id"])
    [row] = _withdrawals(unit, handling="pending")["items"]
    assert row["can_decide"] is False
    # 曹阳 is the unit's only admin: rules/unit_reviewers.dmn hands the unit lane to 人力资源部 (nobody
    # reviews what he filed), so the decision is not his to make at all
    response = unit.post(f"/api/v1/withdrawals/{request['id']}/decision", json={"agree": True})
    assert response.status_code == 404
    assert [r["can_decide"] for r in _withdrawals(login_as(HR), handling="pending")["items"]] == [True]
    assert _withdrawals(login_as(TEACHER_JSGZB))["items"][0]["handling_label"] == "待处理"    # the owner sees it too


def test_withdrawal_list_filters_by_title_type_handling_and_status(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = _approved_t04(login_as, teacher)
    _withdraw(teacher, record["id"])
    assert _withdrawals(teacher, q="四级")["total"] == 1
    assert _withdrawals(teacher, q="六级")["total"] == 0
    assert _withdrawals(teacher, record_type="T04")["total"] == 1
    assert _withdrawals(teacher, record_type="T01")["total"] == 0
    assert _withdrawals(teacher, handling="processed", outcome="withdrawn")["total"] == 1
    assert _withdrawals(teacher, handling="pending")["total"] == 0
    response = teacher.get("/api/v1/withdrawals", query_string={"outcome": "done"})
    assert response.status_code == 422
