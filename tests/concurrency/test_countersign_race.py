"""会签 / 或签 signers deciding at the same moment on PostgreSQL (issue 11 item 4): the record row lock
serializes them, so a 会签 step is completed in the engine exactly once (by whichever approval comes
last) and a 或签 step is decided by exactly one signer while the other is told who decided it."""
import threading

import pytest
from sqlalchemy import func, select

from flows import HR, HR_2, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, start_on_multi_signer_sample

RECORDS = 4


def _at_once(app, calls) -> list[object]:
    """Run the calls in threads released together; each result is the return value or the exception."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        with app.app_context():
            barrier.wait()
            try:
                results[i] = call()
            except Exception as exc:  # noqa: BLE001 - the outcome under test
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.committed
def test_signers_deciding_at_once_complete_each_step_exactly_once(app, db_session):
    from app.auth.principal import principal_from_user
    from app.errors import TaskAlreadyCompleted
    from app.extensions import db
    from app.models import ReviewEvent, User, UserTask
    from app.services.records import lifecycle as records
    from app.services.review import review

    def principal(account):
        return principal_from_user(db.session.scalar(select(User).where(User.account == account)))

    def open_rows(record_id, bpmn_id, account):
        return db.session.scalar(select(UserTask.id).join(User, User.id == UserTask.assignee_id).where(
            UserTask.record_id == record_id, UserTask.bpmn_id == bpmn_id, UserTask.status == "open",
            User.account == account))

    with app.app_context():
        teacher, unit = principal(TEACHER_JSGZB), principal(UNIT_ADMIN_JSGZB)
        hr, hr_2 = principal(HR), principal(HR_2)
        ids = [records.create_record(teacher, record_type="T04", data=SEED000_T04).id for _ in range(RECORDS)]
    for record_id in ids:
        start_on_multi_signer_sample(app, record_id)
    with app.app_context():
        for record_id in ids:
            task = db.session.scalar(select(UserTask.id).where(UserTask.record_id == record_id, UserTask.status == "open"))
            review.complete_user_task(unit, task, action="approve")
        for record_id in ids:           # 会签: both signers approve at the same moment
            tasks = [open_rows(record_id, "hr_countersign", account) for account in (HR, HR_2)]
            db.session.close()
            results = _at_once(app, [lambda t=tasks[0]: review.complete_user_task(hr, t, action="approve"),
                                     lambda t=tasks[1]: review.complete_user_task(hr_2, t, action="approve")])
            assert not [r for r in results if isinstance(r, Exception)], results
            final = db.session.scalar(select(func.count(UserTask.id)).where(
                UserTask.record_id == record_id, UserTask.bpmn_id == "hr_final"))
            assert final == 2, "the 会签 step went on once: one 或签 row per signer"
        for record_id in ids:           # 或签: both signers approve at the same moment
            tasks = [open_rows(record_id, "hr_final", account) for account in (HR, HR_2)]
            db.session.close()
            results = _at_once(app, [lambda t=tasks[0]: review.complete_user_task(hr, t, action="approve"),
                                     lambda t=tasks[1]: review.complete_user_task(hr_2, t, action="approve")])
            assert sum(not isinstance(r, Exception) for r in results) == 1, results
            assert sum(isinstance(r, TaskAlreadyCompleted) for r in results) == 1, results
            decisions = db.session.scalar(select(func.count(ReviewEvent.id)).where(
                ReviewEvent.record_id == record_id, ReviewEvent.step_name == "人力资源部终审（或签）"))
            assert decisions == 1
        db.session.close()
