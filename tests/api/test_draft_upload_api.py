"""The first upload on a new form: POST /api/v1/records/new/attachments (catalog §0.4, §3.2 transition 1).

The draft and the file are one transaction: a refused file leaves no draft, no attachment row and no
stored file behind; an accepted one leaves a draft with the form's fields that lists the file.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import func, select

from flows import HR, T01_DATA, TEACHER_JSGZB, record_of
from samples import exe_bytes, pdf_bytes

NEW = "/api/v1/records/new/attachments"


def new_upload(api, name: str, content: bytes, *, data: object = None, record_type: str = "T01",
               field: str = "attachments"):
    """POST the first file of a new form (multipart); the raw response."""
    form = {"record_type": record_type, "field": field, "file": (io.BytesIO(content), name)}
    if data is not None:
        form["data"] = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return api.post(NEW, content_type="multipart/form-data", data=form)


def stored(app, tmp_path: Path) -> tuple[int, int, list[str]]:
    """(record rows, attachment rows, every file under tmp_path)."""
    from app.extensions import db
    from app.models import Attachment, Record
    with app.app_context():
        records = db.session.scalar(select(func.count(Record.id)))
        attachments = db.session.scalar(select(func.count(Attachment.id)))
    return records, attachments, sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def list_total(api) -> int:
    return api.ok("GET", "/api/v1/records", query_string={"record_type": "T01"})["total"]


def test_a_file_whose_content_mismatches_its_name_leaves_no_draft(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    before, listed = stored(app, tmp_path), list_total(teacher)
    response = new_upload(teacher, "伪装.pdf", exe_bytes(), data={})
    body = response.get_json()
    assert response.status_code == 422, body
    assert body["message"] == "附件：文件 伪装.pdf 的内容与扩展名不符"
    assert body["errors"] == [{"field": "attachments", "message": "附件：文件 伪装.pdf 的内容与扩展名不符"}]
    assert stored(app, tmp_path) == before, "a refused upload left a draft or a file behind"
    assert list_total(teacher) == listed


def test_a_refused_type_names_field_and_file_and_leaves_no_draft(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    before = stored(app, tmp_path)
    response = new_upload(teacher, "x.exe", exe_bytes(), data={"course_name": "数据结构"})
    assert response.status_code == 422
    assert response.get_json()["message"] == "附件：文件 x.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx"
    assert stored(app, tmp_path) == before


def test_an_accepted_file_saves_the_form_as_a_draft_listing_it(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    response = new_upload(teacher, "课表.pdf", pdf_bytes(), data={"course_name": "数据结构", "hours": 64})
    body = response.get_json()
    assert response.status_code == 201, body
    record, attachment = body["record"], body["attachment"]
    assert record["status"] == "draft" and record["record_type"] == "T01"
    assert attachment["record_id"] == record["id"] and attachment["file_name"] == "课表.pdf"
    saved = record_of(teacher, record["id"])
    assert saved["data"]["attachments"] == [attachment["id"]]
    assert saved["data"]["course_name"] == "数据结构" and saved["data"]["hours"] == 64
    assert saved["version"] == record["version"]
    assert teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments")[0]["id"] == attachment["id"]


def test_an_empty_form_without_data_saves_an_empty_draft_with_the_file(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    response = new_upload(teacher, "课表.pdf", pdf_bytes())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["record"]["data"]["attachments"] == [response.get_json()["attachment"]["id"]]


def test_a_field_error_in_the_draft_stores_neither_draft_nor_file(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    before = stored(app, tmp_path)
    response = new_upload(teacher, "课表.pdf", pdf_bytes(), data={**T01_DATA, "hours": -1})
    body = response.get_json()
    assert response.status_code == 422, body
    assert [e["field"] for e in body["errors"]] == ["hours"]
    assert stored(app, tmp_path) == before


def test_data_that_is_not_a_json_object_is_refused(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    before = stored(app, tmp_path)
    for text in ("[1, 2]", "{not json", '{"hours": NaN}', '{"hours": 1e999}', '{"a": "\\udfff"}', "[" * 5000 + "]" * 5000):
        response = new_upload(teacher, "课表.pdf", pdf_bytes(), data=text)
        assert response.status_code == 422, text
        assert response.get_json()["errors"][0]["field"] == "data"
    assert stored(app, tmp_path) == before


def test_who_may_not_file_gets_no_draft(app, login_as, store, tmp_path):
    reviewer = login_as(HR)
    before = stored(app, tmp_path)
    assert new_upload(reviewer, "课表.pdf", pdf_bytes(), data={}).status_code == 403
    assert stored(app, tmp_path) == before
