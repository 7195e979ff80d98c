"""Attachment rules of a form's file fields, file-name cleaning and content checks (catalog §0.4). Pure: no DB.

A file field is an ``array`` property with an ``x-attachment`` object (docs/forms.md): top level
(``"evidence"``) or inside a child-list row (``"references.ref_file"``, A22 参考文献·文献附件). Its
overrides ``{"types", "max_mb", "max_files"}`` replace the defaults below.
"""
from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import filetype

from app.definitions.forms import FormDefinition
from app.storage import SpooledUpload

DEFAULT_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx")
DEFAULT_MAX_MB = 10
DEFAULT_MAX_FILES = 10
# Child-list fields: ``max_files`` holds per row (checked on 保存/提交/调整); an upload is capped at
# max_files × the list's maxItems, or × this many rows when the list has none [designed].
ROW_CAP = 50
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


@dataclass(frozen=True)
class FileFieldRule:
    """The effective rule of one file field."""

    field: str                  # "evidence", or "references.ref_file" inside a child list
    label: str                  # 标签 shown in messages: "佐证材料", "参考文献-文献附件"
    list_field: str | None      # the child list ("references"), None at top level
    types: tuple[str, ...]      # allowed extensions, lower case, as the message lists them
    max_mb: float
    max_files: int              # per field (top level) or per row (child list)
    upload_cap: int             # live files the field may hold in one record

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    @property
    def row_field(self) -> str | None:
        """The file field inside each row of ``list_field`` (``"ref_file"``); None at top level."""
        return self.field.partition(".")[2] if self.list_field else None

    def allows(self, extension: str) -> bool:
        """jpg and jpeg name one format: a field that allows either allows both."""
        return _canonical(extension) in {_canonical(t) for t in self.types}


def file_field_rules(form: FormDefinition) -> dict[str, FileFieldRule]:
    """Every file field of ``form``, top level and in child lists, keyed by its ``field`` path."""
    rules: dict[str, FileFieldRule] = {}
    for key, prop in form.properties.items():
        if _is_file(prop):
            rules[key] = _rule(key, prop.get("title", key), None, prop["x-attachment"], None)
            continue
        items = prop.get("items", {}) if prop.get("type") == "array" else {}
        for sub, sub_prop in items.get("properties", {}).items():
            if _is_file(sub_prop):
                label = f"{prop.get('title', key)}-{sub_prop.get('title', sub)}"
                rows = prop.get("maxItems") or ROW_CAP
                rules[f"{key}.{sub}"] = _rule(f"{key}.{sub}", label, key, sub_prop["x-attachment"], rows)
    return rules


def _is_file(prop: Mapping[str, Any]) -> bool:
    return prop.get("type") == "array" and isinstance(prop.get("x-attachment"), Mapping)


def _rule(field: str, label: str, list_field: str | None, spec: Mapping[str, Any], rows: int | None) -> FileFieldRule:
    types = tuple(str(t).lower() for t in spec.get("types") or DEFAULT_TYPES)
    max_files = int(spec.get("max_files") or DEFAULT_MAX_FILES)
    return FileFieldRule(field, label, list_field, types, spec.get("max_mb") or DEFAULT_MAX_MB, max_files,
                         max_files * rows if rows else max_files)


def _canonical(extension: str) -> str:
    return "jpg" if extension == "jpeg" else extension


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
    ext = _canonical(extension)
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
