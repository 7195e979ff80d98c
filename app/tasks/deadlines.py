"""The deadline sweep on beat (超时催办)."""
from celery import shared_task

from app.services.deadlines.sweep import sweep_deadlines


@shared_task(name="deadlines.sweep")
def sweep() -> dict:
    """Send the reminders and escalations that are due; safe to run twice at once."""
    return sweep_deadlines()
