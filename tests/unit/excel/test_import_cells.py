"""Cell conversion of uploads (catalog §4.1 step 5) and formula-safe text in every written workbook (issue 10 item 8)."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from app.excel.cells import RawCell, convert
from app.excel.import_spec import ColumnSpec, spec_from_form
from app.excel.record_export import SheetSpec, build_workbook
from app.excel.template import build_rows_workbook

INT = ColumnSpec("sessions", "场次", "integer", True)
NUM = ColumnSpec("workload", "工作量", "number", True)
DAY = ColumnSpec("exam_date", "考试日期", "date", True)
KIND = ColumnSpec("task_kind", "类型", "enum", True, ("命题", "监考"))
TEXT = ColumnSpec("remark", "备注", "string", False, max_length=5)


@pytest.mark.parametrize("column, raw, expected", [
    (INT, 3, (3, None)), (INT, 3.0, (3, None)), (INT, "３", (3, None)), (INT, " 12 ", (12, None)),
    (INT, 2.5, (None, "应为整数")), (INT, "两场", (None, "应为数字")), (INT, None, (None, "必填")), (INT, "  ", (None, "必填")),
    (INT, True, (None, "应为数字")), (INT, "nan", (None, "应为数字")),
    (NUM, "4.5", (4.5, None)), (NUM, "１，０００", (1000, None)), (NUM, 8, (8, None)),
    (DAY, datetime(2025, 6, 14), ("2025-06-14", None)), (DAY, date(2025, 6, 14), ("2025-06-14", None)),
    (DAY, "2025/6/14", ("2025-06-14", None)), (DAY, "2025年6月14日", ("2025-06-14", None)),
    (DAY, "２０２５－０６－１４", ("2025-06-14", None)), (DAY, 45822, ("2025-06-14", None)),
    (DAY, "2025-02-30", (None, "日期格式应为 YYYY-MM-DD")), (DAY, "14/06/2025", (None, "日期格式应为 YYYY-MM-DD")),
    (KIND, "监考", ("监考", None)), (KIND, " 命题 ", ("命题", None)), (KIND, "阅卷", (None, "“阅卷”不在可选值中")),
    (TEXT, None, (None, None)), (TEXT, "一二三四五六", (None, "不能超过 5 个字")), (TEXT, 12.0, ("12", None)),
])
def test_convert(column, raw, expected):
    assert convert(column, RawCell(raw)) == expected


def test_formula_cells_are_refused_whatever_the_column():
    for column in (INT, NUM, DAY, KIND, TEXT):
        assert convert(column, RawCell("=A1*2", is_formula=True)) == (None, "不支持公式，请粘贴为数值")


def test_spec_order_and_computed_workload_left_out():
    doc = {"code": "X01", "title": "示例", "workload_decision": "workload_x01",
           "schema": {"properties": {"remark": {"type": "string", "title": "备注"},
                                     "workload": {"type": "number", "title": "工作量"},
                                     "a": {"type": "integer", "title": "甲"},
                                     "files": {"type": "array", "title": "附件", "x-attachment": {}}},
                      "required": ["a"]},
           "uiSchema": {"ui:order": ["remark", "a", "workload", "files"]}}
    spec = spec_from_form(doc)
    assert spec.labels == ["教职工账号", "教职工姓名", "甲", "备注"]
    assert [c.required for c in spec.columns] == [True, False, True, False]


DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x.invalid\")"]


def _cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [c for row in sheet.iter_rows(min_row=2) for c in row]


def test_record_export_writes_formula_like_text_as_quoted_text():
    content = build_workbook([SheetSpec("导出", ["备注", "数"], [[text, 1] for text in DANGEROUS])])
    cells = _cells(content)
    texts = [c for c in cells if c.column == 1]
    assert [c.value for c in texts] == DANGEROUS
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
    assert all(c.data_type == "n" for c in cells if c.column == 2)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_rows_workbook_keeps_types_and_guards_text():
    content = build_rows_workbook("无效数据", ["文本", "数", "日期"], [["=1+1", 4.5, date(2025, 6, 14)], ["普通", 3, None]])
    first, number, day, plain, three, _none = _cells(content)
    assert (first.value, first.data_type, first.quotePrefix) == ("=1+1", "s", True)
    assert number.value == 4.5 and day.is_date and three.value == 3
    assert plain.quotePrefix is False
