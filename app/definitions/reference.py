"""Reference data under ``forms/_reference/<name>.json`` (docs/forms.md "Reference data").

Reference data are lists the school maintains outside the form files (catalog §0.2: enum values marked
[designed] are starting values kept as reference data). They live in the subfolder ``forms/_reference/`` so
that ``flask definitions deploy`` (which reads only ``forms/*.json``) never takes them for record types.
Pure: reads files, no database, no Flask.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = Path("forms") / "_reference"
TERM_CALENDAR = "term_calendar"

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
