"""The row locks of a review step (app/services/locks.py): record, then process instance, in one statement."""
import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import NoResultFound

from flows import SEED000_T04, TEACHER_JSGZB, create


def test_the_locking_read_names_the_record_before_its_instance():
    # PostgreSQL locks a result row's rows in the order FOR UPDATE OF names their tables: the order
    # every review step takes them (task, record, instance), so two steps never deadlock
    from app.services.locks import _lock_statement
    sql = str(_lock_statement().compile(dialect=postgresql.dialect()))
    assert sql.endswith("FOR UPDATE OF record, process_instance")


def test_a_review_is_locked_in_one_statement_and_only_with_its_own_instance(login_as, app):
    from sqlalchemy import event

    from app.extensions import db
    from app.models import ProcessInstance
    from app.services.locks import lock_review
    record_id = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)["id"]
    with app.app_context():
        instance_id = db.session.scalar(select(ProcessInstance.id).where(ProcessInstance.record_id == record_id))
        other_id = db.session.scalar(select(ProcessInstance.id).where(ProcessInstance.record_id != record_id).limit(1))
        db.session.rollback()
        sent: list[str] = []
        listener = lambda _c, _cur, statement, *_rest: sent.append(statement)   # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            record, instance = lock_review(db.session, record_id, instance_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert (record.id, instance.id, instance.record_id) == (record_id, instance_id, record_id)
        assert instance.state and record.owner.account == TEACHER_JSGZB and record.record_type.code == "T04"
        assert len([s for s in sent if not s.startswith("SAVEPOINT")]) == 1     # the test's isolation aside
        db.session.rollback()
        for wrong in (other_id, -1):
            with pytest.raises(NoResultFound):
                lock_review(db.session, record_id, wrong)
            db.session.rollback()
