"""会签 / 或签, 退回上一步 and 抄送 through the API (issue 11 item 4).

The multi-signer steps run on tests/fixtures/processes/multi_signer_sample.bpmn (unit_review → 人力资源部会签
(sign_mode all) → 人力资源部终审 (sign_mode any), cc_roles unit_admin + hr_admin), started for a T04 draft;
退回上一步 runs on the shipped workload process.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import ApiClient, signature_png
from flows import (DEPT, HR, HR_2, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create,
                   start_on_multi_signer_sample, task_for)

HR_3 = "90070003"


@pytest.fixture
def hr_3(app, login_as) -> ApiClient:
    """A third 人力资源部审核员 (with an e-signature), so the HR group has three signers."""
    from app.auth.principal import principal_from_user
    from app.models import RoleGrant, Unit, User
    from app.services.identity.auth import issue_token
    from app.services.signatures.signatures import save_signature
    from app.services.uow import unit_of_work
    login_as(HR)            # the isolation of the test is open from here on
    with app.app_context():
        with unit_of_work() as session:
            unit = session.scalar(select(Unit).where(Unit.name == "人力资源部"))
            user = User(account=HR_3, name="于洋", unit_id=unit.id, password_hash="-")
            user.grants.append(RoleGrant(role="hr_reviewer", unit_id=unit.id))
            session.add(user)
        principal = principal_from_user(user)
        save_signature(principal, signature_png())
        token = issue_token(principal, 1)[0]
    return ApiClient(app.test_client(), HR_3, token)


def _sample_record(app, login_as) -> int:
    """A T04 record of 赵志睿 running on the sample process (its first step: 二级单位审核 of 教师工作部)."""
    draft = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04)
    start_on_multi_signer_sample(app, draft["id"])
    return draft["id"]


def _detail(api, record_id: int) -> dict:
    return api.ok("GET", f"/api/v1/records/{record_id}")


def _signers(api, record_id: int) -> list[tuple[str, str, str]]:
    return [(s["step"], s["name"], s["state_label"]) for s in _detail(api, record_id)["signers"]]


def test_countersign_waits_for_every_signer_and_the_third_approval_completes_the_step(app, login_as, hr_3):
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    hr, hr_2 = login_as(HR), login_as(HR_2)
    assert [task_for(api, record_id)["name"] for api in (hr, hr_2, hr_3)] == ["人力资源部会签"] * 3
    act(hr, record_id)
    assert task_for(hr, record_id) is None, "the signer who approved has nothing left to do"
    assert _detail(hr, record_id)["waiting_on"]["people"] == ["蒋文", "于洋"], "待处理人: the signers still open"
    act(hr_2, record_id)
    detail = _detail(hr_3, record_id)
    assert detail["record"]["status"] == "in_review" and detail["current_step"] == "人力资源部会签"
    assert detail["open_task"]["sign_mode"] == "all"
    act(hr_3, record_id)
    detail = _detail(hr, record_id)
    assert detail["current_step"] == "人力资源部终审"
    assert _signers(hr, record_id)[:3] == [("人力资源部会签", "潘婷", "通过"), ("人力资源部会签", "蒋文", "通过"),
                                          ("人力资源部会签", "于洋", "通过")]
    steps = [(e["step"], e["actor"]["name"], e["action_label"]) for e in detail["trail"]]
    assert steps[-3:] == [("人力资源部会签（会签）", "潘婷", "通过"), ("人力资源部会签（会签）", "蒋文", "通过"),
                          ("人力资源部会签（会签）", "于洋", "通过")]


def test_one_return_in_a_countersign_ends_the_step_as_returned(app, login_as, hr_3):
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    hr, hr_2 = login_as(HR), login_as(HR_2)
    act(hr, record_id)
    act(hr_2, record_id, "return", "课时数与教务系统不符")
    detail = _detail(hr, record_id)
    assert detail["record"]["status"] == "returned"
    assert task_for(hr_3, record_id) is None, "the step is over: the last signer's share is closed"
    assert _signers(hr, record_id) == [("人力资源部会签", "潘婷", "通过"), ("人力资源部会签", "蒋文", "退回"),
                                       ("人力资源部会签", "于洋", "已关闭")]


def test_or_sign_the_first_approval_completes_the_step_and_closes_the_others(app, login_as, hr_3):
    from app.extensions import db
    from app.models import User, UserTask
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    hr, hr_2 = login_as(HR), login_as(HR_2)
    for api in (hr, hr_2, hr_3):
        act(api, record_id)
    assert [task_for(api, record_id)["name"] for api in (hr, hr_2, hr_3)] == ["人力资源部终审"] * 3
    act(hr_2, record_id)
    assert _detail(hr, record_id)["record"]["status"] == "approved"
    assert task_for(hr, record_id) is None and task_for(hr_3, record_id) is None
    assert _signers(hr, record_id)[3:] == [("人力资源部终审", "潘婷", "已关闭"), ("人力资源部终审", "蒋文", "通过"),
                                          ("人力资源部终审", "于洋", "已关闭")]
    with app.app_context():
        rows = db.session.execute(select(UserTask.id, UserTask.status, User.account).join(User, User.id == UserTask.assignee_id)
                                  .where(UserTask.record_id == record_id, UserTask.bpmn_id == "hr_final")).all()
        db.session.close()
    assert sorted((account, status) for _, status, account in rows) == [
        (HR, "cancelled"), (HR_2, "completed"), (HR_3, "cancelled")], "closed, not deleted"
    closed_of_hr = next(task_id for task_id, _, account in rows if account == HR)
    answer = hr.post(f"/api/v1/tasks/{closed_of_hr}/complete", json={"action": "approve"})
    assert answer.status_code == 409 and answer.get_json()["message"].startswith("该记录已由 蒋文 于 ")


def test_cc_roles_get_the_final_result_exactly_once(app, login_as, hr_3):
    from app.extensions import db
    from app.models import Notification, OutboxMessage, User
    from app.services.messaging import notifications
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    for api in (login_as(HR), login_as(HR_2), hr_3):
        act(api, record_id)
    act(hr_3, record_id)
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "cc")).all()
        assert len(rows) == 1 and rows[0].dedupe_key.endswith(":approved")
        for _ in range(2):          # delivery is at least once; the notification rows exist once
            notifications.relay_pending(lambda message_id: notifications.deliver_or_record(message_id))
            notifications.deliver(rows[0].id)
        received = db.session.execute(select(User.account, Notification.title).join(User, User.id == Notification.recipient_id)
                                      .where(Notification.event_type == "cc")).all()
        db.session.close()
    # unit_admin of the owner's unit (教师工作部) and hr_admin (蒋文); not the applicant, not other units
    assert sorted(account for account, _ in received) == sorted([UNIT_ADMIN_JSGZB, HR_2])
    assert all("已审核通过" in title for _, title in received)


def test_cc_on_a_return_to_the_applicant_and_not_on_a_return_to_the_previous_step(app, login_as, hr_3):
    from app.extensions import db
    from app.models import OutboxMessage
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    act(login_as(HR), record_id, "return_previous", "请二级单位再核对一次")
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "cc")).all() == []
    act(login_as(UNIT_ADMIN_JSGZB), record_id, "return", "监考场次有误")
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "cc")).all()
        assert len(rows) == 1 and "已退回申请人" in rows[0].payload["title"]
        db.session.close()


def test_return_to_previous_step_brings_the_task_back_to_the_previous_reviewer(login_as):
    teacher, unit, dept, hr = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB), login_as(DEPT["教务部"]), login_as(HR)
    record_id = create(teacher, "T04", SEED000_T04, submit=True)["id"]
    act(unit, record_id)
    act(dept, record_id)
    assert _detail(hr, record_id)["open_task"]["can_return_previous"] is True
    act(hr, record_id, "return_previous", "监考场次需职能部门再确认")
    detail = _detail(dept, record_id)
    assert detail["record"]["status"] == "in_review" and detail["current_step"] == "职能部门审核"
    assert task_for(hr, record_id) is None
    assert task_for(dept, record_id)["name"] == "职能部门审核", "the previous reviewer sees it again"
    act(dept, record_id)
    act(hr, record_id)
    detail = _detail(teacher, record_id)
    assert detail["record"]["status"] == "approved"
    assert [(e["step"], e["action_label"]) for e in detail["trail"]] == [
        ("申请人", "提交"), ("二级单位审核", "通过"), ("职能部门审核", "通过"),
        ("人力资源部审核", "退回上一步"), ("职能部门审核", "通过"), ("人力资源部审核", "通过")]
    assert detail["trail"][3]["comment"] == "监考场次需职能部门再确认"


def test_return_to_previous_is_offered_whatever_the_server_has_cached(login_as):
    """The step a reviewer opens names the step just decided as its previous one also when nothing in
    the step makes the server read the database (the departments' unit ids are in its cache then)."""
    teacher, unit, dept, hr = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB), login_as(DEPT["教务部"]), login_as(HR)
    for _ in range(2):              # the first lifecycle fills the caches the second one's steps read
        record_id = create(teacher, "T04", SEED000_T04, submit=True)["id"]
        act(unit, record_id)
        act(dept, record_id)
        assert _detail(hr, record_id)["open_task"]["can_return_previous"] is True
        act(hr, record_id)


