"""Two reviewers approve the same task at once on PostgreSQL: exactly one wins (catalog §2.6)."""
import threading

import pytest
from sqlalchemy import func, select

from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB


@pytest.mark.committed
def test_two_concurrent_approvals_of_one_task_exactly_one_wins(app, db_session):
    from app.auth.principal import principal_from_user
    from app.errors import TaskAlreadyCompleted
    from app.extensions import db
    from app.models import ReviewEvent, User, UserTask
    from app.services.records import lifecycle as records
    from app.services.review import review

    with app.app_context():
        teacher = principal_from_user(db.session.scalar(select(User).where(User.account == TEACHER_JSGZB)))
        reviewer = principal_from_user(db.session.scalar(select(User).where(User.account == UNIT_ADMIN_JSGZB)))
        record = records.create_record(teacher, record_type="T04", data=SEED000_T04, submit=True)
        record_id = record.id
        task_id = db.session.scalar(select(UserTask.id).where(UserTask.record_id == record_id, UserTask.status == "open"))

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        with app.app_context():
            barrier.wait()
            try:
                review.complete_user_task(reviewer, task_id, action="approve")
                outcomes.append("won")
            except TaskAlreadyCompleted as exc:
                outcomes.append(exc.message)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("won") == 1
    loser = next(o for o in outcomes if o != "won")
    assert loser.startswith("该记录已由 曹阳 于 ")
    with app.app_context():
        approvals = db.session.scalar(select(func.count(ReviewEvent.id)).where(
            ReviewEvent.record_id == record_id, ReviewEvent.action == "approve"))
        assert approvals == 1
        assert db.session.scalar(select(func.count(UserTask.id)).where(
            UserTask.record_id == record_id, UserTask.status == "open")) == 1      # the next lane's task only
