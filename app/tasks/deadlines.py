"""The deadline sweep on beat (超时催办): due review tasks, then BPMN timer events."""
from celery import shared_task

from app.services.deadlines.sweep import sweep_deadlines
from app.services.review.process_steps import fire_due_timers


@shared_task(name="deadlines.sweep")
def sweep() -> dict:
    """Send the reminders and escalations that are due and fire due BPMN timers; safe to run twice at once."""
    report = sweep_deadlines()
    report["timers_fired"] = fire_due_timers()
    return report
