"""Generated import templates (catalog §4.1 step 2, §4.3) and the 导出无效数据 workbook (step 5).

Pure: an ``ImportSpec`` (and plain row values) in, xlsx bytes out. No formulas are written: a
drop-down validation's list reference is not a cell formula.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import write_text
from .import_spec import OPTIONS_SHEET, ImportSpec
from .reader import MAX_ROWS
from .record_export import cell_value, sheet_titles

REQUIRED_FONT = Font(bold=True, color="FFFF0000")
HEADER_FONT = Font(bold=True)
ERROR_COLUMN = "错误原因"


def build_template(spec: ImportSpec, *, options_sheet: bool = True) -> bytes:
    """The 「<类型名称>导入模板.xlsx」 of ``spec``.

    Sheet 1 (named after the type): row 1 = the column labels in ``spec`` order, required ones in a
    red bold font, each with a note giving its fill-in rule; enum columns carry a list validation
    pointing at sheet 2. Sheet 2 「可选值」: one column per enum field, headed by its label, listing
    its values (left out when there is no enum, or when ``options_sheet`` is False).

    Source: catalog §4.1 step 2; §4.3 (personal templates use the same layout).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_titles([spec.title])[0]
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        write_text(cell, column.label)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.comment = Comment(column.note, "模板说明", width=260, height=80)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, 2 * len(column.label) + 4)
    sheet.freeze_panes = "A2"
    enums = spec.enum_columns if options_sheet else []
    if enums:
        options = workbook.create_sheet(OPTIONS_SHEET)
        for index, column in enumerate(enums, start=1):
            letter = get_column_letter(index)
            write_text(options.cell(row=1, column=index), column.label)
            options.cell(row=1, column=index).font = HEADER_FONT
            for n, value in enumerate(column.options, start=2):
                write_text(options.cell(row=n, column=index), value)
            options.column_dimensions[letter].width = max(12, 2 * len(column.label) + 4)
            target = get_column_letter(spec.columns.index(column) + 1)
            validation = DataValidation(
                type="list", allow_blank=True, showDropDown=False,
                formula1=f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(column.options) + 1}")
            validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    return _bytes(workbook)


def build_rows_workbook(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A one-sheet workbook of ``headers`` and ``rows`` with typed cells (numbers as numbers, dates as
    dates, text never a formula): 导出无效数据 passes the original columns plus 错误原因.

    Source: catalog §4.1 step 5 (导出无效数据); issue 10 item 8.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_titles([title])[0]
    for index, label in enumerate(headers, start=1):
        write_text(sheet.cell(row=1, column=index), label)
        sheet.cell(row=1, column=index).font = HEADER_FONT
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            put(sheet.cell(row=r, column=c), value)
    sheet.freeze_panes = "A2"
    return _bytes(workbook)


def put(cell, value: object) -> None:
    """Write one plain value into a cell with its type kept (see ``record_export.cell_value``)."""
    value = cell_value(value)
    if isinstance(value, str):
        write_text(cell, value)
        return
    cell.value = value
    if hasattr(value, "isoformat"):
        cell.number_format = "yyyy-mm-dd hh:mm" if hasattr(value, "hour") else "yyyy-mm-dd"


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
