"""保存/提交 preparation of a record's data: one pure function over the form and the facts the service gathered.

The client never sets computed fields: read-only properties are dropped, decision-filled fields (归属单位,
catalog §2.2) and 工作量 (a ``workload_<code>`` decision table, catalog §1.2) are filled from decision
outputs, file fields hold the record's own uploads, and the JSON Schema and type rules are checked.
The service (``services/records/record_data.py``) gathers the facts (database, decision tables, clock,
term calendar) and calls :func:`prepare_record_data` once; nothing here reads a database or a clock.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import type_rules
from .file_fields import check_row_file_ids
from .forms import FormDefinition, condition_holds
from .validation import FieldError, validate_data

WORKLOAD_MAX = Decimal("9999999999.99")     # record.workload is NUMERIC(12, 2)
NOT_AN_OBJECT = "表单数据必须是对象"
RESEARCH_OWNER_MISSING = "所在单位未配置科研归属单位，请联系管理员"  # catalog §2.2
DECIDED_FIELD_FIXED = "{label}由系统根据所在单位确定，不可修改"
WORKLOAD_TOO_LARGE = "「{label}」不能大于 {max}"


@dataclass(frozen=True)
class PreparationFacts:
    """What the service gathered for one 保存/提交.

    Attributes:
        field_decisions: outputs of the form's field decisions (catalog §2.2), e.g.
            ``{"research_owner": {"value": "科学技术部", "editable": False}}``.
        workload: the form's 工作量 table (catalog §1.2) as a function of the cleaned data → its outputs
            (``{"workload": 12}``; ``{}`` while the inputs are incomplete); None when the form has none.
        file_ids: live attachment ids of each top-level file field of the saved record
            (``{"evidence": [3, 5]}``); None for a record not saved yet (file fields are dropped then).
        row_files: live attachment ids of each child-list file field (``{"references.ref_file": {17}}``).
        rules: the type rules' context: today, the owner's unit name, the duplicate finder and the term
            calendar (``type_rules.RuleContext``).
    """

    field_decisions: Mapping[str, Mapping[str, Any]]
    workload: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None
    file_ids: Mapping[str, list[int]] | None
    row_files: Mapping[str, set[int]]
    rules: type_rules.RuleContext


@dataclass(frozen=True)
class Prepared:
    """The outcome of :func:`prepare_record_data`.

    Attributes:
        data: the data to store, computed fields filled in.
        workload: 工作量 as a Decimal (None while it cannot be computed or was not entered).
        errors: ``[{"field": "sessions", "message": "「监考/考务场次」必须是整数"}]``; empty when valid.
    """

    data: dict[str, Any]
    workload: Decimal | None
    errors: list[dict[str, str]]


def prepare_record_data(form: FormDefinition, data: Any, facts: PreparationFacts, *, for_submit: bool) -> Prepared:
    """Clean, compute and validate ``data`` of a record (保存 when not ``for_submit``, else 提交).

    In order: drop read-only and hidden fields (``ui:showIf``/``ui:hideIf``), renumber child rows, fill
    decision fields and prefilled fields (A06 考核单位), compute 工作量, set the file fields, then check the
    JSON Schema, the type rules (duplicates, date order, ranks, the 卫生 rules, catalog §1.3–§1.4), the
    工作量 column bound and the file ids in child rows.

    Returns:
        :class:`Prepared`; ``errors`` lists every problem (the data is not stored then).

    Source: catalog §0.4, §1.2–§1.4, §2.2.
    """
    if not isinstance(data, Mapping):
        return Prepared({}, None, [{"field": "data", "message": NOT_AN_OBJECT}])
    clean = {k: v for k, v in data.items() if k not in form.read_only_fields and v is not None}
    drop_hidden(form, clean)
    for field in ordered_lists(form):
        if isinstance(clean.get(field), list):
            clean[field] = number_rows(form, field, clean[field])
    errors = _apply_field_decisions(form, facts.field_decisions, data, clean, for_submit=for_submit)
    type_rules.apply_prefill(form, clean, facts.rules)
    if facts.workload is not None:
        _apply_workload(clean, facts.workload({key: clean.get(key) for key in form.properties}))
    _apply_files(form, facts.file_ids, clean)
    errors += validate_data(form, clean, for_submit=for_submit)
    errors += type_rules.check_rules(form, clean, facts.rules, for_submit=for_submit)
    if not any(error.field == "workload" for error in errors):
        errors += _workload_in_range(form, clean)
    problems = [e.as_dict() for e in errors] + check_row_file_ids(form, clean, facts.row_files)
    workload = clean.get("workload")
    amount = Decimal(str(workload)) if isinstance(workload, (int, float)) and not isinstance(workload, bool) else None
    return Prepared(clean, amount, problems)


def drop_hidden(form: FormDefinition, data: dict[str, Any]) -> None:
    """A field hidden by its uiSchema condition keeps no value (e.g. 其他课程 unless 课程名称 = 其他课程)."""
    ui = form.doc.get("uiSchema", {})
    for key in list(data):
        hints = ui.get(key, {}) if isinstance(ui.get(key), Mapping) else {}
        show_if, hide_if = hints.get("ui:showIf"), hints.get("ui:hideIf")
        if (show_if and not condition_holds(show_if, data)) or (hide_if and condition_holds(hide_if, data)):
            del data[key]


def ordered_lists(form: FormDefinition) -> list[str]:
    """Child lists whose rows carry a read-only ``order`` (序号) column."""
    return [key for key, prop in form.properties.items()
            if prop.get("type") == "array" and "order" in prop.get("items", {}).get("properties", {})]


def number_rows(form: FormDefinition, field: str, rows: list) -> list:
    """Renumber ``order`` (序号) 1..n in list order: ↑/↓ is the order of the rows sent (catalog §3.6)."""
    if field not in ordered_lists(form):
        return rows
    return [dict(row, order=i) if isinstance(row, Mapping) else row for i, row in enumerate(rows, start=1)]


def _apply_field_decisions(form: FormDefinition, outcomes: Mapping[str, Mapping[str, Any]], sent: Mapping,
                           clean: dict, *, for_submit: bool) -> list[FieldError]:
    errors = []
    for field, outcome in outcomes.items():
        if outcome["editable"]:
            continue
        if outcome["value"] is None:
            clean.pop(field, None)
            if for_submit:
                errors.append(FieldError(field, RESEARCH_OWNER_MISSING))
            continue
        if sent.get(field) not in (None, "", outcome["value"]):
            errors.append(FieldError(field, DECIDED_FIELD_FIXED.format(label=form.label(field))))
        clean[field] = outcome["value"]
    return errors


def _apply_workload(clean: dict, result: Mapping[str, Any]) -> None:
    value = result.get("workload")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        clean["workload"] = round(float(value), 2) if isinstance(value, float) else value
    else:
        clean.pop("workload", None)


def _apply_files(form: FormDefinition, file_ids: Mapping[str, list[int]] | None, clean: dict[str, Any]) -> None:
    """File fields are the server's: a top-level field lists the record's uploaded files whatever the
    client sent (catalog §0.4); a record not saved yet has none."""
    if file_ids is not None:
        clean.update(file_ids)
    else:
        for key, prop in form.properties.items():
            if "x-attachment" in prop:
                clean.pop(key, None)


def _workload_in_range(form: FormDefinition, clean: Mapping[str, Any]) -> list[FieldError]:
    """工作量 must fit the ``record.workload`` column (NUMERIC(12, 2): |x| < 10¹⁰), whatever the form's
    own bounds say, so an absurd number is a field error rather than a database failure."""
    value = clean.get("workload")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > WORKLOAD_MAX:
        return [FieldError("workload", WORKLOAD_TOO_LARGE.format(label=form.label("workload"), max=WORKLOAD_MAX))]
    return []


__all__ = ["PreparationFacts", "Prepared", "drop_hidden", "number_rows", "ordered_lists", "prepare_record_data"]
