"""The record types' own validation rules: the ``rules`` list of a form file (docs/forms.md "Type rules").

JSON Schema (``validation.validate_data``) checks each field; the rules here check what it cannot: field
against field, row against the date, a record against the owner's other records, a value against reference
data. Which rules run when (docs/forms.md):

- 提交 (``for_submit=True``): every enabled rule whose ``when`` holds.
- 调整-保存 of a child list (catalog §3.6): as 提交, restricted with ``only_fields`` to the rules touching
  the adjusted list (``only_fields={"cases"}``), with ``today`` = the 调整 date.
- 保存 (``for_submit=False``): only the single-record kinds ``date_order``, ``lte`` and ``isbn``, on what is
  filled.

A rule whose values are empty is skipped (``required`` and ``minItems`` report missing values); so is a
value ``validate_data`` already rejects as malformed (a date that is not YYYY-MM-DD, a number that is
text). Messages are the rule's ``message``, verbatim; in a row message 「第 n 条」 becomes 「第 4 条」
(1-based) while the field path keeps JSON's 0-based index: ``cases[3].admit_date``, as in
``validation.FieldError``. Pure: no database, no Flask; the service passes what needs them in
``RuleContext``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .forms import FormDefinition, condition_holds
from .reference import ISO_DATE, load_term_calendar
from .validation import FieldError

__all__ = ["RULE_KINDS", "RuleContext", "UnknownRuleError", "apply_prefill", "check_rules", "is_valid_isbn",
           "load_term_calendar"]

ROW_MARK = "第 n 条"
_ROW_INDEX = re.compile(r"^[^\[.]+\[(\d+)\]")

Rule = Mapping[str, Any]
Data = Mapping[str, Any]


@dataclass(frozen=True)
class RuleContext:
    """What the rules need from outside the record; built by the service for one 保存/提交/调整."""

    today: date
    """The 提交 or 调整 date (``recent_years``: catalog §1.4.8 「today is the submission or adjustment date」)."""
    owner_unit_name: str | None
    """The owner's bound unit, or None when unbound (``prefill`` from ``owner_unit``: catalog §1.4.3 A06)."""
    find_duplicate: Callable[[Mapping[str, object]], bool]
    """``unique``: True when another non-terminated record of the same owner and type has these values
    (``{field: value or None}``, None = absent). The service implements it as a query and excludes the
    record being checked."""
    term_calendar: Mapping[str, tuple[date, date]]
    """``in_term``: 学年学期 code → (first day, last day), inclusive; ``load_term_calendar()``."""


class UnknownRuleError(ValueError):
    """A rule's ``kind`` (or a ``prefill`` rule's ``from``) is not in the docs/forms.md vocabulary.

    Raised rather than ignored: a rule that silently does nothing would let invalid records through.
    """


Check = Callable[[Rule, Data, RuleContext], list[FieldError]]


@dataclass(frozen=True)
class _Kind:
    check: Check
    touches: Callable[[Rule], tuple[str, ...]]   # top-level fields the rule reads (for ``only_fields``)
    on_save: bool                                # also runs on 保存


# --------------------------------------------------------------------------- entry points


def check_rules(form: FormDefinition, data: Data, ctx: RuleContext, *, for_submit: bool,
                only_fields: Collection[str] | None = None) -> list[FieldError]:
    """Run ``form``'s type rules on ``data``.

    Args:
        form: the record type (its ``rules`` list).
        data: the record's own fields, after ``apply_prefill`` and with read-only fields set by the server.
        ctx: today, the owner's unit, the duplicate lookup and the term calendar.
        for_submit: True on 提交 and 调整-保存; False on 保存 (only ``date_order``, ``lte``, ``isbn``).
        only_fields: when given, only the rules touching one of these top-level fields run (调整 of one
            child list, catalog §3.6). A rule touches the fields it reads, not its ``when`` fields.

    Returns:
        One ``FieldError`` per problem, ordered by field order, then row; empty when every rule holds.

    Raises:
        UnknownRuleError: a rule has a kind outside docs/forms.md (checked for every rule, enabled or not).
    """
    kinds = [(rule, _kind_of(rule)) for rule in form.rules]
    errors: list[FieldError] = []
    for rule, kind in kinds:
        if not _applies(rule, data) or (not for_submit and not kind.on_save):
            continue
        if only_fields is not None and not set(kind.touches(rule)) & set(only_fields):
            continue
        errors.extend(kind.check(rule, data, ctx))
    return _sorted(form, errors)


