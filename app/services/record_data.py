"""Preparing a record's data on 保存 and 提交: computed fields, decisions, schema validation.

The client never sets computed fields: read-only properties are dropped, decision-filled fields
(归属单位, catalog §2.2) and 工作量 (a ``workload_<code>`` decision table, catalog §1.2) are filled
server-side on every save and submit.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app import messages
from app.definitions.forms import FormDefinition
from app.definitions.validation import FieldError, validate_data
from app.engine import EngineError, get_engine
from app.errors import ValidationFailed
from app.models import DefinitionVersion, Unit

from .deployment import current_decision


_FORMS: dict[int, FormDefinition] = {}


def form_of(session: Session, form_version_id: int) -> FormDefinition:
    """The form definition of a pinned form version (versions are immutable, so it is cached)."""
    form = _FORMS.get(form_version_id)
    if form is None:
        form = _FORMS[form_version_id] = FormDefinition(json.loads(session.get(DefinitionVersion, form_version_id).source))
    return form


def prepare_data(session: Session, form: FormDefinition, owner_unit: Unit | None, data: Any, *,
                 for_submit: bool) -> tuple[dict[str, Any], Decimal | None]:
    """Clean, compute and validate ``data`` for a record owned by someone in ``owner_unit``.

    Returns:
        ``(data, workload)``: the data to store (computed fields filled in) and 工作量 as a Decimal
        (None while it cannot be computed or was not entered).

    Raises:
        ValidationFailed: one ``{"field", "message"}`` per problem, e.g.
            ``{"field": "sessions", "message": "「监考/考务场次」必须是整数"}``.
    """
    if not isinstance(data, Mapping):
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=1), errors=[{"field": "data", "message": "表单数据必须是对象"}])
    clean = {k: v for k, v in data.items() if k not in form.read_only_fields and v is not None}
    for field in _ordered_lists(form):
        if isinstance(clean.get(field), list):
            clean[field] = number_rows(form, field, clean[field])
    errors: list[FieldError] = []
    errors += _apply_field_decisions(session, form, owner_unit, data, clean, for_submit=for_submit)
    if form.workload_decision:
        _compute_workload(session, form, clean)
    errors += validate_data(form, clean, for_submit=for_submit)
    if errors:
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(errors)), errors=[e.as_dict() for e in errors])
    workload = clean.get("workload")
    return clean, Decimal(str(workload)) if isinstance(workload, (int, float)) and not isinstance(workload, bool) else None


def evaluate(session: Session, decision_id: str, inputs: Mapping[str, object]) -> dict[str, object]:
    """Evaluate the current version of a standalone decision table."""
    version = current_decision(session, decision_id)
    return get_engine().evaluate_decision(str(version.id), version.source.encode("utf-8"), inputs)


def field_decision_outputs(session: Session, form: FormDefinition, owner_unit: Unit | None) -> dict[str, dict]:
    """For each decision-filled field: ``{field: {"value": default, "editable": bool}}`` (catalog §2.2:
    evaluated when the form loads and again on 提交)."""
    inputs = {"unit_type": owner_unit.kind if owner_unit else None,
              "default_research_owner": owner_unit.default_research_owner if owner_unit else None}
    out = {}
    for field, decision_id in form.field_decisions.items():
        result = evaluate(session, decision_id, inputs)
        out[field] = {"value": result.get(field), "editable": bool(result.get(f"{field}_editable", not result))}
    return out


def _apply_field_decisions(session: Session, form: FormDefinition, owner_unit: Unit | None, sent: Mapping,
                           clean: dict, *, for_submit: bool) -> list[FieldError]:
    errors = []
    for field, outcome in field_decision_outputs(session, form, owner_unit).items():
        if outcome["editable"]:
            continue
        label = form.label(field)
        if outcome["value"] is None:
            clean.pop(field, None)
            if for_submit:
                errors.append(FieldError(field, messages.RESEARCH_OWNER_MISSING))
            continue
        if sent.get(field) not in (None, "", outcome["value"]):
            errors.append(FieldError(field, f"{label}由系统根据所在单位确定，不可修改"))
        clean[field] = outcome["value"]
    return errors


def _compute_workload(session: Session, form: FormDefinition, clean: dict) -> None:
    inputs = {key: clean.get(key) for key in form.properties}
    try:
        result = evaluate(session, form.workload_decision, inputs)
    except EngineError:
        result = {}          # inputs incomplete (a draft): 工作量 stays empty until they are filled
    value = result.get("workload")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        clean["workload"] = round(float(value), 2) if isinstance(value, float) else value
    else:
        clean.pop("workload", None)


def _ordered_lists(form: FormDefinition) -> list[str]:
    """Child lists whose rows carry a read-only ``order`` (序号) column."""
    return [key for key, prop in form.properties.items()
            if prop.get("type") == "array" and "order" in prop.get("items", {}).get("properties", {})]


def number_rows(form: FormDefinition, field: str, rows: list) -> list:
    """Renumber ``order`` (序号) 1..n in list order: ↑/↓ is the order of the rows sent (catalog §3.6)."""
    if field not in _ordered_lists(form):
        return rows
    return [dict(row, order=i) if isinstance(row, Mapping) else row for i, row in enumerate(rows, start=1)]


def validate_child_list(session: Session, record, form: FormDefinition, data: Mapping[str, Any], field: str) -> None:
    """Check one child list inside the whole data, as on 提交 (调整-保存, catalog §3.6).

    Raises:
        ValidationFailed: errors of ``field`` only (its rows, its minimum count, its rules).
    """
    errors = [e for e in validate_data(form, data, for_submit=True)
              if e.field == field or e.field.startswith(f"{field}[") or e.field.startswith(f"{field}.")]
    if errors:
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(errors)), errors=[e.as_dict() for e in errors])
