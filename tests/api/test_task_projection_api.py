"""The record columns copied onto user_task (the inbox reads that table alone) equal their record's after
every state change: save, submit, approve, 退回 and resubmission with a new 工作量, 撤回, 调整, import,
the operator's 改派 / 跳转 / 终止, a record moved to another unit, and a bulk change refreshed by hand.

Each step is followed by :func:`assert_copies_match`, which compares every task of the database with its
record; the suite runs it on SQLite and on PostgreSQL alike.
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from flows import (DEPT, HR, SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, act,
                   create, inbox, record_of, route_of, task_for, uploaded)
from samples import example, ooxml_bytes

OPS = "/api/v1/operations"


def copies(app) -> list[tuple]:
    """``(task id, column, on the task, on the record)`` for every copied column of every task."""
    from app.extensions import db
    from app.models import Record, UserTask
    from app.models.task_projection import COPIED
    with app.app_context():
        rows = db.session.execute(sa.select(UserTask, Record).join(Record, Record.id == UserTask.record_id)).all()
        out = [(task.id, column, getattr(task, column), getattr(record, source))
               for task, record in rows for column, source in COPIED.items()]
        db.session.close()
    return out


def assert_copies_match(app, *, at_least: int = 1) -> None:
    """Every task's copied columns equal its record's; and there are at least ``at_least`` tasks."""
    rows = copies(app)
    assert len({task_id for task_id, *_ in rows}) >= at_least
    wrong = [row for row in rows if row[2] != row[3]]
    assert wrong == []


def _instance_id(app, record_id: int) -> int:
    from app.extensions import db
    from app.models import ProcessInstance
    with app.app_context():
        found = db.session.scalar(sa.select(ProcessInstance.id).where(ProcessInstance.record_id == record_id)
                                  .order_by(ProcessInstance.id.desc()).limit(1))
        db.session.close()
    return found


def test_copies_follow_save_submit_review_return_resubmit_and_approval(app, login_as):
    teacher, unit, dept = login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSJ), login_as(DEPT["教务部"])
    draft = create(teacher, "T01", T01_DATA)                                   # 保存: no task yet
    assert copies(app) == []
    saved = teacher.ok("PATCH", f"/api/v1/records/{draft['id']}", json={"data": T01_DATA | {"workload": 70},
                                                                      "version": draft["version"]})
    teacher.ok("POST", f"/api/v1/records/{saved['id']}/submit", json={})
    assert_copies_match(app)
    page = inbox(unit, record_type="T01", year=2025)
    assert page["total"] == 1 and page["totals"]["workload"] == 70
    act(unit, draft["id"])                                                     # unit → 教务部
    assert_copies_match(app, at_least=2)
    act(dept, draft["id"], "return", "请核对学时")                               # 退回: status returned on all tasks
    assert_copies_match(app, at_least=3)
    assert {status for _, column, status, _ in copies(app) if column == "record_status"} == {"returned"}
    returned = record_of(teacher, draft["id"])
    teacher.ok("PATCH", f"/api/v1/records/{draft['id']}", json={"data": T01_DATA | {"workload": 64, "assessment_year": 2024},
                                                              "version": returned["version"]})
    assert_copies_match(app)                                                   # the decided tasks follow the edit too
    teacher.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={})
    assert_copies_match(app)
    page = inbox(unit, record_type="T01", year=2024)
    assert page["total"] == 1 and page["totals"]["workload"] == 64 and inbox(unit, year=2025)["total"] == 0
    route_of(login_as, draft["id"])                                            # on to the end of the route
    assert_copies_match(app)
    assert {status for _, column, status, _ in copies(app) if column == "record_status"} == {"approved"}


def test_copies_follow_a_withdrawal_back_to_draft(app, login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    route_of(login_as, record["id"])
    assert_copies_match(app, at_least=3)
    request = teacher.ok("POST", f"/api/v1/records/{record['id']}/withdraw", 201, json={"reason": "考试场次填写有误，需修改"})
    assert request["outcome_label"] == "撤回成功"
    assert_copies_match(app, at_least=3)
    assert record_of(teacher, record["id"])["status"] == "draft"
    assert {status for _, column, status, _ in copies(app) if column == "record_status"} == {"draft"}


def test_copies_follow_an_adjustment_in_review(app, login_as):
    teacher = login_as(TEACHER_JSJ)
    cases = [{**example("A20")["cases"][0], "admission_no": f"ZY{n:06d}",
              "admit_date": (date.today() - timedelta(days=100 + n)).isoformat(),
              "discharge_date": (date.today() - timedelta(days=93 + n)).isoformat()} for n in range(11)]
    data = {k: v for k, v in example("A20").items() if k != "plagiarism_doc"}
    draft = create(teacher, "A20", {**data, "cases": cases[:10]})
    uploaded(teacher, draft["id"], "plagiarism_doc", "查重.docx", ooxml_bytes("word"))
    record = teacher.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={})
    adjusted = teacher.ok("POST", f"/api/v1/records/{record['id']}/adjust",
                          json={"field": "cases", "rows": cases, "version": record["version"]})
    assert adjusted["is_adjusted"] is True
    assert_copies_match(app)


def test_copies_follow_the_operators_reassign_jump_and_terminate(app, login_as):
    teacher, operator = login_as(TEACHER_JSJ), login_as("operator")
    record = create(teacher, "T01", T01_DATA, submit=True)
    task = task_for(login_as(UNIT_ADMIN_JSJ), record["id"])
    lin = next(c for c in operator.ok("GET", f"{OPS}/tasks/{task['id']}/assignees")["items"] if c["account"] == UNIT_ADMIN_WXY)
    operator.ok("POST", f"{OPS}/tasks/{task['id']}/reassign", json={"user_id": lin["id"], "reason": "单位暂无审核人"})  # 改派
    assert_copies_match(app)
    act(login_as(UNIT_ADMIN_WXY), record["id"])
    instance_id = _instance_id(app, record["id"])
    operator.ok("POST", f"{OPS}/instances/{instance_id}/jump", json={"bpmn_id": "unit_review", "reason": "单位需复核"})  # 跳转
    assert_copies_match(app, at_least=3)
    operator.ok("POST", f"{OPS}/instances/{instance_id}/terminate", json={"reason": "重复填报"})                   # 终止
    assert_copies_match(app, at_least=3)
    assert record_of(teacher, record["id"])["status"] == "terminated"


def test_copies_follow_an_import(app, login_as):
    from imports_support import SHARED_T03, UNIT_ADMIN_YXY, previewed
    admin = login_as(UNIT_ADMIN_YXY)
    batch = previewed(admin, SHARED_T03.read_bytes(), SHARED_T03.name)
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")["imported_count"] == 10
    assert_copies_match(app, at_least=10)


def test_copies_follow_a_record_moved_to_another_unit_and_a_bulk_change_refreshed_by_hand(app, login_as):
    from app.extensions import db
    from app.models import Record, Unit, UserTask
    from app.models.task_projection import refresh_tasks
    from app.services.uow import unit_of_work
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA, submit=True)
    with app.app_context():
        wxy = db.session.scalar(sa.select(Unit.id).where(Unit.name == "文学院"))
        with unit_of_work() as session:
            task = session.scalar(sa.select(UserTask).where(UserTask.record_id == record["id"]))   # loaded before
            moved = session.get(Record, record["id"])
            moved.owner_unit_id = wxy
            moved.workload = 12
            session.flush()
            assert (task.owner_unit_id, task.workload) == (wxy, 12)         # the loaded task sees it at once
        db.session.close()
    assert_copies_match(app)
    with app.app_context():
        with unit_of_work() as session:
            session.execute(sa.update(Record).where(Record.id == record["id"]).values(assessment_year=2023))
            refresh_tasks(session, [record["id"]])
        db.session.close()
    assert_copies_match(app)
    assert {year for _, column, year, _ in copies(app) if column == "assessment_year"} == {2023}


def test_a_task_opened_in_the_flush_that_changes_its_record_takes_the_new_values(app, login_as):
    from app.extensions import db
    from app.models import Record, UserTask
    from app.services.uow import unit_of_work
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA, submit=True)
    with app.app_context():
        with unit_of_work() as session:
            first = session.scalar(sa.select(UserTask).where(UserTask.record_id == record["id"]))
            changed = session.get(Record, record["id"])
            changed.workload = 33
            session.add(UserTask(instance_id=first.instance_id, record_id=first.record_id, engine_task_id="extra",
                                 bpmn_id=first.bpmn_id, name=first.name, lane=first.lane, candidate_role=first.candidate_role,
                                 candidate_unit_id=first.candidate_unit_id, status="completed"))
        db.session.close()
    assert_copies_match(app, at_least=2)
    assert {w for _, column, w, _ in copies(app) if column == "workload"} == {33}


def test_the_hr_inbox_filters_and_totals_on_the_copies(app, login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04 | {"sessions": 3}, submit=True)
    hr = login_as(HR)
    for _ in range(3):
        holder, = route_of(login_as, record["id"], approve_all=False)
        if holder == HR:
            break
        act(login_as(holder), record["id"])
    page = inbox(hr, record_type="T04", q="赵志睿", year=2025, lane="hr", status="in_review")
    assert [i["record"]["id"] for i in page["items"]] == [record["id"]] and page["totals"]["workload"] == 12
    assert inbox(hr, record_type="T04", year=2024)["total"] == 0
    assert hr.ok("GET", "/api/v1/tasks/counts")["counts"].get("T04") == 1


def test_the_inbox_branches_hold_what_the_review_clause_holds_and_never_overlap(app, login_as):
    """For every reviewer of the demo organisation, with a 转交 and an active 委托 in play, the inbox's
    branches (``candidates.inbox_branches``) select exactly the open tasks ``review_task_clause`` selects,
    each task in one branch only."""
    from app.auth.principal import load_principal
    from app.extensions import db
    from app.models import User, UserTask
    from app.models.base import school_time, utcnow
    from app.services import candidates
    from app.vocabulary import APPLICANT
    from flows import HR_2, UNIT_ADMIN_JSGZB
    for teacher, kind, data in ((TEACHER_JSJ, "T01", T01_DATA), (TEACHER_JSGZB, "T04", SEED000_T04),
                                (TEACHER_JSGZB, "T04", SEED000_T04 | {"sessions": 2})):
        create(login_as(teacher), kind, data, submit=True)
    moved = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04 | {"sessions": 3}, submit=True)
    for _ in range(2):                                                  # on to 人力资源部
        holder, = route_of(login_as, moved["id"], approve_all=False)
        act(login_as(holder), moved["id"])
    with app.app_context():
        pan, jiang = (db.session.scalar(sa.select(User.id).where(User.account == a)) for a in (HR, HR_2))
        db.session.close()
    jiang_api = login_as(HR_2)
    jiang_api.ok("POST", f"/api/v1/tasks/{task_for(jiang_api, moved['id'])['id']}/transfer", json={"assignee_id": pan})
    today = school_time(utcnow()).date().isoformat()
    login_as(HR).ok("POST", "/api/v1/me/delegations", 201, json={"delegate_id": jiang, "role": "hr_reviewer",
                                                                  "starts_on": today, "ends_on": today})
    assert task_for(jiang_api, moved["id"])["assignment"] == "代 潘婷 审核"      # held through the 委托 branch
    accounts = [UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, *DEPT.values(), HR, HR_2]
    with app.app_context():
        session = db.session
        held_somewhere = 0
        for account in accounts:
            user_id = session.scalar(sa.select(User.id).where(User.account == account))
            principal = load_principal(session, user_id)
            for role in sorted({g.role for g in principal.grants}):
                acting = principal.acting_as(role)
                expected = set(session.scalars(sa.select(UserTask.id).where(
                    UserTask.status == "open", candidates.review_task_clause(acting))))
                per_branch = [set(session.scalars(sa.select(UserTask.id).where(
                    UserTask.status == "open", UserTask.candidate_role != APPLICANT, ~candidates.is_withdrawal_task(),
                    branch))) for branch in candidates.inbox_branches(session, acting)]
                assert set().union(*per_branch) == expected, (account, role)
                assert sum(len(ids) for ids in per_branch) == len(expected), (account, role)
                held_somewhere += len(expected)
        assert held_somewhere >= 5
        session.close()
