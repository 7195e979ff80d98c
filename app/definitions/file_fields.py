"""File fields of a form and the check of file ids in child-list rows (catalog §0.4). Pure: no DB, no I/O.

A file field is an ``array`` property with an ``x-attachment`` object (docs/forms.md): top level
(``"evidence"``) or inside a child-list row (``"references.ref_file"``, A22 参考文献·文献附件). Its
overrides ``{"types", "max_mb", "max_files"}`` replace the defaults below.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .forms import FormDefinition

DEFAULT_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx")
DEFAULT_MAX_MB = 10
DEFAULT_MAX_FILES = 10
# Child-list fields: ``max_files`` holds per row (checked on 保存/提交/调整); an upload is capped at
# max_files × the list's maxItems, or × this many rows when the list has none [designed].
ROW_CAP = 50
ROW_FILE_UNKNOWN = "第 {n} 条{label}：附件 {id} 不存在、已删除或不属于该字段"
ROW_FILE_REPEATED = "第 {n} 条{label}：附件 {id} 已在其他行使用"
ROW_TOO_MANY = "第 {n} 条{label}：最多只能上传 {max_files} 个文件"


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
        return canonical_extension(extension) in {canonical_extension(t) for t in self.types}


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


def canonical_extension(extension: str) -> str:
    return "jpg" if extension == "jpeg" else extension


def check_row_file_ids(form: FormDefinition, data: Mapping[str, Any],
                       live: Mapping[str, set[int]]) -> list[dict[str, str]]:
    """Check the ids in every child-list file field of ``data`` (for 保存, 提交 and 调整).

    Args:
        live: ``{"references.ref_file": {17, 18}}``: the record's live attachment ids per child-list file
            field (gathered by the service; a field left out has none).

    Each id must be one of the field's live ids, used in one row only, and a row holds at most the field's
    ``max_files``. Non-list values and non-integer ids are left to the JSON Schema check.

    Returns:
        ``[{"field": "references[4].ref_file", "message": "第 5 条参考文献-文献附件：附件 17 不存在、…"}]``;
        empty when every id is fine.
    """
    errors: list[dict[str, str]] = []
    for rule in file_field_rules(form).values():
        if rule.list_field is None or not isinstance(data.get(rule.list_field), list):
            continue
        sub = rule.row_field
        known = live.get(rule.field, set())
        seen: set[int] = set()
        for i, row in enumerate(data[rule.list_field]):
            value = row.get(sub) if isinstance(row, Mapping) and sub else None
            ids = [v for v in (value if isinstance(value, list) else [])
                   if isinstance(v, int) and not isinstance(v, bool)]
            path = f"{rule.list_field}[{i}].{sub}"
            if len(ids) > rule.max_files:
                errors.append({"field": path, "message": ROW_TOO_MANY.format(n=i + 1, label=rule.label,
                                                                                 max_files=rule.max_files)})
            for attachment_id in ids:
                template = ROW_FILE_REPEATED if attachment_id in seen else None
                template = ROW_FILE_UNKNOWN if attachment_id not in known else template
                if template:
                    errors.append({"field": path, "message": template.format(n=i + 1, label=rule.label, id=attachment_id)})
                seen.add(attachment_id)
    return errors


def row_file_fields(form: FormDefinition) -> list[str]:
    """The child-list file fields of ``form`` (``"references.ref_file"``)."""
    return [rule.field for rule in file_field_rules(form).values() if rule.list_field is not None]
