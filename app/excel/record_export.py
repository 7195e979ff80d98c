"""The xlsx of a record list (导出, catalog §3.10): one sheet per record type, header row bold and
frozen, a final 合计 row for workload types (catalog §1.3.0 list page).

Pure: plain values in, bytes out. The caller has already turned ids into names and chosen labels;
this module only lays the values out. A cell value is ``None``, ``str``, ``bool``, a number, a
``date``/``datetime``, a list of scalars (shown joined with 「、」) or a list of rows (a child list,
shown one numbered line per row: ``1. 王某 / 2024-03-01``).
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .cells import write_text

TOTAL_LABEL = "合计"
LIST_SEPARATOR = "、"
ROW_SEPARATOR = " / "
MAX_TITLE = 31                                  # Excel's limit on a sheet name
MAX_CELL = 32767                                # Excel's limit on the characters in a cell
MIN_WIDTH, MAX_WIDTH = 6, 60                    # column widths, in Excel character units
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its title (the record type name), header labels and rows of plain values.

    ``total_of`` names the header whose column a final 合计 row sums (工作量); None = no 合计 row.
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    total_of: str | None = None


def build_workbook(sheets: Sequence[SheetSpec]) -> bytes:
    """The xlsx bytes of ``sheets``, in order.

    Sheet titles are made safe (``[]:*?/\\`` → ``_``, at most 31 characters) and unique (``…(2)``).
    Numbers stay numbers and dates stay dates; text that looks like a formula stays text.

    Raises:
        ValueError: no sheets, or ``total_of`` is not one of the sheet's headers.

    Source: catalog §3.10 (each record type on its own sheet), §1.3.0 (合计).
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec, title in zip(sheets, sheet_titles([s.title for s in sheets]), strict=False):
        _write_sheet(workbook.create_sheet(title), spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_titles(titles: Sequence[str]) -> list[str]:
    """Excel-safe, unique sheet titles (Excel compares them case-insensitively)."""
    out: list[str] = []
    taken: set[str] = set()
    for raw in titles:
        base = _INVALID_TITLE.sub("_", raw or "").strip().strip("'")[:MAX_TITLE].strip() or "Sheet"
        title, n = base, 1
        while title.casefold() in taken:
            n += 1
            suffix = f"({n})"
            title = base[:MAX_TITLE - len(suffix)] + suffix
        taken.add(title.casefold())
        out.append(title)
    return out


def cell_value(value: object) -> object:
    """The value as written to a cell: numbers, dates and text; lists and child rows become text."""
    if value is None or isinstance(value, (str, date)):
        return _clean_text(value) if isinstance(value, str) else _naive(value)
    if isinstance(value, bool):
        return text_of(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Mapping):
        return _clean_text("；".join(f"{k}：{text_of(v)}" for k, v in value.items() if not _blank(v)))
    if isinstance(value, Sequence):
        return _clean_text(child_rows_text(value) if any(_is_row(item) for item in value) else text_of(value))
    return _clean_text(str(value))


def child_rows_text(rows: Sequence[object]) -> str:
    """A child list as one numbered line per row, blanks left out: ``1. 王某 / 2024-03-01``."""
    lines = []
    for n, row in enumerate(rows, start=1):
        items = row.values() if isinstance(row, Mapping) else cast(Iterable[Any], row) if _is_row(row) else [row]
        lines.append(f"{n}. " + ROW_SEPARATOR.join(text_of(v) for v in items if not _blank(v)))
    return "\n".join(lines)


def text_of(value: object) -> str:
    """A value as short text (inside a list or a child row)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, Sequence) and not isinstance(value, str):
        return LIST_SEPARATOR.join(text_of(v) for v in value if not _blank(v))
    return str(value)


def _write_sheet(sheet: Worksheet, spec: SheetSpec) -> None:
    headers = list(spec.headers)
    total_index = headers.index(spec.total_of) if spec.total_of is not None else None
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = _BOLD
    total = Decimal(0)
    for row in spec.rows:
        values = [cell_value(v) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            _format(cell, value)
        if total_index is not None and total_index < len(values):
            total += _number(values[total_index])
    last_column = get_column_letter(max(len(headers), 1))
    sheet.auto_filter.ref = f"A1:{last_column}{sheet.max_row}"
    if total_index is not None:
        footer: list[object] = [None] * len(headers)
        footer[0] = TOTAL_LABEL
        footer[total_index] = cell_value(total)
        sheet.append(footer)
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD
    sheet.freeze_panes = "A2"
    _fit_widths(sheet, len(headers))


def _format(cell, value: object) -> None:
    if isinstance(value, str):
        write_text(cell, value)                 # "=…" typed by a user is text, never a formula
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT


def _fit_widths(sheet: Worksheet, columns: int) -> None:
    widths = [0] * columns
    for row in sheet.iter_rows(max_col=columns):
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _display_width(cell.value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)


def _display_width(value: object) -> int:
    """Characters across, a CJK character counting two, of the longest line."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    lines = str(value).split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _number(value: object) -> Decimal:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    return Decimal(0)


def _naive(value: date | None) -> date | None:
    """Excel has no time zones: an aware datetime is written as its wall-clock time."""
    return value.replace(tzinfo=None) if isinstance(value, datetime) and value.tzinfo else value


def _clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]


def _is_row(value: object) -> bool:
    return isinstance(value, (Mapping, list, tuple))


def _blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, Mapping)) and not value)
