"""Preparing a record's data on 保存 and 提交: computed fields, decisions, schema validation.

The client never sets computed fields: read-only properties are dropped, decision-filled fields
(归属单位, catalog §2.2) and 工作量 (a ``workload_<code>`` decision table, catalog §1.2) are filled
server-side on every save and submit.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import messages
from app.definitions import type_rules
from app.definitions.forms import FormDefinition, condition_holds
from app.definitions.validation import FieldError, validate_data
from app.engine import EngineError, get_engine
from app.errors import ValidationFailed
from app.models import Record, Unit, User

from app.services.files import attachments
from app.services.deployment import current_decision

WORKLOAD_MAX = Decimal("9999999999.99")     # record.workload is NUMERIC(12, 2)


@dataclass(frozen=True)
class RecordContext:
    """Whose record the data belongs to: the owner, the record type and (once saved) the record."""

    owner: User
    record_type: str
    record: Record | None = None

    @classmethod
    def of(cls, record: Record) -> RecordContext:
        """The context of a saved record."""
        return cls(record.owner, record.record_type_code, record)

    @property
    def record_id(self) -> int | None:
        return self.record.id if self.record is not None else None


def prepare_data(session: Session, form: FormDefinition, context: RecordContext, data: Any, *,
                 for_submit: bool) -> tuple[dict[str, Any], Decimal | None]:
    """Clean, compute and validate ``data`` of a record (保存 when not ``for_submit``, else 提交).

    In order: drop read-only and hidden fields (``ui:showIf``/``ui:hideIf``), renumber child rows,
    fill decision fields (归属单位, catalog §2.2) and prefilled fields (A06 考核单位), compute 工作量
    (``workload_<code>``, catalog §1.2), then check the JSON Schema and the type rules (``rules``:
    duplicates, date order, ranks, the 卫生 rules, catalog §1.3–§1.4).

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
    _drop_hidden(form, clean)
    for field in _ordered_lists(form):
        if isinstance(clean.get(field), list):
            clean[field] = number_rows(form, field, clean[field])
    unit = context.owner.unit
    rule_context = _rule_context(session, context)
    errors: list[FieldError] = []
    errors += _apply_field_decisions(session, form, unit, data, clean, for_submit=for_submit)
    type_rules.apply_prefill(form, clean, rule_context)
    if form.workload_decision:
        _compute_workload(session, form, clean)
    file_errors = _apply_files(session, form, context, clean)
    errors += validate_data(form, clean, for_submit=for_submit)
    errors += type_rules.check_rules(form, clean, rule_context, for_submit=for_submit)
    if not any(error.field == "workload" for error in errors):
        errors += _workload_in_range(form, clean)
    if errors or file_errors:
        problems = [e.as_dict() for e in errors] + file_errors
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(problems)), errors=problems)
    workload = clean.get("workload")
    return clean, Decimal(str(workload)) if isinstance(workload, (int, float)) and not isinstance(workload, bool) else None


def _workload_in_range(form: FormDefinition, clean: Mapping[str, Any]) -> list[FieldError]:
    """工作量 must fit the ``record.workload`` column (NUMERIC(12, 2): |x| < 10¹⁰), whatever the form's
    own bounds say, so an absurd number is a field error rather than a database failure."""
    value = clean.get("workload")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > WORKLOAD_MAX:
        return [FieldError("workload", messages.WORKLOAD_TOO_LARGE.format(label=form.label("workload"), max=WORKLOAD_MAX))]
    return []


def _apply_files(session: Session, form: FormDefinition, context: RecordContext, clean: dict[str, Any]) -> list[dict]:
    """File fields are the server's: a top-level field lists the record's uploaded files whatever the
    client sent; ids in child rows must be this record's uploads to that field (catalog §0.4)."""
    if context.record is not None:
        clean.update(attachments.file_field_ids(session, context.record, form=form))
    else:
        for key, prop in form.properties.items():
            if "x-attachment" in prop:
                clean.pop(key, None)
    return attachments.check_row_attachment_ids(session, context.record_id or 0, form, clean)


def _drop_hidden(form: FormDefinition, data: dict[str, Any]) -> None:
    """A field hidden by its uiSchema condition keeps no value (e.g. 其他课程 unless 课程名称 = 其他课程)."""
    ui = form.doc.get("uiSchema", {})
    for key in list(data):
        hints = ui.get(key, {}) if isinstance(ui.get(key), Mapping) else {}
        show_if, hide_if = hints.get("ui:showIf"), hints.get("ui:hideIf")
        if show_if and not condition_holds(show_if, data):
            del data[key]
        elif hide_if and condition_holds(hide_if, data):
            del data[key]


def _rule_context(session: Session, context: RecordContext) -> type_rules.RuleContext:
    def find_duplicate(values: Mapping[str, object]) -> bool:
        query = select(Record.data).where(
            Record.owner_id == context.owner.id, Record.record_type_code == context.record_type,
            Record.status.notin_(("terminated", "deleted")))
        if context.record_id is not None:
            query = query.where(Record.id != context.record_id)
        return any(all(_blank(other.get(k)) if _blank(v) else other.get(k) == v for k, v in values.items())
                   for other in session.scalars(query))

    unit = context.owner.unit
    return type_rules.RuleContext(today=date.today(), owner_unit_name=unit.name if unit else None,
                                  find_duplicate=find_duplicate, term_calendar=term_calendar())


def _blank(value: object) -> bool:
    return value in (None, "", [])


@lru_cache(maxsize=1)
def term_calendar() -> dict:
    """学年学期 → (start, end), from ``forms/_reference/term_calendar.json`` (reference data)."""
    return type_rules.load_term_calendar()


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
    errors += type_rules.check_rules(form, data, _rule_context(session, RecordContext.of(record)), for_submit=True, only_fields={field})
    problems = [e.as_dict() for e in errors] + [
        e for e in attachments.check_row_attachment_ids(session, record.id, form, data) if e["field"].startswith(f"{field}[")]
    if problems:
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(problems)), errors=problems)
