"""When a review task is due (catalog §7 deadlines; issue 13 item 3)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from app.models import utcnow


def due_at_for(lane: str | None, now: datetime | None = None) -> datetime | None:
    """The due time of a review task opening now in ``lane``.

    ``TASK_DUE_HOURS_BY_LANE[lane]`` when configured, else ``TASK_DUE_HOURS``; a value ≤ 0 means the
    lane has no deadline (None). The applicant's own task (退回) has none either.
    """
    if not lane or lane == "applicant":
        return None
    config = current_app.config
    hours = float(config.get("TASK_DUE_HOURS_BY_LANE", {}).get(lane, config.get("TASK_DUE_HOURS", 72)))
    return (now or utcnow()) + timedelta(hours=hours) if hours > 0 else None


__all__ = ["due_at_for"]
