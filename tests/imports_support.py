"""Helpers of the import tests: the wizard's calls, and workbooks generated in .xlsx and .xls."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
SHARED_T03 = FIXTURES / "T03-临床医学专业水平测试-医学院.xlsx"
UNIT_ADMIN_YXY = "05019001"      # 高远, 医学院 unit admin (and teacher)
T03_HEADERS = ["教职工账号", "教职工姓名", "考核年度", "类型", "考试日期", "场次", "工作量", "备注"]
T03_ROW = ["05010001", "张伟", 2025, "监考", "2025-06-14", 2, 8, None]


def xlsx_bytes(rows: list[list], *, sheet: str = "临床医学专业水平测试", extra_sheets: dict | None = None,
               formulas: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref, formula in (formulas or {}).items():
        ws[ref] = formula
    for name, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows: list[list], *, sheet: str = "临床医学专业水平测试") -> bytes:
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if hasattr(value, "year"):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(api, content: bytes, name: str = "导入.xlsx", record_type: str = "T03", **form):
    return api.post(f"/api/v1/imports/types/{record_type}/batches", content_type="multipart/form-data",
                    data={"file": (io.BytesIO(content), name), **form})


def uploaded(api, content: bytes, name: str = "导入.xlsx", record_type: str = "T03") -> dict:
    response = upload(api, content, name, record_type)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def previewed(api, content: bytes, name: str = "导入.xlsx", record_type: str = "T03") -> dict:
    batch = uploaded(api, content, name, record_type)
    return api.ok("POST", f"/api/v1/imports/batches/{batch['id']}/preview")


def rows_of(api, batch_id: int, *, valid: bool) -> list[dict]:
    page = api.ok("GET", f"/api/v1/imports/batches/{batch_id}/rows", query_string={"valid": str(valid).lower(), "page_size": 500})
    return page["items"]


def error_texts(api, batch_id: int) -> list[str]:
    return [e["text"] for row in rows_of(api, batch_id, valid=False) for e in row["errors"]]
