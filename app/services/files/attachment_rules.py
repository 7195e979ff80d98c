"""Upload checks: file-name cleaning and content checks (catalog §0.4). Pure: no DB.

The rules of a form's file fields (``FileFieldRule``, ``file_field_rules``) live with the form definitions,
in ``app.definitions.file_fields``.
"""
from __future__ import annotations

import unicodedata
import zipfile

import filetype

from app.definitions.file_fields import canonical_extension
from app.storage import SpooledUpload

MAX_NAME_CHARS = 255
CONTENT_TYPES = {
    "pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
    "doc": "application/msword", "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"      # Compound File Binary: .doc, .xls
OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
# Bidirectional-text controls (U+202E turns "fdp.exe" around) besides the Cc control characters.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that are not format (Cf) characters: Hangul fillers, variation selectors.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0") | frozenset(map(chr, range(0xFE00, 0xFE10)))

TYPE_NOT_ALLOWED = "{label}：文件 {name} 类型不允许，仅支持 {types}"
TOO_LARGE = "{label}：文件 {name} 超过 {max_mb} MB"
TOO_MANY = "{label}：最多只能上传 {max_files} 个文件"
CONTENT_MISMATCH = "{label}：文件 {name} 的内容与扩展名不符"
EMPTY_FILE = "{label}：文件 {name} 是空文件"
NAME_EMPTY = "{label}：文件名不能为空"
NAME_BAD_CHARS = "{label}：文件名含有不允许的控制字符"
NAME_TOO_LONG = "{label}：文件名不能超过 255 个字符"


def clean_file_name(raw: str | None) -> str | None:
    """The base name of an uploaded file name, or None when nothing is left.

    The name is NFKC-normalised (fullwidth ``／`` becomes a separator before directories are stripped)
    and its invisible characters are removed: format characters (zero-width space, joiners, the bidi
    controls that turn ``"fdp.exe"`` around) and fillers (issue 8: ``"inv\\u200boice.pdf"`` →
    ``"invoice.pdf"``). Directories are stripped with either separator (``"../../etc/passwd.pdf"`` →
    ``"passwd.pdf"``, ``"..\\x.pdf"`` → ``"x.pdf"``) and the rest trimmed. The result is only ever a
    column value and a download name, never part of a path.
    """
    visible = "".join(ch for ch in unicodedata.normalize("NFKC", raw or "")
                      if unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE)
    name = visible.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return None if name in ("", ".", "..") else name


def name_problem(name: str | None, label: str) -> str | None:
    """The message for an unusable cleaned name (empty, control characters, > 255 characters)."""
    if not name:
        return NAME_EMPTY.format(label=label)
    if any(unicodedata.category(ch) == "Cc" or ch in _BIDI for ch in name):
        return NAME_BAD_CHARS.format(label=label)
    if len(name) > MAX_NAME_CHARS:
        return NAME_TOO_LONG.format(label=label)
    return None


def extension_of(name: str) -> str:
    """Lower-case extension without the dot; "" when there is none (``".pdf"`` has none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def content_matches(extension: str, upload: SpooledUpload) -> bool:
    """Do the bytes look like ``extension``? Magic bytes via ``filetype``; OLE2 for doc/xls; a zip
    whose central directory has ``[Content_Types].xml`` and ``word/`` (docx) or ``xl/`` (xlsx) parts."""
    head = upload.head()
    ext = canonical_extension(extension)
    if ext in ("pdf", "jpg", "png"):
        return bool(filetype.get_type(ext=ext).match(head))
    if ext in ("doc", "xls"):
        return head.startswith(OLE2_SIGNATURE) and upload.size >= 512
    if ext in OOXML_PART:
        return bool(filetype.get_type(ext="zip").match(head)) and _is_ooxml(upload, OOXML_PART[ext])
    return False


def _is_ooxml(upload: SpooledUpload, part: str) -> bool:
    """Only the central directory is read: nothing is decompressed (no zip-bomb exposure)."""
    try:
        with zipfile.ZipFile(upload.path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)
