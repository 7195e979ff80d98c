"""Record-type catalog reads: list and the form of one type for the caller."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound
from app.extensions import db
from app.models import RecordType, User

from .record_data import field_decision_outputs, form_of

_META_KEYS = ("code", "title", "family", "category", "entry_mode", "pay_attribute", "process_key",
              "post_approval_policy", "title_field", "list_columns", "search_fields", "routing_fields",
              "workload_decision", "field_decisions", "rules", "source")


def list_record_types(category: str | None = None) -> list[RecordType]:
    """Record types in tab order (``sort_order``), optionally of one category."""
    query = select(RecordType).order_by(RecordType.sort_order)
    if category:
        query = query.where(RecordType.category == category)
    return list(db.session.scalars(query))


def record_type_form(principal: Principal, code: str) -> dict[str, Any]:
    """``{record_type, schema, ui_schema, metadata, field_defaults}`` of the current form version.

    Raises:
        NotFound: unknown code.
    """
    rtype = db.session.get(RecordType, code)
    if rtype is None:
        raise NotFound(messages.UNKNOWN_RECORD_TYPE.format(code=code))
    form = form_of(db.session, rtype.form_version_id)
    user = db.session.get(User, principal.user_id)
    return {"record_type": rtype, "schema": form.schema, "ui_schema": form.doc.get("uiSchema", {}),
            "metadata": {k: form.doc[k] for k in _META_KEYS if k in form.doc},
            "field_defaults": field_decision_outputs(db.session, form, user.unit)}
