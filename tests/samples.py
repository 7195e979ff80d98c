"""Sample inputs: the form files, the valid example record of each type (tests/fixtures/examples), and
real sample files built from format bytes: a PNG with IHDR/IDAT/IEND, a PDF with a body and xref,
docx/xlsx zips with [Content_Types].xml and their parts, an OLE2 header for .doc, a PE header for .exe."""
from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]
FORMS_DIR = ROOT / "forms"
EXAMPLES_DIR = ROOT / "tests" / "fixtures" / "examples"
FORM_DOCS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FORMS_DIR.glob("*.json"))}


def copy_definitions(target: Path) -> Path:
    """A copy of processes/, rules/ and forms/ under ``target`` (to edit, then deploy); returns ``target``."""
    for folder in ("processes", "rules", "forms"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def example_codes() -> list[str]:
    """The record types that have an example file."""
    return sorted(p.stem for p in EXAMPLES_DIR.glob("*.json"))


def example(code: str) -> dict:
    """A fresh copy of the valid example record of ``code`` (tests/fixtures/examples/<code>.json)."""
    return json.loads((EXAMPLES_DIR / f"{code}.json").read_text(encoding="utf-8"))


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)           # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")                      # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def pdf_bytes(padding: int = 0, text: str = "attachment") -> bytes:
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + f"% {text}\n".encode() + b"%" + b"x" * padding + b"\n"
            b"xref\n0 3\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 3 >>\nstartxref\n0\n%%EOF\n")
    return body


def ooxml_bytes(part: str = "word") -> bytes:
    buffer = io.BytesIO()
    main = {"word": "word/document.xml", "xl": "xl/workbook.xml"}[part]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                                'package/2006/content-types"/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main, '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


def ole2_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 1506


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 200
