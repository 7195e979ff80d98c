"""Deep checks of an uploaded file's content, after its magic bytes matched its extension (issue 8,
finding 7). Pure: no database, no Flask.

- **Polyglots**: a file that is also something else is refused — an executable (ELF, a PE with its DOS
  stub), markup a browser would run (``<script``, ``<html``, ``<svg``, ``<iframe``, ``<?php``), a zip
  hidden in a PDF or image, or bytes after a PNG's ``IEND``.
- **PDF**: parsed with pypdf (object streams included); any ``/JavaScript`` or ``/JS`` entry, or a
  ``/Launch`` action, is refused, as is a file pypdf cannot read as a PDF at all.
- **OOXML** (.docx, .xlsx): a valid zip with ``[Content_Types].xml`` and the main part
  (``word/document.xml`` / ``xl/workbook.xml``), at most ``MAX_ZIP_ENTRIES`` entries, and at most
  ``MAX_UNPACKED_BYTES`` once unpacked; every entry is actually decompressed with a running count
  (the sizes a zip declares can lie), so a zip bomb is refused after reading at most that much.
"""
from __future__ import annotations

import logging
import re
import struct
import zipfile
from pathlib import Path

MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200                      # unpacked : packed of one entry; text XML rarely passes 30
MAX_PDF_OBJECTS = 200_000
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

POLYGLOT = "{label}：文件 {name} 同时是{kind}，不能上传"
PDF_ACTIVE = "{label}：文件 {name} 含有{kind}，不能上传"
PDF_INVALID = "{label}：文件 {name} 不是有效的 PDF 文件"
OFFICE_INVALID = "{label}：文件 {name} 不是有效的 Office 文档（{reason}）"

_EMBEDDED = [
    (re.compile(rb"\x7fELF[\x01\x02][\x01\x02]\x01"), "可执行程序（ELF）"),
    (re.compile(rb"This program cannot be run in DOS mode"), "可执行程序（Windows）"),
    (re.compile(rb"<\s*(script|html|svg|iframe|body|object|embed)[\s>/]|<!doctype\s+html|<\?php", re.IGNORECASE),
     "网页或脚本（HTML）"),
]
_ZIP_LOCAL = re.compile(rb"PK\x03\x04[\x0a\x14\x2d]\x00")
_CHUNK = 1024 * 1024
_OVERLAP = 64


def content_problem(extension: str, path: Path, *, label: str, name: str) -> str | None:
    """The refusal message for an upload whose content is unsafe, or None when it passes.

    Args:
        extension: the canonical extension the name claims (``pdf``, ``png``, ``jpg``, ``docx``, …),
            whose magic bytes already matched.
        path: the spooled file.
        label, name: the field's label and the cleaned file name, for the message.
    """
    ext = "jpg" if extension == "jpeg" else extension
    fields = {"label": label, "name": name}
    kind = _embedded_kind(path, allow_zip=ext in OOXML_MAIN_PART)
    if kind is None and ext == "png":
        kind = _png_trailer(path)
    if kind:
        return POLYGLOT.format(kind=kind, **fields)
    if ext == "pdf":
        return _pdf_problem(path, fields)
    if ext in OOXML_MAIN_PART:
        reason = ooxml_problem(path, OOXML_MAIN_PART[ext])
        return OFFICE_INVALID.format(reason=reason, **fields) if reason else None
    return None


def _embedded_kind(path: Path, *, allow_zip: bool) -> str | None:
    """What else the bytes hold (scanned in overlapping 1 MiB windows), or None."""
    with path.open("rb") as handle:
        tail = b""
        offset = 0
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            for pattern, kind in _EMBEDDED:
                if pattern.search(window):
                    return kind
            if not allow_zip:
                match = _ZIP_LOCAL.search(window)
                if match and (offset > 0 or match.start() > 0):
                    return "压缩包（ZIP）"
            tail = window[-_OVERLAP:]
            offset += len(chunk)
    return None


def _png_trailer(path: Path) -> str | None:
    """Bytes after the ``IEND`` chunk (where PNG+HTML and PNG+ZIP polyglots keep their payload)."""
    data = path.read_bytes()
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        position += 12 + length
        if kind == b"IEND":
            return "其他格式的数据（PNG 结束后仍有内容）" if data[position:].strip(b"\x00\r\n ") else None
    return None


def _pdf_problem(path: Path, fields: dict) -> str | None:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)      # a repaired xref is not worth a warning per upload
    try:
        reader = PdfReader(str(path), strict=False)
        numbers = {num for objects in reader.xref.values() for num in objects} | set(reader.xref_objStm)
        if len(numbers) > MAX_PDF_OBJECTS:
            return PDF_INVALID.format(**fields)
        for number in sorted(numbers):
            found = _active_entry(reader.get_object(number), DictionaryObject, ArrayObject, IndirectObject)
            if found:
                return PDF_ACTIVE.format(kind=found, **fields)
        found = _active_entry(reader.trailer, DictionaryObject, ArrayObject, IndirectObject)
    except Exception:  # noqa: BLE001 - whatever pypdf cannot read is not accepted as a PDF
        return PDF_INVALID.format(**fields)
    return PDF_ACTIVE.format(kind=found, **fields) if found else None


def _active_entry(obj, dictionary, array, indirect) -> str | None:
    """``"JavaScript 脚本"`` / ``"启动外部程序的动作"`` when ``obj`` (one object, direct children
    included, references not followed: every object is visited on its own) carries one."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, indirect):
            continue
        if isinstance(item, dictionary):
            keys = set(item.keys())
            if keys & {"/JS", "/JavaScript"} or item.get("/S") == "/JavaScript":
                return "JavaScript 脚本"
            if item.get("/S") == "/Launch" or "/Launch" in keys:
                return "启动外部程序的动作"
            stack.extend(item.values())
        elif isinstance(item, array):
            stack.extend(item)
    return None


def ooxml_problem(path: Path, main_part: str) -> str | None:
    """Why ``path`` is not an acceptable OOXML package, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return f"压缩包条目超过 {MAX_ZIP_ENTRIES} 个"
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or main_part not in names:
                return f"缺少 [Content_Types].xml 或 {main_part}"
            unpacked = 0
            for entry in entries:
                if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
                    return "压缩比异常，疑似压缩炸弹"
                with archive.open(entry) as member:
                    while block := member.read(_CHUNK):
                        unpacked += len(block)
                        if unpacked > MAX_UNPACKED_BYTES:
                            return f"解压后超过 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB，疑似压缩炸弹"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return "压缩包已损坏"
    return None