def apply_prefill(form: FormDefinition, data: dict[str, Any], ctx: RuleContext) -> None:
    """Fill every ``prefill`` field of ``form`` in ``data`` from its context value, in place.

    Catalog §1.4.3 A06: 考核单位 is filled from the person's bound unit and read-only; the client's value is
    overwritten. Without a bound unit the typed value is kept (and ``check_rules`` refuses the 提交).
    Disabled rules and rules whose ``when`` does not hold are left alone.
    """
    for rule in form.rules:
        if rule.get("kind") != "prefill" or not _applies(rule, data):
            continue
        value = _context_value(rule, ctx)
        if not _empty(value):
            data[rule["field"]] = value


def is_valid_isbn(text: str) -> bool:
    """An ISBN-10 or ISBN-13 with a correct check digit; spaces and hyphens are ignored.

    ISBN-10: nine digits and a check digit or X, Σ (10 − i)·dᵢ ≡ 0 (mod 11). ISBN-13: thirteen digits,
    Σ wᵢ·dᵢ ≡ 0 (mod 10) with weights 1, 3, 1, 3 … (the prefix 978/979 is not required, docs/forms.md).
    """
    code = re.sub(r"[ -]", "", text).upper()
    if len(code) == 10 and code[:9].isdecimal() and (code[9].isdecimal() or code[9] == "X"):
        digits = [int(c) for c in code[:9]] + [10 if code[9] == "X" else int(code[9])]
        return sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
    if len(code) == 13 and code.isdecimal():
        return sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(code)) % 10 == 0
    return False


# --------------------------------------------------------------------------- one function per kind


