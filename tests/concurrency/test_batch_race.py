"""批量审核 racing another reviewer on PostgreSQL (catalog §5.3): 300 tasks, 20 of them completed meanwhile
by a colleague of the same candidate group on another connection → 280 成功, 20 「已由他人处理」, and
no record approved twice; with the records decided one by one and by two threads (``BATCH_REVIEW_THREADS``,
each thread its own connection), the results in the order given."""
import threading

import pytest
from sqlalchemy import delete, func, select

from flows import SEED000_T04, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB

N, TAKEN = 300, 20


@pytest.mark.committed
@pytest.mark.parametrize("threads", [1, 2])
def test_batch_of_300_with_20_taken_meanwhile(app, db_session, monkeypatch, threads):
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import ReviewEvent, RoleGrant, Unit, User, UserTask
    from app.services.records import lifecycle as records
    from app.services.review import batch, review
    monkeypatch.setitem(app.config, "BATCH_REVIEW_THREADS", threads)

    with app.app_context():
        teacher = principal_from_user(db.session.scalar(select(User).where(User.account == TEACHER_JSGZB)))
        reviewer = principal_from_user(db.session.scalar(select(User).where(User.account == UNIT_ADMIN_JSGZB)))
        colleague_user = db.session.scalar(select(User).where(User.account == TEACHER_JSJ))
        unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "JSGZB"))
        db.session.add(RoleGrant(user_id=colleague_user.id, role="unit_admin", unit_id=unit_id))
        db.session.commit()
        colleague = principal_from_user(db.session.get(User, colleague_user.id))
        record_ids = [records.create_record(teacher, record_type="T04", data=SEED000_T04 | {"sessions": i % 9 + 1},
                                            submit=True).id for i in range(N)]
        task_ids = list(db.session.scalars(select(UserTask.id).where(
            UserTask.record_id.in_(record_ids), UserTask.status == "open").order_by(UserTask.id)))
    assert len(task_ids) == N
    taken = task_ids[-TAKEN:]           # the colleague starts at the end while the batch starts at the front
    started = threading.Event()
    outcome: dict = {}

    def run_batch() -> None:
        with app.app_context():
            started.set()
            outcome["results"] = batch.batch_review(reviewer, task_ids, action="approve")

    def run_colleague() -> None:
        with app.app_context():
            started.wait(10)
            outcome["colleague"] = [review.complete_user_task(colleague, t, action="approve").id for t in taken]

    try:
        threads = [threading.Thread(target=run_batch), threading.Thread(target=run_colleague)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        results = outcome["results"]
        assert [r.task_id for r in results] == task_ids                     # in the order given
        assert len(outcome["colleague"]) == TAKEN
        labels = [r.label for r in results]
        assert labels.count("成功") == N - TAKEN and labels.count("已由他人处理") == TAKEN
        assert {r.task_id for r in results if r.label == "已由他人处理"} == set(taken)
        with app.app_context():
            approvals = dict(db.session.execute(
                select(ReviewEvent.record_id, func.count(ReviewEvent.id))
                .where(ReviewEvent.record_id.in_(record_ids), ReviewEvent.action == "approve")
                .group_by(ReviewEvent.record_id)).all())
            assert len(approvals) == N and set(approvals.values()) == {1}      # nothing approved twice
            by_colleague = db.session.scalar(select(func.count(UserTask.id)).where(
                UserTask.id.in_(taken), UserTask.completed_by_id == colleague.user_id))
            assert by_colleague == TAKEN
    finally:
        with app.app_context():
            db.session.execute(delete(RoleGrant).where(RoleGrant.user_id == colleague_user.id,
                                                       RoleGrant.role == "unit_admin", RoleGrant.unit_id == unit_id))
            db.session.commit()
