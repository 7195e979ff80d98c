"""超时催办: a due review task gets one reminder, later one escalation, even with sweeps at once (issue 13)."""
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from conftest import requires_postgres
from flows import SEED000_T04, TEACHER_JSGZB, create


def _overdue_task(app, login_as, hours_late: float = 1) -> int:
    from app.extensions import db
    from app.models import UserTask, utcnow
    from app.services.uow import unit_of_work
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    with app.app_context():
        task = db.session.scalar(select(UserTask).where(UserTask.record_id == record["id"], UserTask.status == "open"))
        assert task.due_at is not None and task.due_at > utcnow() + timedelta(hours=71)     # TASK_DUE_HOURS 72
        with unit_of_work() as session:
            session.execute(update(UserTask).where(UserTask.id == task.id)
                            .values(due_at=utcnow() - timedelta(hours=hours_late)))
        return task.id


def _events(app) -> list[tuple[str, str]]:
    from app.extensions import db
    from app.models import OutboxMessage
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.event_type, OutboxMessage.dedupe_key)
                                  .where(OutboxMessage.event_type.like("deadline_%"))
                                  .order_by(OutboxMessage.id)).all()
        db.session.close()
    return [tuple(row) for row in rows]


def test_a_due_task_gets_one_reminder_then_one_escalation_to_hr(app, login_as):
    from app.extensions import db
    from app.models import OutboxMessage, utcnow
    from app.services.deadlines.sweep import sweep_deadlines
    task_id = _overdue_task(app, login_as)
    with app.app_context():
        assert sweep_deadlines() == {"reminded": 1, "escalated": 0}
        assert sweep_deadlines() == {"reminded": 0, "escalated": 0}
        later = utcnow() + timedelta(hours=48)                  # ESCALATE_AFTER_HOURS after the due time
        assert sweep_deadlines(later) == {"reminded": 0, "escalated": 1}
        assert sweep_deadlines(later) == {"reminded": 0, "escalated": 0}
        escalation = db.session.scalar(select(OutboxMessage).where(OutboxMessage.event_type == "deadline_escalation"))
        assert escalation.payload["recipient_ids"], "the unit-admin lane escalates to 人力资源部"
    assert _events(app) == [("deadline_reminder", f"deadline_reminder:{task_id}"),
                            ("deadline_escalation", f"deadline_escalation:{task_id}")]


@requires_postgres
@pytest.mark.committed
def test_sweeps_running_at_once_send_one_reminder_and_later_one_escalation(app, db_session, login_as):
    from app.models import utcnow
    from app.services.deadlines.sweep import sweep_deadlines
    _overdue_task(app, login_as)

    def sweeps_at_once(now=None) -> list[dict]:
        barrier, results = threading.Barrier(4), []

        def sweep():
            with app.app_context():
                barrier.wait()
                results.append(sweep_deadlines(now))

        threads = [threading.Thread(target=sweep) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        return results

    assert sum(r["reminded"] for r in sweeps_at_once()) == 1
    assert [kind for kind, _ in _events(app)] == ["deadline_reminder"]
    assert sum(r["escalated"] for r in sweeps_at_once(utcnow() + timedelta(hours=48))) == 1
    assert [kind for kind, _ in _events(app)] == ["deadline_reminder", "deadline_escalation"]


def test_a_bpmn_timer_boundary_event_in_a_sample_process_fires_once_through_the_sweep(app, ctx, login_as):
    import hashlib
    import time

    from app.engine import get_engine
    from app.extensions import db
    from app.models import DefinitionVersion, OutboxMessage, ProcessInstance, Record
    from app.services.deployment import deployed
    from app.services.review import process_steps
    from app.services.uow import unit_of_work
    draft = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04)
    xml = (Path(__file__).resolve().parents[1] / "fixtures" / "processes" / "escalation_timer.bpmn").read_text(encoding="utf-8")
    with unit_of_work() as session:
        version = DefinitionVersion(kind="process", key="escalation_timer_sample", version=1, source=xml,
                                    sha256=hashlib.sha256(xml.encode()).hexdigest(), extra={},
                                    spec_json=get_engine().compile_process(xml.encode(), [], "escalation_timer").spec_json)
        session.add(version)
        session.flush()
        record = session.get(Record, draft["id"])
        instance = process_steps.start_instance(session, record, deployed(session, version.id), {"escalate_after": "PT1S"})
    assert instance.next_timer_at is not None
    assert process_steps.fire_due_timers() == 0                 # not due yet
    time.sleep(1.2)
    assert process_steps.fire_due_timers() == 1
    assert process_steps.fire_due_timers() == 0                 # fired once: no timer left
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.event_type == "deadline_escalation")).all()
    assert len(rows) == 1 and rows[0].payload["candidate_role"] == "unit_admin"
    assert db.session.get(ProcessInstance, instance.id).next_timer_at is None
