"""The starting values of the reference lists (catalog §0.2), loaded once per list when it is first deployed:
the course catalogue and term calendar from ``forms/_reference/``, every other list from its form's enum; and
the demo's default 考核年度 (§1.3.0), kept only where none is set."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.definitions.reference import load_course_catalog, load_term_calendar, starting_values
from app.models import ReferenceSetting, ReferenceValue

from app.services.uow import unit_of_work

from .lists import KIND_COURSE, KIND_TERM, reference_lists
from .values import DEFAULT_YEAR_KEY


def seed_reference_data(root: Path | None = None) -> dict[str, int]:
    """Load the starting values of every list that has no value yet (idempotent: a list the school has
    touched is never reloaded, and a later deploy only fills lists that new forms introduce).

    Returns ``{list name: values added}`` for the lists loaded now.
    """
    added: dict[str, int] = {}
    with unit_of_work() as session:
        loaded = set(session.scalars(select(ReferenceValue.list_name).distinct()))
        for ref in reference_lists(session).values():
            if ref.name in loaded:
                continue
            if ref.kind == KIND_COURSE:
                rows = [ReferenceValue(list_name=ref.name, value=name, owner_dept=owner)
                        for name, owner in load_course_catalog(root)]
            elif ref.kind == KIND_TERM:
                rows = [ReferenceValue(list_name=ref.name, value=term, start_date=start, end_date=end)
                        for term, (start, end) in load_term_calendar(root).items()]
            else:
                use = ref.uses[0]
                rows = [ReferenceValue(list_name=ref.name, value=value)
                        for value in starting_values(ref.forms[0].doc, use.field)]
            for order, row in enumerate(rows, start=1):
                row.sort_order = order
            session.add_all(rows)
            added[ref.name] = len(rows)
    return added


def seed_default_assessment_year(year: int) -> bool:
    """Keep ``year`` as the default 考核年度 (catalog §1.3.0) when none is set; one the school (or an earlier
    seed) set is left alone. Returns whether it was set now."""
    with unit_of_work() as session:
        if session.get(ReferenceSetting, DEFAULT_YEAR_KEY) is not None:
            return False
        session.add(ReferenceSetting(key=DEFAULT_YEAR_KEY, value=year))
        return True
