"""Personal data follows catalog §6.3 rule 4 in the list, the detail, the inbox and the export alike.

Owner, HR and the reviewers currently or previously assigned to a record see its ``x-personal-data`` fields
in full; everyone else who may read the record sees them masked; another unit's admin does not see it.
"""
from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from flows import HR, TEACHER_JSJ, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, act, create, inbox
from samples import example

SHEET = "卫生-病案"
FULL, MASKED = "王某某", "王**"


def _second_unit_admin(app):
    """A second 二级单位管理员 of 计算机与网络工程学院 (same grant as 黄磊): in scope for every record of the
    unit, assigned only while one of its unit tasks is open. Returns a client acting as him."""
    from app.auth.principal import load_principal
    from app.extensions import db
    from app.models import RoleGrant, Unit, User
    from app.services.identity.auth import issue_token
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "JSJ"))
        user = User(account="02019002", name="第二管理员", unit_id=unit.id, password_hash="x")
        db.session.add(user)
        db.session.flush()
        db.session.add(RoleGrant(user_id=user.id, role="unit_admin", unit_id=unit.id, categories=["library"]))
        db.session.commit()
        token, _ = issue_token(load_principal(db.session, user.id), 1)
    return _Client(app.test_client(), token)


class _Client:
    def __init__(self, client, token):
        self.client, self.headers, self.account = client, {"Authorization": f"Bearer {token}"}, "02019002"

    def get(self, url, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def ok(self, method, url, status=200, **kw):
        response = self.client.open(url, method=method, headers=self.headers, **kw)
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()


def _everywhere(api, record_id: int) -> dict[str, str | None]:
    """The patient's 姓名 as ``api`` sees it in the list, the detail and the export (None: not shown)."""
    listed = api.ok("GET", "/api/v1/records", query_string={"view": "scope", "record_type": "A19"})["items"]
    row = next((r for r in listed if r["id"] == record_id), None)
    detail = api.get(f"/api/v1/records/{record_id}")
    response = api.get("/api/v1/records/export", query_string={"view": "scope", "record_type": "A19"})
    sheet = load_workbook(io.BytesIO(response.data))[SHEET] if response.status_code == 200 else None
    headers = [c.value for c in sheet[1]] if sheet is not None else []
    cells = [dict(zip(headers, [c.value for c in line], strict=False)) for line in sheet.iter_rows(min_row=2)] if headers else []
    exported = next((c.get("姓名") for c in cells if c.get("住院号") == example("A19")["admission_no"]), None)
    return {"list": row["data"]["patient_name"] if row else None,
            "detail": detail.get_json()["record"]["data"]["patient_name"] if detail.status_code == 200 else None,
            "export": exported}


def test_the_assigned_unit_admin_sees_patient_fields_in_full_others_masked_other_units_nothing(login_as, app):
    teacher, unit_admin = login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSJ)
    second = _second_unit_admin(app)
    record = create(teacher, "A19", example("A19"), submit=True)
    everywhere_full = {"list": FULL, "detail": FULL, "export": FULL}
    everywhere_masked = {"list": MASKED, "detail": MASKED, "export": MASKED}

    assert _everywhere(unit_admin, record["id"]) == everywhere_full          # currently assigned (unit lane)
    item = next(i for i in inbox(unit_admin)["items"] if i["record"]["id"] == record["id"])
    assert item["record"]["data"]["patient_name"] == FULL
    assert _everywhere(teacher, record["id"]) == everywhere_full             # owner
    assert _everywhere(login_as(HR), record["id"]) == everywhere_full         # HR
    assert _everywhere(login_as(UNIT_ADMIN_WXY), record["id"]) == {"list": None, "detail": None, "export": None}

    act(unit_admin, record["id"])                                            # → 职能部门审核 (人力资源部, L7a)
    assert _everywhere(unit_admin, record["id"]) == everywhere_full          # previously assigned
    assert _everywhere(second, record["id"]) == everywhere_masked            # in scope, never assigned
    assert second.get(f"/api/v1/records/{record['id']}").get_json()["record"]["data"]["admission_no"] == \
        example("A19")["admission_no"]                                       # only personal fields are masked
    assert _everywhere(login_as(UNIT_ADMIN_WXY), record["id"]) == {"list": None, "detail": None, "export": None}

    def found(api, q):
        return api.ok("GET", "/api/v1/records", query_string={"view": "scope", "record_type": "A19", "q": q})["total"]
    assert found(unit_admin, FULL) == 1 and found(second, FULL) == 0      # a masked value cannot be searched for
    assert found(second, example("A19")["admission_no"]) == 1               # other search fields still match


def test_masking_does_not_change_the_stored_record(login_as, app):
    unit_admin = login_as(UNIT_ADMIN_JSJ)
    second = _second_unit_admin(app)
    record = create(login_as(TEACHER_JSJ), "A19", example("A19"), submit=True)
    act(unit_admin, record["id"])
    assert _everywhere(second, record["id"])["detail"] == MASKED
    from app.extensions import db
    from app.models import Record
    with app.app_context():
        assert db.session.get(Record, record["id"]).data["patient_name"] == FULL


def test_child_list_personal_columns_are_masked_by_the_form():
    import json
    from pathlib import Path

    from app.definitions.forms import FormDefinition
    form = FormDefinition(json.loads((Path(__file__).parents[2] / "forms" / "A20.json").read_text(encoding="utf-8")))
    data = example("A20")
    shown = form.masked(data)
    assert form.has_personal_data
    assert [row["patient_name"][1:] for row in shown["cases"]] == ["*" * (len(r["patient_name"]) - 1) for r in data["cases"]]
    assert [row["admission_no"] for row in shown["cases"]] == [r["admission_no"] for r in data["cases"]]
    assert data == example("A20")                                            # the input is not touched
