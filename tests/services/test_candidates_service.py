"""One rule for "who may act on a task": inbox clause, review and notification recipients agree (catalog §2.6, §6.2)."""
from sqlalchemy import select

from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create, task_for


def _hr_admin_only(session) -> int:
    """An account whose only grant is 人力资源部管理员 (the demo organisation has none)."""
    from app.models import RoleGrant, Unit, User
    hr_unit = session.scalar(select(Unit).where(Unit.name == "人力资源部"))
    user = User(account="90079999", name="人事管理员", unit_id=hr_unit.id, password_hash="x")
    session.add(user)
    session.flush()
    session.add(RoleGrant(user_id=user.id, role="hr_admin", unit_id=hr_unit.id))
    session.flush()
    return user.id


def _agree(session, record_id: int) -> set[int]:
    """For the record's open review task: users the inbox clause admits == users notified. Returns them."""
    from app.auth.principal import load_principal
    from app.models import User, UserTask
    from app.services.candidates import candidate_clause, group_members
    task = session.scalar(select(UserTask).where(UserTask.record_id == record_id, UserTask.status == "open"))
    in_inbox = set()
    for user_id in session.scalars(select(User.id).where(User.is_active.is_(True))):
        principal = load_principal(session, user_id)
        if session.scalar(select(UserTask.id).where(UserTask.id == task.id, candidate_clause(principal))):
            in_inbox.add(user_id)
    notified = group_members(session, task.candidate_role, task.candidate_unit_id, task.candidate_category)
    assert in_inbox == notified, (task.lane, in_inbox, notified)
    return notified


def test_inbox_and_notifications_name_the_same_people_at_every_lane(login_as, app):
    from app.extensions import db
    from app.models import User
    with app.app_context():
        hr_admin_id = _hr_admin_only(db.session)
        db.session.commit()
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    holders = []
    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):
        with app.app_context():
            members = _agree(db.session, record["id"])
            holders.append({db.session.get(User, m).account for m in members})
        act(login_as(account), record["id"])
    assert UNIT_ADMIN_JSGZB in holders[0] and DEPT["教务部"] in holders[1]
    assert {HR, "90070002", "90079999"} <= holders[2]          # both HR roles (catalog §6.2 HR-lane review)
    with app.app_context():
        assert hr_admin_id in {db.session.get(User, m).id for m in _members_of_hr(db.session)}


def _members_of_hr(session):
    from app.services.candidates import group_members
    return group_members(session, "hr_reviewer", None, None)


def test_an_hr_admin_completes_an_hr_task(login_as):
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    act(login_as(UNIT_ADMIN_JSGZB), record["id"])
    act(login_as(DEPT["教务部"]), record["id"])
    hr_admin = login_as("90070002")                               # 蒋文 holds hr_reviewer and hr_admin
    assert task_for(hr_admin, record["id"]) is not None
    act(hr_admin, record["id"])
