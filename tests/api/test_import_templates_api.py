"""Templates (catalog §4.1 step 2): layout, and a round trip for every import type — download, fill,
upload, preview, commit."""
from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from imports_support import UNIT_ADMIN_YXY, uploaded

IMPORT_TYPES = ["T03", "T05", "T06", "T07", "T08", "T18", "T19", "D03", "D04"]
FORMS = Path(__file__).resolve().parents[2] / "forms"


def _template(api, code: str):
    response = api.get(f"/api/v1/imports/types/{code}/template")
    assert response.status_code == 200, response.get_json()
    return response, load_workbook(io.BytesIO(response.data))


def test_t03_template_layout(login_as):
    response, workbook = _template(login_as(UNIT_ADMIN_YXY), "T03")
    assert quote("临床医学专业水平测试导入模板.xlsx") in response.headers["Content-Disposition"]
    assert workbook.sheetnames == ["临床医学专业水平测试", "可选值"]
    sheet = workbook["临床医学专业水平测试"]
    header = list(sheet[1])
    assert [c.value for c in header] == ["教职工账号", "教职工姓名", "考核年度", "类型", "考试日期", "场次", "工作量", "备注"]
    red = [c.value for c in header if c.font.color is not None and c.font.color.rgb == "FFFF0000"]
    assert red == ["教职工账号", "考核年度", "类型", "考试日期", "场次", "工作量"]
    assert sheet["A1"].comment.text == "必填。填写教职工工号"
    assert sheet["E1"].comment.text == "必填。日期格式：YYYY-MM-DD"
    assert "从下拉列表选择或从 sheet2" in sheet["D1"].comment.text
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == "'可选值'!$A$2:$A$5" and "D2:D5001" in str(validation.sqref)
    options = workbook["可选值"]
    assert [c.value for c in options["A"]] == ["类型", "命题", "考官", "监考", "考务"]
    assert not any(c.data_type == "f" for ws in workbook for row in ws.iter_rows() for c in row)


def _sample(prop: dict, key: str):
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("format") == "date":
        return "2025-06-14"
    if prop.get("type") == "integer":
        return 2025 if prop.get("minimum", 0) >= 1900 else max(prop.get("minimum", 1), 1)
    if prop.get("type") == "number":
        return 3.5
    return f"测试{key}"


@pytest.mark.parametrize("code", IMPORT_TYPES)
def test_round_trip_for_every_import_type(login_as, app, code):
    admin = login_as(UNIT_ADMIN_YXY)
    _response, workbook = _template(admin, code)
    sheet = workbook.worksheets[0]
    props = json.loads((FORMS / f"{code}.json").read_text(encoding="utf-8"))["schema"]["properties"]
    by_label = {p["title"]: (k, p) for k, p in props.items()}
    row = []
    for cell in sheet[1]:
        if cell.value == "教职工账号":
            row.append("05010001")
        elif cell.value == "教职工姓名":
            row.append("张伟")
        else:
            key, prop = by_label[cell.value]
            row.append(_sample(prop, key))
    sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = uploaded(admin, buffer.getvalue(), f"{code}.xlsx", record_type=code)
    assert batch["missing_required"] == [] and batch["warnings"] == []
    batch = admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/preview")
    assert (batch["valid_count"], batch["invalid_count"]) == (1, 0), admin.ok(
        "GET", f"/api/v1/imports/batches/{batch['id']}/rows", query_string={"valid": "false"})
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    assert admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")["imported_count"] == 1
    with app.app_context():
        from app.extensions import db
        from app.models import Record
        record = db.session.scalar(sa.select(Record).where(Record.import_batch_id == batch["id"]))
        assert record.status == "in_review" and record.record_type_code == code and record.owner.account == "05010001"