def _check_date_order(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``date_order``: ``end`` ≥ ``start``; with ``field``, in every row of that table.

    Sources: catalog §1.4.8 A19–A21 (出院日期 「Must be ≥ 入院日期」) and §4.3 (入院日期 ≤ 出院日期);
    the other types' start/end pairs are [designed].
    """
    start, end = rule["start"], rule["end"]
    if "field" not in rule:
        return [FieldError(end, rule["message"])] if _reversed(data, start, end) else []
    return [FieldError(_row_path(rule["field"], i, end), _row_message(rule["message"], i))
            for i, row in _rows(data, rule["field"]) if _reversed(row, start, end)]


def _check_lte(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``lte``: number ``field`` ≤ number ``other`` (catalog §1.4.3 A04: 「1 ≤ 个人排名 ≤ 参与人数 [designed]」)."""
    value, limit = _number(data.get(rule["field"])), _number(data.get(rule["other"]))
    if value is None or limit is None or value <= limit:
        return []
    return [FieldError(rule["field"], rule["message"])]


def _check_unique(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``unique``: no other non-terminated record of the owner and type has the same ``fields``.

    Sources: catalog §1.3.1 T01 (「该课程该教学班级已填报」, [designed]) and §1.4.3 A06 (one record per
    person and year, [designed]). Empty values are passed as None; the rule is skipped when all are empty.
    The error is on the first of ``fields``.
    """
    fields = list(rule["fields"])
    values = {name: None if _empty(data.get(name)) else data.get(name) for name in fields}
    if all(v is None for v in values.values()) or not ctx.find_duplicate(values):
        return []
    return [FieldError(fields[0], rule["message"])]


def _check_recent_years(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``recent_years``: in every row, each of ``date_fields`` lies in [today − ``years`` years, today].

    Source: catalog §1.4.8 A20 (「新增病案材料仅支持近5年日期」, message 「第 n 条病案：日期须在近5年内」),
    re-checked on 调整 (§3.6); off for A21 (§9 Q15, ``enabled: false``). One error per row, on the row's
    first out-of-range date.
    """
    earliest = _years_before(ctx.today, int(rule["years"]))
    errors = []
    for i, row in _rows(data, rule["field"]):
        for name in rule["date_fields"]:
            day = _date(row.get(name))
            if day is not None and not earliest <= day <= ctx.today:
                errors.append(FieldError(_row_path(rule["field"], i, name), _row_message(rule["message"], i)))
                break
    return errors


def _check_each_attachment(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``each_attachment``: every row of the table has at least one file in ``attachment``.

    Source: catalog §1.4.8 A22 (「每一个参考文献都必须上传附件」, message 「第 n 条参考文献未上传附件」);
    rows imported from the 文献模板 have no file yet (§4.3). An empty table is left to ``minItems``.
    """
    name = rule["attachment"]
    return [FieldError(_row_path(rule["field"], i, name), _row_message(rule["message"], i))
            for i, row in _rows(data, rule["field"])
            if not (isinstance(row.get(name), list) and row.get(name))]


def _check_isbn(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``isbn``: a valid ISBN-10 or ISBN-13 check digit (catalog §1.3.1 T11, §1.3.3 R03, §1.4.6 A17)."""
    value = data.get(rule["field"])
    if not isinstance(value, str) or _empty(value) or is_valid_isbn(value):
        return []
    return [FieldError(rule["field"], rule["message"])]


def _check_in_term(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``in_term``: the date ``field`` lies in the 学年学期 chosen in ``term`` (catalog §1.3.1 T02 考试日期:
    「Must fall in the chosen term」), per ``ctx.term_calendar``.

    A term missing from the calendar fails the rule: the date cannot be shown to lie in it.
    """
    day, term = _date(data.get(rule["field"])), data.get(rule["term"])
    if day is None or _empty(term):
        return []
    span = ctx.term_calendar.get(term) if isinstance(term, str) else None
    if span is not None and span[0] <= day <= span[1]:
        return []
    return [FieldError(rule["field"], rule["message"])]


def _check_prefill(rule: Rule, data: Data, ctx: RuleContext) -> list[FieldError]:
    """``prefill``: 提交 is refused while the context value is missing (catalog §1.4.3 A06: without a bound
    unit 考核单位 「需个人手动输入并只能保存无法提交」). Filling is ``apply_prefill``."""
    return [FieldError(rule["field"], rule["message"])] if _empty(_context_value(rule, ctx)) else []


_KINDS: dict[str, _Kind] = {
    "date_order": _Kind(_check_date_order, lambda r: (r["field"],) if "field" in r else (r["start"], r["end"]),
                        on_save=True),
    "lte": _Kind(_check_lte, lambda r: (r["field"], r["other"]), on_save=True),
    "unique": _Kind(_check_unique, lambda r: tuple(r["fields"]), on_save=False),
    "recent_years": _Kind(_check_recent_years, lambda r: (r["field"],), on_save=False),
    "each_attachment": _Kind(_check_each_attachment, lambda r: (r["field"],), on_save=False),
    "isbn": _Kind(_check_isbn, lambda r: (r["field"],), on_save=True),
    "in_term": _Kind(_check_in_term, lambda r: (r["field"], r["term"]), on_save=False),
    "prefill": _Kind(_check_prefill, lambda r: (r["field"],), on_save=False),
}
RULE_KINDS = frozenset(_KINDS)

_CONTEXT_VALUES: dict[str, Callable[[RuleContext], object]] = {
    "owner_unit": lambda ctx: ctx.owner_unit_name,
}


# --------------------------------------------------------------------------- helpers


def _kind_of(rule: Rule) -> _Kind:
    kind = _KINDS.get(rule.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        raise UnknownRuleError(f"unknown rule kind {rule.get('kind')!r} (docs/forms.md \"Type rules\")")
    return kind


def _applies(rule: Rule, data: Data) -> bool:
    """``enabled`` is not false and every ``when`` field has one of its listed values."""
    if rule.get("enabled", True) is False:
        return False
    return condition_holds(rule.get("when", {}), data)


def _context_value(rule: Rule, ctx: RuleContext) -> object:
    source = _CONTEXT_VALUES.get(rule.get("from"))  # type: ignore[arg-type]
    if source is None:
        raise UnknownRuleError(f"unknown prefill source {rule.get('from')!r} (docs/forms.md \"Type rules\")")
    return source(ctx)


def _rows(data: Data, table: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(0-based index, row) of the table's object rows; anything else is validate_data's to report."""
    rows = data.get(table)
    if isinstance(rows, list):
        yield from ((i, row) for i, row in enumerate(rows) if isinstance(row, Mapping))


def _row_path(table: str, index: int, field: str) -> str:
    return f"{table}[{index}].{field}"


def _row_message(message: str, index: int) -> str:
    return message.replace(ROW_MARK, f"第 {index + 1} 条")


def _reversed(values: Mapping[str, Any], start: str, end: str) -> bool:
    first, last = _date(values.get(start)), _date(values.get(end))
    return first is not None and last is not None and last < first


def _date(value: Any) -> date | None:
    """A YYYY-MM-DD string as a date; None when empty or malformed (``format: date`` reports those)."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _number(value: Any) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def _years_before(today: date, years: int) -> date:
    """The same day ``years`` years earlier; 29 February falls back to 28 February."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _sorted(form: FormDefinition, errors: list[FieldError]) -> list[FieldError]:
    """Field order (as ``validate_data``), then row index; stable otherwise (rule order)."""
    order = {key: i for i, key in enumerate(form.properties)}

    def key(error: FieldError) -> tuple[int, int]:
        row = _ROW_INDEX.match(error.field)
        return order.get(error.field.split("[")[0].split(".")[0], len(order)), int(row.group(1)) if row else -1

    return sorted(errors, key=key)
