"""Uploads checked as what they claim (issue 8, finding 7): polyglots, PDFs with JavaScript or launch
actions, office files that are no OOXML package or a zip bomb are refused with their reason; invisible
and bidi characters are stripped from names. Nothing is stored on a refusal."""
import io
import zipfile

import pytest

from flows import SEED000_T04, TEACHER_JSGZB, create, upload, uploaded
from samples import jpg_bytes, ooxml_bytes, pdf_bytes, png_bytes

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def _pdf(extra_objects: bytes) -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" + extra_objects +
            b"xref\n0 4\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 4 >>\nstartxref\n0\n%%EOF\n")


def _pdf_with_object_stream_javascript() -> bytes:
    """The /JS action hidden in a compressed object stream (a raw byte scan would not see it)."""
    import zlib
    inner = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    header = b"3 0 "
    stream = zlib.compress(header + inner)
    return (b"%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"4 0 obj << /Type /ObjStm /N 1 /First " + str(len(header)).encode() +
            b" /Filter /FlateDecode /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream +
            b"\nendstream\nendobj\n"
            b"xref\n0 5\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 5 >>\nstartxref\n0\n%%EOF\n")


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        archive.writestr("word/media/bomb.bin", b"\x00" * (50 * 1024 * 1024))
    return buffer.getvalue()


def _many_entries() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for i in range(2001):
            archive.writestr(f"word/x{i}.xml", "")
    return buffer.getvalue()


def _no_main_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    return buffer.getvalue()


CASES = [
    ("elf.pdf", pdf_bytes() + ELF, "附件：文件 elf.pdf 同时是可执行程序（ELF），不能上传"),
    ("page.png", png_bytes() + b"<html><script>alert(1)</script></html>",
     "附件：文件 page.png 同时是网页或脚本（HTML），不能上传"),
    ("trailer.png", png_bytes() + b"GIF89a-anything", "附件：文件 trailer.png 同时是其他格式的数据（PNG 结束后仍有内容），不能上传"),  # noqa: E501 (the expected text, verbatim)
    ("photo.jpg", jpg_bytes()[:-2] + b"<svg onload=alert(1)>" + b"\xff\xd9", "附件：文件 photo.jpg 同时是网页或脚本（HTML），不能上传"),  # noqa: E501 (the expected text, verbatim)
    ("zip.pdf", pdf_bytes() + ooxml_bytes(), "附件：文件 zip.pdf 同时是压缩包（ZIP），不能上传"),
    ("js.pdf", _pdf(b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"),
     "附件：文件 js.pdf 含有JavaScript 脚本，不能上传"),
    ("hidden.pdf", _pdf_with_object_stream_javascript(), "附件：文件 hidden.pdf 含有JavaScript 脚本，不能上传"),
    ("escaped.pdf", _pdf(b"3 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\n"),
     "附件：文件 escaped.pdf 含有JavaScript 脚本，不能上传"),
    ("launch.pdf", _pdf(b"3 0 obj << /S /Launch /F (calc.exe) >> endobj\n"), "附件：文件 launch.pdf 含有启动外部程序的动作，不能上传"),  # noqa: E501 (the expected text, verbatim)
    ("bomb.docx", _zip_bomb(), "附件：文件 bomb.docx 不是有效的 Office 文档（压缩比异常，疑似压缩炸弹）"),
    ("many.docx", _many_entries(), "附件：文件 many.docx 不是有效的 Office 文档（压缩包条目超过 2000 个）"),
    ("empty.docx", _no_main_part(),
     "附件：文件 empty.docx 不是有效的 Office 文档（缺少 [Content_Types].xml 或 word/document.xml）"),
]


@pytest.mark.parametrize("name, content, message", CASES, ids=[c[0] for c in CASES])
def test_unsafe_content_is_refused_with_its_reason(app, login_as, store, name, content, message):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Attachment
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    response = upload(teacher, record["id"], "attachments", name, content)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"][0]["message"] == message
    with app.app_context():
        assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))


def test_plain_files_of_every_type_still_pass(login_as, store):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    for name, content in (("a.pdf", pdf_bytes()), ("b.png", png_bytes()), ("c.jpg", jpg_bytes()),
                          ("d.docx", ooxml_bytes("word")), ("e.xlsx", ooxml_bytes("xl"))):
        uploaded(teacher, record["id"], "attachments", name, content)


@pytest.mark.parametrize("raw, stored", [
    ("inv\u200boice.pdf", "invoice.pdf"),
    ("re\u2060port\ufeff.pdf", "report.pdf"),
    ("\u202eevil.pdf", "evil.pdf"),
    ("ｆｕｌｌ.pdf", "full.pdf"),                       # NFKC
    ("x\u3164y.pdf", "xy.pdf"),
])
def test_invisible_and_bidi_characters_are_stripped_from_names(login_as, store, raw, stored):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    assert uploaded(teacher, record["id"], "attachments", raw, pdf_bytes(text=raw.encode("unicode_escape").decode()))["file_name"] == stored  # noqa: E501 (the expected text, verbatim)
