"""build_workbook: the xlsx of a record list, read back with openpyxl (catalog §3.10, §1.3.0 合计)."""
from __future__ import annotations

import io
from datetime import date, datetime, UTC
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.excel.record_export import SheetSpec, build_workbook, cell_value, child_rows_text, sheet_titles

T04 = "其他上级部门要求承办的各类考试（个人）"
HEADERS = ["序号", "业绩类别", "工作量", "账号", "教职工", "所属部门", "任务类型", "监考/考务场次", "审核状态", "申报日期", "附件"]  # noqa: E501 (the expected text, verbatim)


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def t04_sheet(**kw) -> SheetSpec:
    rows = [
        [1, T04, Decimal("4.00"), "01090023", "赵志睿", "教师工作部", "监考", 1, "已完成", date(2025, 3, 1), ["监考安排.pdf"]],
        [2, T04, Decimal("4.50"), "01090023", "赵志睿", "教师工作部", "考务", 2, "未提交", None, []],
    ]
    return SheetSpec(kw.pop("title", T04), HEADERS, rows, total_of="工作量", **kw)


def test_a_workload_sheet_has_a_bold_frozen_header_typed_values_and_a_total_row():
    sheet = read(build_workbook([t04_sheet()]))[T04]
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    first = [c.value for c in sheet[2]]
    assert first[:6] == [1, T04, 4, "01090023", "赵志睿", "教师工作部"]
    assert first[7] == 1 and isinstance(first[7], int)
    assert sheet.cell(2, 10).value == datetime(2025, 3, 1) and sheet.cell(2, 10).is_date
    assert sheet.cell(2, 10).number_format == "yyyy-mm-dd"
    assert first[10] == "监考安排.pdf"
    assert sheet.cell(3, 3).value == 4.5 and sheet.cell(3, 10).value is None and sheet.cell(3, 11).value is None
    total = [c.value for c in sheet[4]]
    assert total[0] == "合计" and total[2] == 8.5 and all(v is None for v in total[3:])
    assert sheet.max_row == 4 and sheet.cell(4, 1).font.bold


def test_a_sheet_without_total_of_has_no_total_row():
    spec = SheetSpec("卫生-专题", ["序号", "专题名称"], [[1, "专题一"]])
    sheet = read(build_workbook([spec]))["卫生-专题"]
    assert sheet.max_row == 2 and [c.value for c in sheet[2]] == [1, "专题一"]


def test_the_total_of_an_empty_sheet_is_zero():
    sheet = read(build_workbook([SheetSpec(T04, HEADERS, [], total_of="工作量")]))[T04]
    assert [c.value for c in sheet[2]][:3] == ["合计", None, 0]


def test_each_spec_is_its_own_sheet_in_order():
    workbook = read(build_workbook([t04_sheet(), SheetSpec("课程教学工作量", ["序号"], [[1]])]))
    assert workbook.sheetnames == [T04, "课程教学工作量"]


def test_sheet_titles_are_safe_trimmed_to_31_characters_and_unique():
    long = "研究生" * 12                                   # 36 characters
    titles = sheet_titles([long, long, "a/b:c*d?e[f]g\\h", "Sheet", "sheet", "", "'引号'"])
    assert titles[0] == long[:31] and len(titles[1]) <= 31 and titles[1].endswith("(2)")
    assert titles[1] != titles[0]
    assert titles[2] == "a_b_c_d_e_f_g_h"
    assert titles[3] == "Sheet" and titles[4] == "sheet(2)" and titles[5] == "Sheet(3)"
    assert titles[6] == "引号"


def test_truncated_duplicate_titles_survive_a_round_trip():
    long = "其他上级部门要求承办的各类考试（个人）与附加说明文字用于测试截断"
    workbook = read(build_workbook([SheetSpec(long, ["序号"], [[1]]), SheetSpec(long, ["序号"], [[2]])]))
    assert len(workbook.sheetnames) == 2 and len(set(workbook.sheetnames)) == 2
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert workbook.worksheets[1].cell(2, 1).value == 2


def test_child_lists_are_numbered_lines_and_lists_are_joined():
    rows = [("王某", date(2024, 3, 1), None, "男"), ("李某", "2024-04-02", "", ["a.pdf", "b.pdf"])]
    assert child_rows_text(rows) == "1. 王某 / 2024-03-01 / 男\n2. 李某 / 2024-04-02 / a.pdf、b.pdf"
    assert cell_value(rows) == child_rows_text(rows)
    assert cell_value(["监考安排.pdf", "签到表.png"]) == "监考安排.pdf、签到表.png"
    assert cell_value([]) == "" and cell_value(True) == "是" and cell_value(Decimal("2.50")) == 2.5
    sheet = read(build_workbook([SheetSpec("病案", ["序号", "病案列表"], [[1, rows]])]))["病案"]
    assert sheet.cell(2, 2).value == child_rows_text(rows) and sheet.cell(2, 2).alignment.wrap_text


def test_text_that_looks_like_a_formula_stays_text():
    sheet = read(build_workbook([SheetSpec("s", ["考试类型"], [['=HYPERLINK("http://x","y")']])]))["s"]
    assert sheet.cell(2, 1).data_type == "s" and sheet.cell(2, 1).value == '=HYPERLINK("http://x","y")'


def test_aware_datetimes_are_written_as_wall_clock_and_control_characters_dropped():
    moment = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    sheet = read(build_workbook([SheetSpec("s", ["时间", "备注"], [[moment, "第一行\x07"]])]))["s"]
    assert sheet.cell(2, 1).value == datetime(2025, 3, 1, 9, 30) and sheet.cell(2, 2).value == "第一行"


def test_columns_are_wide_enough_for_their_longest_value():
    sheet = read(build_workbook([t04_sheet()]))[T04]
    assert sheet.column_dimensions["B"].width >= 2 * len(T04)          # CJK characters count two
    assert 6 <= sheet.column_dimensions["A"].width < 12


def test_a_workbook_needs_a_sheet_and_total_of_must_be_a_header():
    with pytest.raises(ValueError):
        build_workbook([])
    with pytest.raises(ValueError):
        build_workbook([SheetSpec("s", ["序号"], [], total_of="工作量")])
