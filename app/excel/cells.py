"""Cell values in and out of a workbook: one uploaded cell to a typed field value (catalog §4.1 step
5 row checks), and text written so that no spreadsheet program reads it as a formula (issue 10 item 8).

Pure: no database, no Flask.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .import_spec import ColumnSpec

REQUIRED = "必填"
NOT_A_NUMBER = "应为数字"
NOT_AN_INTEGER = "应为整数"
BAD_DATE = "日期格式应为 YYYY-MM-DD"
FORMULA = "不支持公式，请粘贴为数值"
NOT_AN_OPTION = "“{value}”不在可选值中"
TOO_LONG = "不能超过 {n} 个字"

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")      # OWASP CSV-injection leads
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class RawCell:
    """An uploaded cell as read: its value (str, int, float, bool, date/datetime or None) and whether
    the cell holds a formula (the formula text is the value then; it is never evaluated)."""

    value: object
    is_formula: bool = False


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def convert(column: ColumnSpec, cell: RawCell) -> tuple[object, str | None]:
    """The field value of one cell, or the reason it is refused.

    Returns ``(value, None)`` or ``(None, reason)``; a blank optional cell gives ``(None, None)``.
    Reasons (catalog §4.1 row checks, verbatim): 「必填」, 「“X”不在可选值中」, 「应为数字」,
    「日期格式应为 YYYY-MM-DD」, 「不支持公式，请粘贴为数值」; also 「应为整数」 and 「不能超过 N 个字」.
    Full-width digits and punctuation are read as their ASCII forms (NFKC); Excel date cells, date
    serial numbers and text dates (2025-06-14, 2025/6/14, 2025年6月14日) are all dates.
    """
    if cell.is_formula:
        return None, FORMULA
    value = cell.value
    if is_blank(value):
        return None, REQUIRED if column.required else None
    kind = column.kind
    if kind in ("integer", "number"):
        return _number(value, integer=kind == "integer")
    if kind == "date":
        return _date(value)
    text = text_value(value)
    if kind == "account":
        return unicodedata.normalize("NFKC", text), None
    if kind == "enum":
        options = column.options
        if text in options:
            return text, None
        folded = unicodedata.normalize("NFKC", text)
        match = next((o for o in options if unicodedata.normalize("NFKC", o) == folded), None)
        return (match, None) if match is not None else (None, NOT_AN_OPTION.format(value=text[:50]))
    if column.max_length is not None and len(text) > column.max_length:
        return None, TOO_LONG.format(n=column.max_length)
    return text, None


def text_value(value: object) -> str:
    """A cell as trimmed text: 5010001.0 → "5010001", a date → "2025-06-14"."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _number(value: object, *, integer: bool) -> tuple[object, str | None]:
    if isinstance(value, (bool, date, datetime)):
        return None, NOT_A_NUMBER
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, NOT_A_NUMBER
    if not number.is_finite():
        return None, NOT_A_NUMBER
    if number == number.to_integral_value():
        return int(number), None
    if integer:
        return None, NOT_AN_INTEGER
    return float(number), None


def _date(value: object) -> tuple[object, str | None]:
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:                       # Excel's serial dates (1900-01-01 … 9999-12-31)
            return (_EXCEL_EPOCH + timedelta(days=int(value))).date().isoformat(), None
        return None, BAD_DATE
    match = _DATE_TEXT.match(unicodedata.normalize("NFKC", str(value)).strip())
    if not match:
        return None, BAD_DATE
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat(), None
    except ValueError:
        return None, BAD_DATE


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet program could take for a formula once edited: = + - @, tab or CR first."""
    return text.startswith(FORMULA_LEADS)


def write_text(cell, value: str) -> None:
    """Store ``value`` in an openpyxl cell as plain text, never a formula.

    The cell is typed as a string and, when the text starts with = + - @ or a tab/CR, marked with a
    quote prefix (Excel's 「'」), so Excel, WPS and LibreOffice keep it as text even after editing.
    """
    cell.value = value
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
