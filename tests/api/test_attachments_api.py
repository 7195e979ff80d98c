"""Record attachments through the API: upload, list, download, delete, scope and abuse (catalog §0.4, §3.3, §3.6).

Every test file is generated here from real format bytes (a PNG with IHDR/IDAT/IEND, a PDF with a body
and xref, a docx/xlsx zip with [Content_Types].xml and its parts, an OLE2 header for .doc), and the
store lives in a tmp folder. After every refusal there is no new attachment row and no new file.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows import (SEED000_T04, TEACHER_JSGZB, TEACHER_JSJ, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, create, record_of,
                   upload, uploaded)
from samples import MB, exe_bytes, jpg_bytes, ole2_bytes, ooxml_bytes, pdf_bytes, plain_zip_bytes, png_bytes


# --------------------------------------------------------------------------- helpers

def snapshot(app, tmp_path: Path) -> tuple[int, list[str]]:
    """(attachment rows, every file under tmp_path)."""
    from app.extensions import db
    from app.models import Attachment
    with app.app_context():
        rows = db.session.scalar(select(func.count(Attachment.id)))
    return rows, sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def refused(app, tmp_path, response, status: int, message: str | None = None, *, before) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) >= {"code", "status", "message", "errors"} and body["status"] == status
    if message is not None:
        assert body["message"] == message
        assert body["errors"] == [] or body["errors"][0]["message"] == message
    assert snapshot(app, tmp_path) == before, "a refused upload stored something"
    return body


def draft_t04(teacher) -> dict:
    return create(teacher, "T04", SEED000_T04)


# --------------------------------------------------------------------------- happy path

def test_teacher_uploads_lists_downloads_and_deletes_a_file(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    content = pdf_bytes()
    item = uploaded(teacher, record["id"], "attachments", "监考安排.pdf", content)
    assert item["field"] == "attachments" and item["file_name"] == "监考安排.pdf" and item["size"] == len(content)
    assert item["sha256"] == hashlib.sha256(content).hexdigest() and item["content_type"] == "application/pdf"
    assert item["uploaded_at"] and item["download_url"] == f"/api/v1/attachments/{item['id']}/download"
    assert (store / item["sha256"][:2] / item["sha256"]).read_bytes() == content

    detail = teacher.ok("GET", f"/api/v1/records/{record['id']}")
    assert detail["record"]["data"]["attachments"] == [item["id"]]
    assert [a["id"] for a in teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments")] == [item["id"]]

    response = teacher.get(item["download_url"])
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''%E7%9B%91" in disposition

    assert teacher.delete(f"/api/v1/records/{record['id']}/attachments/{item['id']}").status_code == 204
    assert teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments") == []
    assert teacher.get(item["download_url"]).status_code == 404
    assert teacher.delete(f"/api/v1/records/{record['id']}/attachments/{item['id']}").status_code == 404


def test_upload_lists_the_id_in_the_record_data_and_delete_removes_it(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    first = uploaded(teacher, record["id"], "attachments", "a.png", png_bytes())
    second = uploaded(teacher, record["id"], "attachments", "b.docx", ooxml_bytes("word"))
    third = uploaded(teacher, record["id"], "attachments", "c.doc", ole2_bytes())
    fourth = uploaded(teacher, record["id"], "attachments", "d.xlsx", ooxml_bytes("xl"))
    fifth = uploaded(teacher, record["id"], "attachments", "e.jpeg", jpg_bytes())
    assert [second["content_type"], third["content_type"], fifth["content_type"]] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword", "image/jpeg"]
    ids = [first["id"], second["id"], third["id"], fourth["id"], fifth["id"]]
    listing = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04"})
    assert listing["items"][0]["data"]["attachments"] == ids
    teacher.ok("DELETE", f"/api/v1/records/{record['id']}/attachments/{second['id']}", 204)
    listing = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04"})
    assert listing["items"][0]["data"]["attachments"] == [i for i in ids if i != second["id"]]


def test_equal_content_is_stored_once(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    a = uploaded(teacher, record["id"], "attachments", "one.pdf", pdf_bytes())
    b = uploaded(teacher, record["id"], "attachments", "two.pdf", pdf_bytes())
    assert a["sha256"] == b["sha256"] and a["id"] != b["id"]
    assert [p for p in store.rglob("*") if p.is_file()] == [store / a["sha256"][:2] / a["sha256"]]


# --------------------------------------------------------------------------- scope

def test_the_unit_reviewer_downloads_after_submit_and_outsiders_get_404(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    content = pdf_bytes(text="reviewer")
    item = uploaded(teacher, record["id"], "attachments", "证明.pdf", content)
    unit_reviewer = login_as(UNIT_ADMIN_JSGZB)
    assert unit_reviewer.get(item["download_url"]).status_code == 404          # drafts are private
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})

    response = unit_reviewer.get(item["download_url"])
    assert response.status_code == 200 and response.data == content
    assert [a["file_name"] for a in unit_reviewer.ok("GET", f"/api/v1/records/{record['id']}/attachments")] == ["证明.pdf"]
    for outsider in (login_as(UNIT_ADMIN_WXY), login_as(TEACHER_JSJ)):
        response = outsider.get(item["download_url"])
        assert response.status_code == 404 and response.get_json()["code"] == "not_found"
        assert outsider.get(f"/api/v1/records/{record['id']}/attachments").status_code == 404


def test_only_the_applicant_uploads_or_deletes(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    item = uploaded(teacher, record["id"], "attachments", "a.pdf", pdf_bytes())
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    before = snapshot(app, tmp_path)
    for other in (login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSGZB)):     # a stranger; a reader who is not the applicant
        refused(app, tmp_path, upload(other, record["id"], "attachments", "x.pdf", pdf_bytes()), 404, before=before)
        assert other.delete(f"/api/v1/records/{record['id']}/attachments/{item['id']}").status_code == 404


def test_a_submitted_workload_record_refuses_uploads_and_deletes(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    item = uploaded(teacher, record["id"], "attachments", "a.pdf", pdf_bytes())
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    before = snapshot(app, tmp_path)
    body = refused(app, tmp_path, upload(teacher, record["id"], "attachments", "late.pdf", pdf_bytes()), 409,
                   "当前状态为「审核中」，不能上传附件", before=before)
    assert body["code"] == "invalid_state"
    response = teacher.delete(f"/api/v1/records/{record['id']}/attachments/{item['id']}")
    assert response.status_code == 409 and response.get_json()["message"] == "当前状态为「审核中」，不能删除附件"


# --------------------------------------------------------------------------- abuse

def test_an_exe_renamed_pdf_is_refused_as_content_mismatch(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    body = refused(app, tmp_path, upload(teacher, record["id"], "attachments", "fake.pdf", exe_bytes()), 422,
                   "附件：文件 fake.pdf 的内容与扩展名不符", before=before)
    assert body["code"] == "validation_failed" and body["errors"][0]["field"] == "attachments"


@pytest.mark.parametrize("name, content", [
    ("report.docx", plain_zip_bytes()),          # a zip, but no [Content_Types].xml / word/
    ("sheet.docx", ooxml_bytes("xl")),           # an xlsx renamed docx
    ("book.xlsx", ooxml_bytes("word")),          # a docx renamed xlsx
    ("old.doc", pdf_bytes()),                    # not an OLE2 compound file
    ("photo.png", jpg_bytes()),
    ("photo.jpg", png_bytes()),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 100),   # zip magic, no central directory
])
def test_content_must_match_the_extension(app, login_as, store, tmp_path, name, content):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", name, content), 422,
            f"附件：文件 {name} 的内容与扩展名不符", before=before)


def test_an_exe_is_a_type_not_allowed(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", "xx.exe", exe_bytes()), 422,
            "附件：文件 xx.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx", before=before)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", "noextension", pdf_bytes()), 422,
            "附件：文件 noextension 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx", before=before)


def test_a_request_over_11_mb_is_413_in_the_envelope(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    body = refused(app, tmp_path, upload(teacher, record["id"], "attachments", "huge.pdf", pdf_bytes(11 * MB)), 413,
                   before=before)
    assert body["code"] == "payload_too_large" and body["message"]


def test_a_file_between_10_and_11_mb_is_refused_with_the_10_mb_message(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", "big.pdf", pdf_bytes(int(10.5 * MB))), 422,
            "附件：文件 big.pdf 超过 10 MB", before=before)
    assert uploaded(teacher, record["id"], "attachments", "fits.pdf", pdf_bytes(10 * MB - 1024))["size"] <= 10 * MB


def test_the_eleventh_file_is_refused(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    for i in range(10):
        uploaded(teacher, record["id"], "attachments", f"f{i}.pdf", pdf_bytes(text=str(i)))
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", "f10.pdf", pdf_bytes()), 422,
            "附件：最多只能上传 10 个文件", before=before)
    first = teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments")[0]
    teacher.ok("DELETE", f"/api/v1/records/{record['id']}/attachments/{first['id']}", 204)
    uploaded(teacher, record["id"], "attachments", "f10.pdf", pdf_bytes())      # a freed slot can be used


def test_field_overrides_of_a21_types_and_counts(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "A21", {"title": "腹腔镜胆囊切除术临床分析", "template_entry": "否"})
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "scan", "scan.doc", ole2_bytes()), 422,
            "纸质扫描版：文件 scan.doc 类型不允许，仅支持 png/jpg", before=before)
    uploaded(teacher, record["id"], "scan", "page1.png", png_bytes())
    uploaded(teacher, record["id"], "scan", "page2.jpeg", jpg_bytes())          # jpg and jpeg are one format
    uploaded(teacher, record["id"], "plagiarism_doc", "查重.docx", ooxml_bytes("word"))
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "plagiarism_doc", "again.doc", ole2_bytes()), 422,
            "论文查重附件：最多只能上传 1 个文件", before=before)
    refused(app, tmp_path, upload(teacher, record["id"], "plagiarism_doc", "x.pdf", pdf_bytes()), 422,
            "论文查重附件：文件 x.pdf 类型不允许，仅支持 doc/docx", before=before)


@pytest.mark.parametrize("field, message", [
    ("sessions", "「监考/考务场次」不是可上传附件的字段"),
    ("nonsense", "「nonsense」不是可上传附件的字段"),
    ("attachments.x", "「附件」不是可上传附件的字段"),
])
def test_an_unknown_or_non_file_field_is_422(app, login_as, store, tmp_path, field, message):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    body = refused(app, tmp_path, upload(teacher, record["id"], field, "a.pdf", pdf_bytes()), 422, before=before)
    assert body["errors"][0]["field"] == field and body["message"].endswith("不是可上传附件的字段")


def test_missing_file_or_field_is_422(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    response = teacher.post(f"/api/v1/records/{record['id']}/attachments", content_type="multipart/form-data",
                            data={"field": "attachments"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "file"
    response = teacher.post(f"/api/v1/records/{record['id']}/attachments", content_type="multipart/form-data",
                            data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "field"
    response = teacher.post(f"/api/v1/records/{record['id']}/attachments", content_type="multipart/form-data",
                            data={"field": "attachments", "file": "not a file part"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["message"] == "「file」必须是上传的文件"


@pytest.mark.parametrize("raw", ["../../evil.pdf", "..\\..\\evil.pdf", "/etc/evil.pdf", "C:\\Users\\x\\evil.pdf"])
def test_a_path_in_the_file_name_is_reduced_to_its_base_name(app, login_as, store, tmp_path, raw):
    """Decision: directories are stripped (not refused); the name is never part of a storage path.

    Backslashes are escaped on the wire (RFC 9110 quoted-string), as a client must to send them at all."""
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    item = uploaded(teacher, record["id"], "attachments", raw.replace("\\", "\\\\"), pdf_bytes())
    assert item["file_name"] == "evil.pdf"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [store / item["sha256"][:2] / item["sha256"]]
    assert 'filename=evil.pdf' in teacher.get(item["download_url"]).headers["Content-Disposition"]


@pytest.mark.parametrize("name, message", [
    ("bell\x07.pdf", "附件：文件名含有不允许的控制字符"),
    ("invoice\u202efdp.exe", "附件：文件 invoicefdp.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx"),
    ("a" * 252 + ".pdf", "附件：文件名不能超过 255 个字符"),
    ("../..", "附件：文件名不能为空"),
])
def test_bad_file_names_are_refused(app, login_as, store, tmp_path, name, message):
    teacher = login_as(TEACHER_JSGZB)
    record = draft_t04(teacher)
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "attachments", name, pdf_bytes()), 422, message, before=before)


def test_file_name_cleaning():
    from app.services.files.attachment_rules import clean_file_name, extension_of, name_problem
    assert clean_file_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_file_name("..\\x.pdf") == "x.pdf"
    assert clean_file_name("  报告.PDF ") == "报告.PDF" and extension_of("报告.PDF") == "pdf"
    assert clean_file_name("") is None and clean_file_name(None) is None and clean_file_name("dir/") is None
    assert extension_of(".pdf") == "" and extension_of("a.tar.gz") == "gz"
    assert name_problem(None, "附件") == "附件：文件名不能为空"
    assert name_problem("x" * 255, "附件") is None and name_problem("x" * 256, "附件") == "附件：文件名不能超过 255 个字符"


# --------------------------------------------------------------------------- child lists (A22 参考文献·文献附件)

def _a22_in_review(teacher) -> tuple[dict, list[int]]:
    """An A22 record with 20 references, each with its own file, submitted."""
    record = create(teacher, "A22", {"review_name": "急性胆囊炎微创治疗研究进展"})
    uploaded(teacher, record["id"], "review_doc", "综述查重.docx", ooxml_bytes("word"))
    ref_ids = [uploaded(teacher, record["id"], "references.ref_file", f"ref{i}.pdf", pdf_bytes(text=str(i)))["id"]
               for i in range(20)]
    current = record_of(teacher, record['id'])
    assert "references" not in current["data"]         # a child-list upload does not touch the rows
    data = current["data"] | {"references": [{"year": 2016 + i % 9, "ref_title": f"文献{i + 1}", "ref_file": [ref_ids[i]]}
                                             for i in range(20)]}
    saved = teacher.ok("PATCH", f"/api/v1/records/{record['id']}", json={"data": data, "version": current["version"]})
    teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={"version": saved["version"]})
    return record, ref_ids


def test_a22_reference_files_can_be_adjusted_in_review_but_the_header_cannot(app, login_as, store, tmp_path):
    teacher = login_as(TEACHER_JSGZB)
    record, ref_ids = _a22_in_review(teacher)
    extra = uploaded(teacher, record["id"], "references.ref_file", "ref-new.pdf", pdf_bytes(text="new"))
    assert extra["field"] == "references.ref_file"
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "review_doc", "new.docx", ooxml_bytes("word")), 409,
            "当前状态为「审核中」，不能上传附件", before=before)
    response = teacher.delete(f"/api/v1/records/{record['id']}/attachments/{ref_ids[4]}")
    assert response.status_code == 409
    assert response.get_json()["message"] == "该附件仍在「参考文献」第 5 条中使用，请先调整列表再删除"
    teacher.ok("DELETE", f"/api/v1/records/{record['id']}/attachments/{extra['id']}", 204)


def test_a_cited_record_refuses_reference_files(app, login_as, store, tmp_path):
    from app.extensions import db
    from app.models import Record
    teacher = login_as(TEACHER_JSGZB)
    record, _ = _a22_in_review(teacher)
    with app.app_context():
        db.session.get(Record, record["id"]).cited_by = [{"kind": "title_application", "ref": "T-1"}]
        db.session.commit()
    before = snapshot(app, tmp_path)
    refused(app, tmp_path, upload(teacher, record["id"], "references.ref_file", "r.pdf", pdf_bytes()), 409,
            "该业绩已被引用，不能调整", before=before)


def test_row_attachment_ids_and_field_ids_for_the_save_path(app, login_as, store):
    from app.extensions import db
    from app.models import Record
    from app.services.files import attachments
    from app.services.deployment import form_of
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "A22", {"review_name": "综述"})
    doc = uploaded(teacher, record["id"], "review_doc", "查重.docx", ooxml_bytes("word"))
    refs = [uploaded(teacher, record["id"], "references.ref_file", f"r{i}.pdf", pdf_bytes(text=str(i)))["id"]
            for i in range(2)]
    other = create(teacher, "A22", {"review_name": "另一篇"})
    foreign = uploaded(teacher, other["id"], "references.ref_file", "x.pdf", pdf_bytes())["id"]
    with app.app_context():
        row = db.session.get(Record, record["id"])
        form = form_of(db.session, row.form_version_id)
        assert attachments.file_field_ids(db.session, row) == {"review_doc": [doc["id"]]}
        good = {"references": [{"ref_file": [refs[0]]}, {"ref_file": [refs[1]]}]}
        assert attachments.check_row_attachment_ids(db.session, row.id, form, good) == []
        bad = {"references": [{"ref_file": [refs[0]]}, {"ref_file": [refs[0], foreign, doc["id"]]}]}
        assert [e["field"] for e in attachments.check_row_attachment_ids(db.session, row.id, form, bad)] == [
            "references[1].ref_file"] * 3
        names = {rid: [name for _, name in files]
                 for rid, files in attachments.live_files(db.session, [record["id"], other["id"], 999999]).items()}
        assert names == {record["id"]: ["查重.docx", "r0.pdf", "r1.pdf"], other["id"]: ["x.pdf"], 999999: []}


# --------------------------------------------------------------------------- sweep of unplaced child-list files

def test_the_sweep_removes_child_list_files_left_in_no_row_for_a_day(app, login_as, store):
    from datetime import timedelta

    from app.models import utcnow
    from app.services.files.attachment_sweep import sweep_unplaced_attachments
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "A22", {"review_name": "综述"})
    doc = uploaded(teacher, record["id"], "review_doc", "查重.docx", ooxml_bytes("word"))
    placed, abandoned = (uploaded(teacher, record["id"], "references.ref_file", f"r{i}.pdf", pdf_bytes(text=str(i)))
                         for i in range(2))
    current = record_of(teacher, record['id'])
    teacher.ok("PATCH", f"/api/v1/records/{record['id']}", json={"version": current["version"], "data": current["data"] | {
        "references": [{"year": 2020, "ref_title": "文献1", "ref_file": [placed["id"]]}]}})
    stale_spool = store / ".tmp" / "upload-crashed"
    stale_spool.parent.mkdir(parents=True, exist_ok=True)
    stale_spool.write_bytes(b"partial")
    with app.app_context():
        report = sweep_unplaced_attachments()                            # nothing is a day old yet
        assert (report.attachments, report.spools) == (0, 0)
        report = sweep_unplaced_attachments(now=utcnow() + timedelta(hours=25))
        assert (report.attachments, report.spools) == (1, 1)
        again = sweep_unplaced_attachments(now=utcnow() + timedelta(hours=25))
        assert (again.attachments, again.spools) == (0, 0)              # idempotent
    listed = [a["id"] for a in teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments")]
    assert listed == [doc["id"], placed["id"]]                           # the top-level file and the placed one stay
    assert teacher.get(f"/api/v1/attachments/{abandoned['id']}/download").status_code == 404
    assert not stale_spool.exists() and (store / placed["sha256"][:2] / placed["sha256"]).is_file()
    current = record_of(teacher, record['id'])
    response = teacher.patch(f"/api/v1/records/{record['id']}", json={"version": current["version"], "data": current["data"] | {
        "references": [{"year": 2020, "ref_title": "文献1", "ref_file": [abandoned["id"]]}]}})
    assert response.status_code == 422
    assert f"附件 {abandoned['id']} 不存在、已删除或不属于该字段" in response.get_json()["errors"][0]["message"]


def test_placed_ids_reads_every_row_and_ignores_junk():
    from app.services.files.attachment_sweep import placed_ids
    data = {"references": [{"ref_file": [3, 4]}, {"ref_file": 5}, {"ref_file": [True, "6", None]}, "junk", {}],
            "cases": None}
    assert placed_ids(data, "references.ref_file") == {3, 4, 5}
    assert placed_ids(data, "cases.case_file") == set() and placed_ids({}, "references.ref_file") == set()


def test_beat_schedules_the_sweep_and_the_task_is_registered(app):
    from config import celery_settings
    schedule = celery_settings("redis://127.0.0.1:6379/0")["beat_schedule"]
    assert schedule["attachments-sweep"]["task"] == "attachments.sweep"
    assert "attachments.sweep" in app.extensions["celery"].tasks
