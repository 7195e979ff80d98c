"""转交 and 委托 (issue 11 conventions): a task handed to a member of the same candidate group is his
alone; a delegate acts for the delegator during the range only, and the 审核记录 says so."""
from datetime import timedelta

from sqlalchemy import select

from flows import DEPT, HR, HR_2, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_WXY, _holders, act, create, task_for

from app.services.review.delegations import today as school_today

TEACHER_YXY = "05010001"        # 张伟, 医学院
YXY_ADMIN = "05019001"          # 高远, unit admin of 医学院 (every category)
YXY_ADMIN_2 = "05019002"        # 罗琳, unit admin of 医学院 (teaching)


def _user_id(app, account: str) -> int:
    from app.extensions import db
    from app.models import User
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.account == account))
        db.session.close()
    return user_id


def _submitted(login_as) -> dict:
    return create(login_as(TEACHER_YXY), "T04", SEED000_T04, submit=True)


def _at_hr(login_as) -> dict:
    """A T04 record walked through its earlier lanes until the HR group holds it."""
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    app = login_as(HR).client.application
    for _ in range(4):
        holders = _holders(app, record["id"], ["10019001", *DEPT.values(), HR])
        assert holders, "the record left review before reaching 人力资源部"
        if holders == [HR]:
            return record
        act(login_as(holders[0]), record["id"])
    raise AssertionError("the record never reached 人力资源部")


def test_transfer_to_a_user_outside_the_candidate_group_is_refused(login_as, app):
    record = _submitted(login_as)
    admin = login_as(YXY_ADMIN)
    task = task_for(admin, record["id"])
    picks = admin.ok("GET", f"/api/v1/tasks/{task['id']}/transfer-candidates")
    assert [p["account"] for p in picks] == [YXY_ADMIN_2]              # the group, without the caller
    outsider = _user_id(app, UNIT_ADMIN_WXY)
    refused = admin.post(f"/api/v1/tasks/{task['id']}/transfer", json={"assignee_id": outsider})
    assert refused.status_code == 422
    assert refused.get_json()["message"].startswith("林娜（03019001）不是「")
    assert "只能转交给同一审核组的其他成员" in refused.get_json()["message"]
    assert admin.post(f"/api/v1/tasks/{task['id']}/transfer",
                      json={"assignee_id": _user_id(app, YXY_ADMIN)}).status_code == 422     # to oneself
    assert login_as(UNIT_ADMIN_WXY).post(f"/api/v1/tasks/{task['id']}/transfer",
                                         json={"assignee_id": _user_id(app, YXY_ADMIN_2)}).status_code == 404
    assert task_for(admin, record["id"]) is not None                   # nothing changed


def test_after_transfer_only_the_assignee_sees_and_completes_the_task(login_as, app):
    from app.extensions import db
    from app.models import OutboxMessage, UserTask
    record = _submitted(login_as)
    admin, colleague = login_as(YXY_ADMIN), login_as(YXY_ADMIN_2)
    task = task_for(admin, record["id"])
    assert task_for(colleague, record["id"]) is not None               # both members see it before
    body = admin.ok("POST", f"/api/v1/tasks/{task['id']}/transfer",
                    json={"assignee_id": _user_id(app, YXY_ADMIN_2), "comment": "本周出差，请代为审核"})
    assert body["assignee"]["name"] == "罗琳"

    assert task_for(admin, record["id"]) is None                       # gone from the transferrer's inbox
    late = admin.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    assert late.status_code == 404
    detail = colleague.ok("GET", f"/api/v1/records/{record['id']}")
    assert detail["can_act"] is True and detail["waiting_on"]["people"] == ["罗琳"]
    transfer_row = next(e for e in detail["trail"] if e["action"] == "transfer")
    assert (transfer_row["action_label"], transfer_row["actor"]["name"], transfer_row["target_user"]["name"],
            transfer_row["comment"]) == ("转交", "高远", "罗琳", "本周出差，请代为审核")
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.event_type == "task_transferred"))
        assert message.payload["recipient_ids"] == [_user_id(app, YXY_ADMIN_2)]
        db.session.close()

    act(colleague, record["id"])
    trail = colleague.ok("GET", f"/api/v1/records/{record['id']}/trail")
    approval = next(e for e in trail if e["action"] == "approve" and e["actor"]["name"] == "罗琳")
    assert approval["acted_for"] is None                                # his own task, not a delegation
    with app.app_context():
        done = db.session.get(UserTask, task["id"])
        assert (done.status, done.completed_by_id, done.acted_for_id) == ("completed", _user_id(app, YXY_ADMIN_2), None)
        db.session.close()


