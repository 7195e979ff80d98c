"""Every record type of the catalog can be filed, submitted and approved along its route (catalog §1, §2).

The valid example of each type is kept in tests/fixtures/examples/<code>.json.
"""

import pytest

from flows import DEPT, HR, TEACHER_JSJ, UNIT_ADMIN_JSJ, record_of, route_of, uploaded
from samples import FORM_DOCS, example, ooxml_bytes, pdf_bytes, png_bytes

CODES = sorted(FORM_DOCS)
FORMS = FORM_DOCS


def _example(code: str) -> dict:
    data = example(code)
    for field in FORMS[code].get("field_decisions", {}):
        data.pop(field, None)              # filled by the server from the owner's unit (李明: 科学技术部)
    return data


def _without_files(form: dict, data: dict) -> dict:
    out = {k: v for k, v in data.items() if "x-attachment" not in form["schema"]["properties"].get(k, {})}
    for key, prop in form["schema"]["properties"].items():
        subs = [s for s, p in prop.get("items", {}).get("properties", {}).items() if "x-attachment" in p]
        if subs and isinstance(out.get(key), list):
            out[key] = [{k: v for k, v in row.items() if k not in subs} for row in out[key]]
    return out


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


def _sample_for(types: list[str]) -> tuple[str, bytes]:
    for extension, content in (("pdf", pdf_bytes()), ("docx", ooxml_bytes("word")), ("png", png_bytes())):
        if extension in types:
            return extension, content
    raise AssertionError(f"no sample file for {types}")


def _attach_files(api, record_id: int, form: dict, data: dict) -> dict:
    """Upload real files where the example names attachment ids, and put the new ids in the rows."""
    data = dict(data)
    for key, prop in form["schema"]["properties"].items():
        if "x-attachment" in prop and data.pop(key, None):
            extension, content = _sample_for(prop["x-attachment"].get("types", ["pdf"]))
            uploaded(api, record_id, key, f"{key}.{extension}", content)
        sub_props = prop.get("items", {}).get("properties", {})
        for sub, sub_prop in sub_props.items():
            if "x-attachment" not in sub_prop:
                continue
            extension, content = _sample_for(sub_prop["x-attachment"].get("types", ["pdf"]))
            rows = []
            for i, row in enumerate(data.get(key, [])):
                file = uploaded(api, record_id, f"{key}.{sub}", f"{sub}-{i}.{extension}",
                                pdf_bytes(text=f"row {i}") if extension == "pdf" else content)
                rows.append({**row, sub: [file["id"]]})
            data[key] = rows
    return data


@pytest.mark.parametrize("code", CODES)
def test_record_type_is_filed_submitted_and_approved_along_its_route(login_as, code):
    form, data = FORMS[code], _example(code)
    applicant = login_as(UNIT_ADMIN_JSJ if form["entry_mode"] == "import" else TEACHER_JSJ)
    owner = {"owner_account": TEACHER_JSJ} if form["entry_mode"] == "import" else {}
    draft = applicant.ok("POST", "/api/v1/records", 201, json={"record_type": code, "data": _without_files(form, data), **owner})
    data = _attach_files(applicant, draft["id"], form, data)
    current = record_of(applicant, draft['id'])
    saved = applicant.ok("PATCH", f"/api/v1/records/{draft['id']}", json={"data": data, "version": current["version"]})
    record = applicant.ok("POST", f"/api/v1/records/{draft['id']}/submit", json={"version": saved["version"]})
    assert record["status"] == "in_review", record
    assert route_of(login_as, record["id"]) == _expected_route(form, data)
    final = login_as(TEACHER_JSJ).ok("GET", f"/api/v1/records/{record['id']}")["record"]
    assert final["status"] == "approved"
