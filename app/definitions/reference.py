"""Reference data under ``forms/_reference/<name>.json`` (docs/forms.md "Reference data").

Reference data are lists the school maintains outside the form files (catalog §0.2: enum values marked
[designed] are starting values kept as reference data). They live in the subfolder ``forms/_reference/`` so
that ``flask definitions deploy`` (which reads only ``forms/*.json``) never takes them for record types.
Since issue 12 the lists live in the database (``reference_value``, maintained by the 系统管理员); the files
hold the [designed] starting values loaded when a list is first deployed. This module also resolves a form's
``x-reference`` enums against the maintained values (``with_reference_values``).
Pure: reads files, no database, no Flask.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = Path("forms") / "_reference"
TERM_CALENDAR = "term_calendar"
COURSE_CATALOG = "course_catalog"

_TERM_CODE = re.compile(r"^(\d{4})-(\d{4})-([12])$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")      # YYYY-MM-DD, as JSON Schema "date" writes it


class ReferenceDataError(ValueError):
    """A reference file is missing or malformed (the message names the file and the entry)."""


def reference_path(name: str, root: Path | None = None) -> Path:
    """``<root>/forms/_reference/<name>.json``; ``root`` defaults to the repository root."""
    return (root or DEFAULT_ROOT) / REFERENCE_DIR / f"{name}.json"


def load_reference(name: str, root: Path | None = None) -> Any:
    """The parsed JSON of one reference file.

    Raises:
        ReferenceDataError: the file does not exist or is not UTF-8 JSON.
    """
    path = reference_path(name, root)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{REFERENCE_DIR / path.name}：文件不存在") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{REFERENCE_DIR / path.name}：不是合法的 JSON：{exc}") from exc


def load_term_calendar(root: Path | None = None) -> dict[str, tuple[date, date]]:
    """The 学年学期 calendar from ``forms/_reference/term_calendar.json`` (used by the ``in_term`` rule).

    Args:
        root: the folder holding ``forms/``; defaults to the repository root.

    Returns:
        ``{"2024-2025-1": (first day, last day), …}``, both days inclusive, in file order.

    Raises:
        ReferenceDataError: the file is missing or an entry is malformed (see ``parse_term_calendar``).
    """
    return parse_term_calendar(load_reference(TERM_CALENDAR, root))


def parse_term_calendar(doc: Any) -> dict[str, tuple[date, date]]:
    """Check and convert a term-calendar document ``{"_about": …, "terms": [{"term", "start", "end"}, …]}``.

    A term code is ``<year>-<year + 1>-<1|2>`` (the values of the ``term`` enums of T01, T02 and G02);
    ``start`` ≤ ``end`` are ISO dates; a code appears once.
    """
    where = f"{REFERENCE_DIR / (TERM_CALENDAR + '.json')}"
    terms = doc.get("terms") if isinstance(doc, Mapping) else None
    if not isinstance(terms, list):
        raise ReferenceDataError(f"{where}：缺少 terms 列表")
    calendar: dict[str, tuple[date, date]] = {}
    for index, entry in enumerate(terms, start=1):
        code, span = _term_entry(entry, f"{where} 第 {index} 项")
        if code in calendar:
            raise ReferenceDataError(f"{where}：学年学期 {code} 重复")
        calendar[code] = span
    return calendar


def _term_entry(entry: Any, where: str) -> tuple[str, tuple[date, date]]:
    if not isinstance(entry, Mapping):
        raise ReferenceDataError(f"{where}：必须是对象")
    code = entry.get("term")
    match = _TERM_CODE.match(code) if isinstance(code, str) else None
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ReferenceDataError(f"{where}：学年学期 {code!r} 格式应为 2024-2025-1")
    start, end = _iso_date(entry.get("start"), f"{where} start"), _iso_date(entry.get("end"), f"{where} end")
    if end < start:
        raise ReferenceDataError(f"{where}：{code} 的 end 早于 start")
    return str(code), (start, end)


def _iso_date(value: Any, where: str) -> date:
    try:
        if isinstance(value, str) and ISO_DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ReferenceDataError(f"{where}：{value!r} 不是 YYYY-MM-DD 日期")


def load_course_catalog(root: Path | None = None) -> list[tuple[str, str | None]]:
    """The starting course catalogue ``[(课程名称, 开课主管单位), …]`` of ``forms/_reference/course_catalog.json``.

    Raises:
        ReferenceDataError: the file is missing, or an entry has no course name.
    """
    doc = load_reference(COURSE_CATALOG, root)
    courses = doc.get("courses") if isinstance(doc, Mapping) else None
    if not isinstance(courses, list):
        raise ReferenceDataError(f"{REFERENCE_DIR / (COURSE_CATALOG + '.json')}：缺少 courses 列表")
    out: list[tuple[str, str | None]] = []
    for index, entry in enumerate(courses, start=1):
        name = entry.get("course") if isinstance(entry, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            raise ReferenceDataError(f"{REFERENCE_DIR / (COURSE_CATALOG + '.json')} 第 {index} 项：缺少 course")
        owner = entry.get("owner_dept")
        out.append((name.strip(), owner if isinstance(owner, str) else None))
    return out


# ---------------------------------------------------------------- x-reference fields of a form

def reference_fields(doc: Mapping[str, Any]) -> dict[str, str]:
    """``{field: list name}`` for every top-level enum property of a form that carries ``x-reference``
    (docs/forms.md "Extension keys"), e.g. ``{"term": "term_calendar", "course_name": "course_catalog"}``."""
    props = doc.get("schema", {}).get("properties", {})
    return {key: str(prop["x-reference"]) for key, prop in props.items()
            if isinstance(prop, Mapping) and prop.get("x-reference") and "enum" in prop}


def condition_values(doc: Mapping[str, Any], field: str) -> list[str]:
    """The values of ``field`` that the form's own conditions name: an ``allOf`` ``if`` (``const`` or
    ``enum``), a ``ui:showIf`` / ``ui:hideIf`` and a rule's or adjustable list's ``when``.

    They are part of the form, not of the list (T01's 「其他课程」 shows 其他课程 and makes it required):
    they stay offered, last, whatever the maintained list holds.
    """
    named: list[object] = []
    for part in doc.get("schema", {}).get("allOf", ()):
        test = part.get("if", {}).get("properties", {}).get(field, {}) if isinstance(part, Mapping) else {}
        named += [test["const"]] if "const" in test else list(test.get("enum", ()))
    for hint in doc.get("uiSchema", {}).values():
        if isinstance(hint, Mapping):
            for key in ("ui:showIf", "ui:hideIf"):
                named += list(hint.get(key, {}).get(field, ()))
    for spec in (*doc.get("rules", ()), *doc.get("adjustable_lists", ())):
        named += list(spec.get("when", {}).get(field, ())) if isinstance(spec, Mapping) else []
    enum = doc.get("schema", {}).get("properties", {}).get(field, {}).get("enum", ())
    return [v for v in enum if v in named]


def starting_values(doc: Mapping[str, Any], field: str) -> list[str]:
    """The [designed] starting values of a reference field: its enum in the form file, less the
    ``condition_values`` (catalog §0.2)."""
    fixed = set(condition_values(doc, field))
    return [str(v) for v in doc["schema"]["properties"][field].get("enum", ()) if v not in fixed]


def with_reference_values(doc: Mapping[str, Any], lists: Mapping[str, Sequence[str]],
                          keep: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A copy of a form document whose ``x-reference`` enums hold the maintained values.

    Args:
        doc: the deployed form document (not changed).
        lists: list name → the values offered now (in order, retired ones left out). A list that is
            not in ``lists`` (never loaded) leaves the form's own enum as it is.
        keep: the record's stored data: a stored value that is no longer offered (retired) stays valid
            for this record, so an old record still displays and re-saves with it.

    Returns:
        The new document; enum = list values, then the kept value, then the ``condition_values``.
    """
    fields = reference_fields(doc)
    if not any(name in lists for name in fields.values()):
        return dict(doc)
    props = dict(doc["schema"]["properties"])
    for field, name in fields.items():
        if name not in lists:
            continue
        values = list(dict.fromkeys(lists[name]))
        kept = (keep or {}).get(field)
        if isinstance(kept, str) and kept and kept not in values:
            values.append(kept)
        values += [v for v in condition_values(doc, field) if v not in values]
        props[field] = {**props[field], "enum": values}
    return {**doc, "schema": {**doc["schema"], "properties": props}}