def test_delegation_to_another_units_user_is_refused(login_as, app):
    hr = login_as(HR)
    groups = hr.ok("GET", "/api/v1/me/delegations/options")
    assert [(g["role_label"], [c["account"] for c in g["colleagues"]]) for g in groups] == [("人力资源部审核员", [HR_2])]
    today = school_today().isoformat()
    refused = hr.post("/api/v1/me/delegations", json={"delegate_id": _user_id(app, DEPT["教务部"]),
                                                       "role": "hr_reviewer", "starts_on": today, "ends_on": today})
    assert refused.status_code == 422
    assert refused.get_json()["message"] == ("邓超（教务部）不是人力资源部的人力资源部审核员，不能委托："
                                              "受托人须与您在同一单位、审核同一环节")
    jwb = login_as(DEPT["教务部"])
    other_dept = jwb.post("/api/v1/me/delegations", json={"delegate_id": _user_id(app, DEPT["学工部"]),
                                                          "role": "dept_reviewer", "starts_on": today, "ends_on": today})
    assert other_dept.status_code == 422 and "不能委托" in other_dept.get_json()["message"]
    teacher = login_as(TEACHER_YXY).post("/api/v1/me/delegations", json={
        "delegate_id": _user_id(app, YXY_ADMIN), "role": "unit_admin", "starts_on": today, "ends_on": today})
    assert teacher.status_code == 422 and teacher.get_json()["message"] == "当前角色没有可委托的审核职责"
    backwards = hr.post("/api/v1/me/delegations", json={"delegate_id": _user_id(app, HR_2), "role": "hr_reviewer",
                                                        "starts_on": today, "ends_on": "2020-01-01"})
    assert backwards.status_code == 422
    assert hr.ok("GET", "/api/v1/me/delegations") == {"given": [], "received": []}


def test_a_delegate_acts_for_the_delegator_during_the_range_only(login_as, app):
    """潘婷 holds a task 转交'd to her; while she is away 蒋文 completes it for her (「代 潘婷 审核」)."""
    from app.extensions import db
    from app.models import AuditEvent, UserTask
    pan, jiang = login_as(HR), login_as(HR_2)
    pan_id, jiang_id = _user_id(app, HR), _user_id(app, HR_2)
    first, second = _at_hr(login_as), _at_hr(login_as)
    for record in (first, second):
        jiang.ok("POST", f"/api/v1/tasks/{task_for(jiang, record['id'])['id']}/transfer", json={"assignee_id": pan_id})
        assert task_for(jiang, record["id"]) is None                   # 潘婷's alone now

    tomorrow = school_today() + timedelta(days=1)
    later = pan.ok("POST", "/api/v1/me/delegations", 201, json={
        "delegate_id": jiang_id, "role": "hr_reviewer", "starts_on": tomorrow.isoformat(),
        "ends_on": (tomorrow + timedelta(days=6)).isoformat(), "reason": "年假"})
    assert (later["status"], later["status_label"]) == ("upcoming", "未开始")
    assert task_for(jiang, first["id"]) is None                         # before the range: nothing
    task_id = task_for(pan, first["id"])["id"]
    assert jiang.post(f"/api/v1/tasks/{task_id}/complete", json={"action": "approve"}).status_code == 404

    overlapping = pan.post("/api/v1/me/delegations", json={
        "delegate_id": jiang_id, "role": "hr_reviewer", "starts_on": school_today().isoformat(),
        "ends_on": tomorrow.isoformat()})
    assert overlapping.status_code == 422
    now = pan.ok("POST", "/api/v1/me/delegations", 201, json={
        "delegate_id": jiang_id, "role": "hr_reviewer", "starts_on": school_today().isoformat(),
        "ends_on": school_today().isoformat()})
    assert now["status"] == "active" and now["delegator"]["name"] == "潘婷" and now["delegate"]["name"] == "蒋文"
    received = jiang.ok("GET", "/api/v1/me/delegations")["received"]
    assert {d["id"] for d in received} == {later["id"], now["id"]}      # visible to the delegate too

    assert task_for(jiang, first["id"])["assignment"] == "代 潘婷 审核"   # during the range: in his inbox
    assert task_for(pan, first["id"])["assignment"] == "转交给我"
    act(jiang, first["id"])
    trail = pan.ok("GET", f"/api/v1/records/{first['id']}/trail")
    row = next(e for e in trail if e["action"] == "approve" and e["actor"]["name"] == "蒋文")
    assert row["acted_for"] == {"account": HR, "name": "潘婷"}
    with app.app_context():
        done = db.session.get(UserTask, task_id)
        assert (done.completed_by_id, done.acted_for_id) == (jiang_id, pan_id)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "delegation.create").limit(1))
        db.session.close()

    revoked = pan.ok("POST", f"/api/v1/me/delegations/{now['id']}/revoke")
    assert (revoked["status"], revoked["status_label"]) == ("revoked", "已撤销")
    assert task_for(jiang, second["id"]) is None                        # revoked: no longer his
    second_task = task_for(pan, second["id"])["id"]
    assert jiang.post(f"/api/v1/tasks/{second_task}/complete", json={"action": "approve"}).status_code == 404
    assert pan.post(f"/api/v1/me/delegations/{now['id']}/revoke").status_code == 422
    assert jiang.post(f"/api/v1/me/delegations/{later['id']}/revoke").status_code == 404    # only the delegator
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "delegation.revoke").limit(1))
        db.session.close()

