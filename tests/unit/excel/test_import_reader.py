"""Hostile and malformed workbooks are refused quickly, before any parser inflates them (catalog §4.1 step 3)."""
from __future__ import annotations

import io
import resource
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.excel.reader import ONLY_XLS, UNREADABLE, ExcelFileError, open_workbook

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _xlsx(rows=(("教职工账号", "场次"), ("05010001", 1))) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_member(content: bytes, name: str, data: bytes | None, *, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, data if item.filename == name and data is not None else source.read(item.filename))
        for extra_name, extra_data in (extra or {}).items():
            target.writestr(extra_name, extra_data)
    return out.getvalue()


def _refused(tmp_path: Path, content: bytes, name: str = "x.xlsx") -> tuple[str, float]:
    path = tmp_path / "upload"
    path.write_bytes(content)
    started = time.perf_counter()
    with pytest.raises(ExcelFileError) as caught, open_workbook(path, name) as workbook:
        workbook.scan()
    return caught.value.message, time.perf_counter() - started


def test_entity_expansion_is_refused_in_under_a_second(tmp_path):
    content = _replace_member(_xlsx(), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message, seconds = _refused(tmp_path, content)
    assert message == UNREADABLE and seconds < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50 * 1024     # KiB: no blow-up


def test_entity_declared_in_shared_strings_is_refused(tmp_path):
    content = _replace_member(_xlsx(), "xl/worksheets/sheet1.xml", None,
                              extra={"xl/sharedStrings.xml": BILLION_LAUGHS.replace(b"worksheet", b"sst")})
    assert _refused(tmp_path, content)[0] == UNREADABLE


def test_zip_bomb_is_refused_in_under_a_second_without_inflating(tmp_path):
    zeros = b"\0" * (64 * 1024 * 1024)                   # 64 MB that deflate to ~64 KB: ratio ~1000
    content = _replace_member(_xlsx(), "xl/worksheets/sheet1.xml", zeros)
    assert len(content) < 1024 * 1024
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message, seconds = _refused(tmp_path, content)
    assert message == UNREADABLE and seconds < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50 * 1024


def test_too_many_members_is_refused(tmp_path):
    content = _replace_member(_xlsx(), "", None, extra={f"xl/media/p{i}.bin": b"x" for i in range(2100)})
    assert _refused(tmp_path, content)[0] == UNREADABLE


def test_macro_workbook_renamed_xlsx_is_refused(tmp_path):
    content = _replace_member(_xlsx(), "", None, extra={"xl/vbaProject.bin": b"\0" * 100})
    assert _refused(tmp_path, content)[0] == ONLY_XLS


def test_zip_that_is_no_workbook_is_unreadable(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refused(tmp_path, buffer.getvalue())[0] == UNREADABLE


def test_formula_cells_are_reported_never_evaluated(tmp_path):
    workbook = Workbook()
    workbook.active.append(["工作量", "备注"])
    workbook.active.append(["=B2*C2", "=HYPERLINK(\"http://example.invalid\")"])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    with open_workbook(path, "f.xlsx") as book:
        (row,) = list(book.data())
    assert [c.is_formula for c in row.cells] == [True, True]
    assert row.cells[0].value == "=B2*C2"