def test_return_to_previous_is_not_offered_at_the_first_review_step(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    record_id = create(teacher, "T04", SEED000_T04, submit=True)["id"]
    assert _detail(unit, record_id)["open_task"]["can_return_previous"] is False
    body = act(unit, record_id, "return_previous", "请重新核对", status=409)
    assert body["message"] == "当前已是第一个审核环节，没有上一步，请使用「退回」退回申请人"
    assert act(unit, record_id, "return_previous", None, status=422)["errors"][0]["field"] == "comment"
    assert _detail(unit, record_id)["record"]["status"] == "in_review"


def test_a_due_countersign_reminds_each_open_signer_once(app, login_as, hr_3):
    from datetime import timedelta

    from sqlalchemy import update

    from app.extensions import db
    from app.models import OutboxMessage, UserTask, utcnow
    from app.services.deadlines.sweep import sweep_deadlines
    from app.services.uow import unit_of_work
    record_id = _sample_record(app, login_as)
    act(login_as(UNIT_ADMIN_JSGZB), record_id)
    act(login_as(HR), record_id)
    with app.app_context():
        with unit_of_work() as session:
            session.execute(update(UserTask).where(UserTask.record_id == record_id, UserTask.status == "open")
                            .values(due_at=utcnow() - timedelta(hours=1)))
        assert sweep_deadlines()["reminded"] == 2
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "deadline_reminder")).all()
        recipients = sorted(r.payload["recipient_ids"] for r in rows)
        signers = sorted([user_id] for user_id in db.session.scalars(select(UserTask.assignee_id).where(
            UserTask.record_id == record_id, UserTask.status == "open")))
        db.session.close()
    assert recipients == signers and len(signers) == 2, "one reminder per signer still open, to him alone"
