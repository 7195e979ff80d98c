"""What forms read: the values offered now, a form resolved against them, the term calendar, the default
考核年度 (catalog §0.2, §1.3.0, §1.3.1). Forms keep naming their lists with ``x-reference``; this module is
where that name is looked up."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.definitions import type_rules
from app.definitions.forms import FormDefinition
from app.definitions.reference import COURSE_CATALOG, TERM_CALENDAR, reference_fields, with_reference_values
from app.models import ReferenceSetting, ReferenceValue
from app.services.process_cache import TimedCache

DEFAULT_YEAR_KEY = "default_assessment_year"


def offered_values(session: Session, names: Iterable[str]) -> dict[str, list[str]]:
    """``{list name: [value, …]}``: the values offered for new records (not retired), in list order.

    A list that has no row at all (never loaded) is left out, so its forms keep their own enum; a list
    whose every value is retired maps to ``[]``. One query.
    """
    wanted = sorted(set(names))
    out: dict[str, list[str]] = {}
    if not wanted:
        return out
    rows = session.execute(select(ReferenceValue.list_name, ReferenceValue.value, ReferenceValue.retired_at)
                           .where(ReferenceValue.list_name.in_(wanted))
                           .order_by(ReferenceValue.list_name, ReferenceValue.sort_order, ReferenceValue.id))
    for name, value, retired_at in rows:
        values = out.setdefault(name, [])
        if retired_at is None:
            values.append(value)
    return out


def resolved_form(session: Session, form: FormDefinition, keep: Mapping[str, Any] | None = None) -> FormDefinition:
    """``form`` with every ``x-reference`` enum holding the maintained values (``with_reference_values``).

    Args:
        keep: the stored data of the record being edited: its retired values stay valid for it (a value
            in use is retired, never taken away from the records that hold it).

    Returns the same object when the form names no reference list.
    """
    fields = reference_fields(form.doc)
    if not fields:
        return form
    return FormDefinition(with_reference_values(form.doc, offered_values(session, fields.values()), keep))


def course_owner_depts(session: Session) -> dict[str, str]:
    """课程名称 → 开课主管单位 of the courses offered now (the T01 form pre-selects the course's unit)."""
    rows = session.execute(select(ReferenceValue.value, ReferenceValue.owner_dept).where(
        ReferenceValue.list_name == COURSE_CATALOG, ReferenceValue.retired_at.is_(None),
        ReferenceValue.owner_dept.is_not(None)))
    return {str(value): str(dept) for value, dept in rows}


def term_calendar(session: Session) -> dict[str, tuple[date, date]]:
    """学年学期 → (first day, last day), inclusive, for the ``in_term`` rule (T02 考试日期).

    Retired terms keep their dates (old records are still checked against them). Before the calendar is
    loaded into the database, the shipped ``forms/_reference/term_calendar.json``.
    """
    return _TERMS.get(TERM_CALENDAR, lambda: _read_term_calendar(session)) or {}


def _read_term_calendar(session: Session) -> dict[str, tuple[date, date]]:
    rows = session.execute(select(ReferenceValue.value, ReferenceValue.start_date, ReferenceValue.end_date).where(
        ReferenceValue.list_name == TERM_CALENDAR).order_by(ReferenceValue.sort_order, ReferenceValue.id)).all()
    if not rows:
        return type_rules.load_term_calendar()
    return {value: (start, end) for value, start, end in rows if start is not None and end is not None}


_TERMS: TimedCache[dict[str, tuple[date, date]]] = TimedCache({"reference_value"}, 10.0)
"""The term calendar as this process last read it, for 10 s (every T02/T04 save and submit checks its
dates against it); a change made here applies at once, one made by another process within 10 s."""


def default_assessment_year(session: Session) -> int:
    """The 考核年度 a new record starts with (catalog §1.3.0 「Default: the current open year」): the
    maintained setting, else the calendar year."""
    setting = session.get(ReferenceSetting, DEFAULT_YEAR_KEY)
    value = setting.value if setting is not None else None
    return value if isinstance(value, int) else date.today().year
