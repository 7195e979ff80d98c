"""Who may file (issue 8, finding 6): only teachers file for themselves, a unit admin files only for
other teachers of his unit, and a single-admin unit's own records reach the fallback reviewer that
``rules/unit_reviewers.dmn`` names."""
import pytest

from flows import HR, SEED000_T04, T01_DATA, TEACHER_JSJ, UNIT_ADMIN_JSJ, act, create, record_of, task_for

NON_TEACHERS = ["operator", "processadmin", "query01", "90010001", HR, "04019001"]


def test_the_system_admin_is_told_records_do_not_exist(login_as):
    """No business data at all for the 系统管理员 (catalog §6.2): filing and listing answer 404."""
    api = login_as("sysadmin")
    for submit in (False, True):
        response = api.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04, "submit": submit})
        assert response.status_code == 404, response.get_json()
    assert api.get("/api/v1/records", query_string={"view": "mine"}).status_code == 404


@pytest.mark.parametrize("account", NON_TEACHERS)
def test_accounts_without_the_teacher_role_cannot_file(login_as, account):
    api = login_as(account)
    for submit in (False, True):
        response = api.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04, "submit": submit})
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["message"] == "只有教师可以填报本人业绩"
    assert api.ok("GET", "/api/v1/records", query_string={"view": "mine"})["total"] == 0


def test_a_unit_admin_cannot_file_for_himself_to_skip_the_unit_review(login_as):
    admin = login_as(UNIT_ADMIN_JSJ)
    response = admin.post("/api/v1/records", json={"record_type": "T01", "data": T01_DATA, "submit": True,
                                                   "owner_account": UNIT_ADMIN_JSJ})
    assert response.status_code == 403
    assert response.get_json()["message"] == "不能为本人代填业绩，本人的业绩请以教师身份填报并经单位审核"


def test_a_unit_admin_files_only_for_teachers_of_his_unit(login_as):
    admin = login_as("05019001")                    # 高远, 医学院
    for account in ("05019002", "sysadmin", TEACHER_JSJ):      # admin-only colleague, no teacher, other unit
        response = admin.post("/api/v1/records", json={"record_type": "T01", "data": T01_DATA, "owner_account": account})
        assert response.status_code == 404, (account, response.get_json())
        assert response.get_json()["message"] == f"账号 {account} 不存在或不属于本单位"
    filed = admin.post("/api/v1/records", json={"record_type": "T01", "data": T01_DATA, "owner_account": "05010001"})
    assert filed.status_code == 201


def test_the_single_admin_units_own_record_reaches_the_fallback_reviewer(login_as):
    """黄磊 is the only admin of 计算机与网络工程学院: the unit step of his own record goes to 人力资源部."""
    owner = login_as(UNIT_ADMIN_JSJ)
    record = create(owner, "T01", T01_DATA, submit=True)
    assert task_for(owner, record["id"]) is None            # never in his own inbox
    hr = login_as(HR)
    assert task_for(hr, record["id"])["can_act"] is True
    act(hr, record["id"])                                    # the unit step, taken by 人力资源部
    assert record_of(owner, record["id"])["status"] == "in_review"
    assert task_for(login_as("90010001"), record["id"]) is not None      # then 教务部 as usual


def test_a_unit_with_another_admin_keeps_the_unit_step(login_as):
    owner = login_as("05019001")                    # 高远; 罗琳 also administers 医学院 teaching
    record = create(owner, "T01", T01_DATA, submit=True)
    assert task_for(login_as("05019002"), record["id"])["can_act"] is True
    assert task_for(login_as(HR), record["id"]) is None


def test_a_teachers_record_in_a_single_admin_unit_still_goes_to_that_admin(login_as):
    record = create(login_as(TEACHER_JSJ), "T01", T01_DATA, submit=True)
    assert task_for(login_as(UNIT_ADMIN_JSJ), record["id"])["can_act"] is True
    assert task_for(login_as(HR), record["id"]) is None


def test_a_draft_left_by_an_account_that_lost_the_teacher_role_cannot_be_submitted(app, login_as):
    from sqlalchemy import delete, select

    from app.extensions import db
    from app.models import RoleGrant, User
    teacher = login_as("02010002")
    draft = create(teacher, "T01", T01_DATA)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.account == "02010002"))
        db.session.execute(delete(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.role == "teacher"))
        db.session.commit()
    response = teacher.post(f"/api/v1/records/{draft['id']}/submit", json={})
    assert response.status_code == 403 and response.get_json()["message"] == "只有教师可以填报本人业绩"
