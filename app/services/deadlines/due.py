"""When a review task is due (catalog §7 deadlines; issue 13 item 3)."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app

from app.engine import parse_duration
from app.models import utcnow
from app.models.base import LOCAL_TZ


def due_at_for(lane: str | None, now: datetime | None = None, *, rule: str | None = None,
               data: Mapping[str, object] | None = None) -> datetime | None:
    """The due time (aware UTC) of a review task opening now in ``lane``.

    Args:
        lane: the task's lane; the applicant's own task (退回) has no due time.
        now: when the task opens (default: now).
        rule: the lane's ``due`` property in the BPMN (the process version's ``extra["due"][lane]``):
            an ISO 8601 duration from ``now`` (``P3D``, ``PT48H``), or the name of a date field of the
            record's form, due at the end of that day (school time, Asia/Shanghai).
        data: the record's form data, for the date-field form.

    Returns:
        From ``rule`` when it gives a time; otherwise (no property, the field empty or not a date)
        ``TASK_DUE_HOURS_BY_LANE[lane]`` when configured, else ``TASK_DUE_HOURS``, from ``now``; a
        configured value ≤ 0 means the lane has no deadline (None).
    """
    if not lane or lane == "applicant":
        return None
    now = now or utcnow()
    if rule:
        length = parse_duration(rule)
        if length is not None:
            return now + length
        day = _date_of((data or {}).get(rule))
        if day is not None:
            return datetime.combine(day + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
    config = current_app.config
    hours = float(config.get("TASK_DUE_HOURS_BY_LANE", {}).get(lane, config.get("TASK_DUE_HOURS", 72)))
    return now + timedelta(hours=hours) if hours > 0 else None


def _date_of(value: object) -> date | None:
    """A form date value (``"2025-06-14"``, the format forms store) as a date; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


__all__ = ["due_at_for"]
