"""A state change is written by one flush (issue 15): submit inserts the record, its instance, the first
inbox row and the 提交 entry together, then the outbox row that names their ids; an approval writes the
decision, the step and the next inbox row together. The rows written are the ones the API then shows."""
from sqlalchemy import event
from sqlalchemy.orm import Session

from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, create, record_of, task_for


def _flushes_during(action) -> tuple[int, object]:
    flushed: list[Session] = []

    def count(session, _context):
        flushed.append(session)
    event.listen(Session, "after_flush", count)
    try:
        result = action()
    finally:
        event.remove(Session, "after_flush", count)
    return len(flushed), result


def test_submit_and_each_approval_flush_once(login_as):
    teacher = login_as(TEACHER_JSGZB)
    flushes, record = _flushes_during(lambda: create(teacher, "T04", SEED000_T04, submit=True))
    assert flushes == 1
    assert record["status"] == record_of(teacher, record["id"])["status"] == "in_review"
    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):
        api = login_as(account)
        task = task_for(api, record["id"])
        assert task is not None, account
        url = f"/api/v1/tasks/{task['id']}/complete"
        flushes, _ = _flushes_during(lambda api=api, url=url: api.ok("POST", url, json={"action": "approve"}))
        assert flushes == 1, account
    assert record_of(teacher, record["id"])["status"] == "approved"
    assert task_for(login_as(HR), record["id"]) is None


def test_a_draft_submitted_later_and_a_resubmission_flush_once(login_as):
    teacher = login_as(TEACHER_JSGZB)
    draft = create(teacher, "T04", SEED000_T04)
    flushes, _ = _flushes_during(lambda: teacher.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={}))
    assert flushes == 1 and record_of(teacher, draft["id"])["status"] == "in_review"
    unit_admin = login_as(UNIT_ADMIN_JSGZB)
    task = task_for(unit_admin, draft["id"])
    unit_admin.ok("POST", f"/api/v1/tasks/{task['id']}/complete", json={"action": "return", "comment": "请补充"})
    assert record_of(teacher, draft["id"])["status"] == "returned"
    flushes, _ = _flushes_during(lambda: teacher.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={}))
    assert flushes == 1 and task_for(unit_admin, draft["id"]) is not None
