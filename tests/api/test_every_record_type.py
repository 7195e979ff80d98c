"""Every record type of the catalog can be filed, submitted and approved along its route (catalog §1, §2).

The valid example of each type is kept in tests/fixtures/examples/<code>.json.
"""
import json

import pytest

from conftest import ROOT
from flows import DEPT, HR, TEACHER_JSJ, UNIT_ADMIN_JSJ, route_of

CODES = sorted(p.stem for p in (ROOT / "forms").glob("*.json"))
FORMS = {code: json.loads((ROOT / "forms" / f"{code}.json").read_text(encoding="utf-8")) for code in CODES}


def _example(code: str) -> dict:
    data = json.loads((ROOT / "tests" / "fixtures" / "examples" / f"{code}.json").read_text(encoding="utf-8"))
    for field in FORMS[code].get("field_decisions", {}):
        data.pop(field, None)              # filled by the server from the owner's unit (李明: 科学技术部)
    return data


def _expected_route(form: dict, data: dict) -> list[str]:
    """The reviewers the catalog's tables name for this type, filed by 李明 of a 学院 (catalog §2.3–§2.5)."""
    unit = [] if form["entry_mode"] == "import" or form["code"] == "G01" else [UNIT_ADMIN_JSJ]
    if form["family"] == "library":
        return [UNIT_ADMIN_JSJ, *([DEPT[d] for d in [_library_dept(form, data)] if d != "人力资源部"] or [HR])]
    dept = {"teaching": data.get("course_owner_dept", "教务部"), "graduate": "研究生工作部",
            "research": "科学技术部"}.get(form["category"])
    return [*unit, *([DEPT[dept]] if dept else []), HR]


def _library_dept(form: dict, data: dict) -> str:
    if form["code"] == "A17" and data.get("book_type") == "教材":
        return "教务部"
    if "research_owner" in form.get("field_decisions", {}):
        return "科学技术部"
    return "人力资源部"


@pytest.mark.parametrize("code", CODES)
def test_record_type_is_filed_submitted_and_approved_along_its_route(login_as, code):
    form, data = FORMS[code], _example(code)
    if form["entry_mode"] == "import":
        record = login_as(UNIT_ADMIN_JSJ).ok("POST", "/api/v1/records", 201, json={
            "record_type": code, "data": data, "owner_account": TEACHER_JSJ, "submit": True})
    else:
        record = login_as(TEACHER_JSJ).ok("POST", "/api/v1/records", 201,
                                          json={"record_type": code, "data": data, "submit": True})
    assert record["status"] == "in_review", record
    assert route_of(login_as, record["id"]) == _expected_route(form, data)
    final = login_as(TEACHER_JSJ).ok("GET", f"/api/v1/records/{record['id']}")["record"]
    assert final["status"] == "approved"
