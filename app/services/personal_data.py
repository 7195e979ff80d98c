"""Personal data in responses: records as the caller may see them (catalog §6.3 rule 4).

Who sees personal data in full is decided by one predicate, ``scope.personal_data_clause``; this module
applies it to the records a list, a detail view or an inbox returns. The export applies the same
predicate and the same masking (``FormDefinition.masked``).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.models import Record

from app.services import scope
from app.services.deployment import form_of, verify_versions


class MaskedRecord:
    """A read-only view of a record whose ``data`` has its personal values masked; every other attribute
    is the record's own. Never added to a session, so nothing masked is ever written back."""

    def __init__(self, record: Record, data: dict[str, Any]) -> None:
        self._record = record
        self.data = data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._record, name)


def masked_ids(session: Session, principal: Principal, records: Sequence[Record]) -> set[int]:
    """Ids of the ``records`` the caller must see masked: their form has ``x-personal-data`` fields and
    the caller is not owner, HR or an assigned reviewer (``scope.personal_data_clause``)."""
    verify_versions(session, {r.form_version_id for r in records})          # one content check for the lot
    personal = [r.id for r in records if form_of(session, r.form_version_id).has_personal_data]
    return set(personal) - scope.full_personal_data(session, principal, personal)


def as_shown(session: Session, principal: Principal, records: Sequence[Record]) -> list[Record | MaskedRecord]:
    """``records`` in order, each either itself or a :class:`MaskedRecord` (one query for the lot)."""
    hidden = masked_ids(session, principal, records)
    return [MaskedRecord(r, form_of(session, r.form_version_id).masked(r.data)) if r.id in hidden else r
            for r in records]


def shown_data(session: Session, principal: Principal, record: Record) -> dict[str, Any]:
    """The record's ``data`` as the caller may see it (masked or the record's own)."""
    return as_shown(session, principal, [record])[0].data


__all__ = ["MaskedRecord", "as_shown", "masked_ids", "shown_data"]
