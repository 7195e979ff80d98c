"""A BPMN timer boundary event fires once, when the sweep asks (engine-notes.md §6, issue 13)."""
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "processes" / "escalation_timer.bpmn"


def test_a_boundary_timer_fires_once_and_leaves_the_review_open(engine):
    compiled = engine.compile_process(SAMPLE.read_bytes(), [], "escalation_timer")
    step = engine.start("timer-sample", compiled.spec_json, {"escalate_after": "PT1S"})
    assert [t.bpmn_id for t in step.ready_user_tasks] == ["college_review"]
    assert step.next_timer_at is not None
    assert datetime.now(UTC) < step.next_timer_at <= datetime.now(UTC) + timedelta(seconds=2)
    early = engine.fire_timers("timer-sample", compiled.spec_json, step.state)
    assert early.events == () and early.next_timer_at == step.next_timer_at      # not due yet
    time.sleep(max((step.next_timer_at - datetime.now(UTC)).total_seconds(), 0) + 0.1)
    fired = engine.fire_timers("timer-sample", compiled.spec_json, step.state)
    assert fired.events == ("review_overdue",)
    assert [t.bpmn_id for t in fired.ready_user_tasks] == ["college_review"]     # non-interrupting
    assert fired.next_timer_at is None
    again = engine.fire_timers("timer-sample", compiled.spec_json, fired.state)
    assert again.events == () and not again.is_completed
