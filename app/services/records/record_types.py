"""Record-type catalog reads: list and the form of one type for the caller."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound
from app.extensions import db
from app.definitions.forms import FormDefinition
from app.definitions.reference import COURSE_CATALOG
from app.models import Record, RecordType, User

from app.services import scope
from app.services.deployment import form_of
from app.services.reference import values as reference_values
from app.services.records.record_data import field_decision_outputs
from app.services.records.record_queries import TAB_STATUSES

_META_KEYS = ("code", "title", "family", "category", "entry_mode", "pay_attribute", "process_key",
              "post_approval_policy", "title_field", "list_columns", "search_fields", "routing_fields",
              "workload_decision", "field_decisions", "rules", "source", "search_placeholder", "adjustable_lists")


@dataclass(frozen=True)
class RecordTypeEntry:
    """A record type with the caller's own record counts by status (我的业绩, seed 004 (一)1)."""

    type: RecordType
    counts: dict[str, int]
    form: FormDefinition

    def __getattr__(self, name: str):
        # the response schema reads the type's own columns straight off the entry
        return getattr(self.type, name)


def list_record_types(principal: Principal, category: str | None = None) -> list[RecordTypeEntry]:
    """Record types in tab order, each with the caller's counts per status (and ``all``).

    Two queries whatever the number of types: the types, and one GROUP BY over the caller's records.
    """
    query = select(RecordType).order_by(RecordType.sort_order)
    if category:
        query = query.where(RecordType.category == category)
    types = list(db.session.scalars(query))
    counts = _own_counts(principal)
    return [RecordTypeEntry(t, _with_all(counts.get(t.code, {})), form_of(db.session, t.form_version_id)) for t in types]


def dashboard(principal: Principal) -> dict[str, Any]:
    """我的业绩: the caller's record counts by status per family and per category (one query)."""
    families: dict[str, dict[str, int]] = {}
    categories: dict[str, dict[str, int]] = {}
    rows = db.session.execute(
        select(RecordType.family, RecordType.category, Record.status, func.count(Record.id))
        .join(Record, Record.record_type_code == RecordType.code).where(scope.own_records(principal))
        .group_by(RecordType.family, RecordType.category, Record.status)).all()
    for family, category, status, n in rows:
        for bucket, key in ((families, family), (categories, category)):
            counts = bucket.setdefault(key, {})
            counts[status] = counts.get(status, 0) + n
    return {"families": {k: _with_all(v) for k, v in families.items()},
            "categories": {k: _with_all(v) for k, v in categories.items()}}


def _own_counts(principal: Principal) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for code, status, n in db.session.execute(
            select(Record.record_type_code, Record.status, func.count(Record.id))
            .where(scope.own_records(principal)).group_by(Record.record_type_code, Record.status)):
        out.setdefault(code, {})[status] = n
    return out


def _with_all(counts: dict[str, int]) -> dict[str, int]:
    full = dict.fromkeys(TAB_STATUSES, 0) | counts
    return full | {"all": sum(full.values())}


def record_type_form(principal: Principal, code: str) -> dict[str, Any]:
    """``{record_type, schema, ui_schema, metadata, field_defaults, reference_details}`` of the current form
    version.

    The ``x-reference`` enums offer the maintained reference data (retired values left out: issue 12);
    ``field_defaults`` adds 考核年度 = the default 考核年度 (catalog §1.3.0) to the decision-filled fields;
    ``reference_details`` = ``{"course_owner_dept": {课程名称: 开课主管单位}}`` when the form picks a course
    from the catalogue (the form pre-selects the course's unit).

    Raises:
        NotFound: unknown code.
    """
    rtype = db.session.get(RecordType, code)
    if rtype is None:
        raise NotFound(messages.UNKNOWN_RECORD_TYPE.format(code=code))
    form = reference_values.resolved_form(db.session, form_of(db.session, rtype.form_version_id))
    user = db.session.get_one(User, principal.user_id)
    defaults = field_decision_outputs(db.session, form, user.unit)
    if "assessment_year" in form.properties:
        defaults["assessment_year"] = {"value": reference_values.default_assessment_year(db.session), "editable": True}
    details = {}
    if form.properties.get("course_name", {}).get("x-reference") == COURSE_CATALOG and "course_owner_dept" in form.properties:
        details["course_owner_dept"] = reference_values.course_owner_depts(db.session)
    return {"record_type": rtype, "schema": form.schema, "ui_schema": form.doc.get("uiSchema", {}),
            "metadata": {k: form.doc[k] for k in _META_KEYS if k in form.doc},
            "field_defaults": defaults, "reference_details": details}
