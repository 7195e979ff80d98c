"""The columns of an import template, derived from a record type's form file (catalog §4.1 step 2).

Pure: a form document (the parsed ``forms/<code>.json``) in, an ``ImportSpec`` out. The same spec lays
out the generated template, maps an uploaded header row (step 4) and converts each cell (step 5).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ACCOUNT_KEY, NAME_KEY = "__account", "__name"
ACCOUNT_LABEL, NAME_LABEL = "教职工账号", "教职工姓名"
ACCOUNT_TARGET = "用户 › 账号"          # catalog §4.1 step 4: 教职工账号 maps to the user lookup
OPTIONS_SHEET = "可选值"
KINDS = ("account", "name", "string", "integer", "number", "date", "enum")


@dataclass(frozen=True)
class ColumnSpec:
    """One template column: the form field ``key`` (or the account/name pseudo-fields), its 标签,
    the value kind, whether it is required, its allowed values and its fill-in rule (the note)."""

    key: str
    label: str
    kind: str
    required: bool
    options: tuple[str, ...] = ()
    note: str = ""
    max_length: int | None = None

    @property
    def target(self) -> str:
        """The 系统字段 the column maps to, as the mapping step shows it."""
        return ACCOUNT_TARGET if self.key == ACCOUNT_KEY else self.label


@dataclass(frozen=True)
class ImportSpec:
    """Every column of one import type, in template order (catalog §4.1 step 2)."""

    code: str
    title: str
    columns: tuple[ColumnSpec, ...]
    schema_required: frozenset[str] = field(default_factory=frozenset)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def enum_columns(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.kind == "enum"]

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def by_label(self) -> dict[str, ColumnSpec]:
        return {c.label: c for c in self.columns}

    @property
    def template_name(self) -> str:
        """「<类型名称>导入模板.xlsx」 (catalog §4.1 step 2)."""
        return f"{self.title}导入模板.xlsx"


def spec_from_form(doc: Mapping[str, Any], *, with_owner: bool = True,
                   only: Sequence[str] | None = None) -> ImportSpec:
    """The import columns of a form document.

    Order (catalog §4.1 step 2): 教职工账号, 教职工姓名, then the fields in ``ui:order``, 工作量 left out
    when it is computed (a ``workload_decision`` or ``readOnly``), 备注 last. File fields and
    read-only fields never appear. ``with_owner`` False leaves out the account and name columns
    (personal imports, §4.3); ``only`` keeps just those field keys, in that order.

    Returns:
        The ``ImportSpec``; ``schema_required`` holds the schema's required keys.
    """
    schema = doc["schema"]
    props: Mapping[str, Any] = schema.get("properties", {})
    required = frozenset(schema.get("required", ()))
    order = list(doc.get("uiSchema", {}).get("ui:order", [])) or list(props)
    order += [k for k in props if k not in order]
    computed_workload = bool(doc.get("workload_decision")) or props.get("workload", {}).get("readOnly", False)
    keys = list(only) if only is not None else [
        k for k in order if k in props and "x-attachment" not in props[k] and not props[k].get("readOnly")
        and props[k].get("type") != "array" and not (k == "workload" and computed_workload)]
    if only is None and "remark" in keys:
        keys = [k for k in keys if k != "remark"] + ["remark"]
    columns: list[ColumnSpec] = []
    if with_owner:
        columns.append(ColumnSpec(ACCOUNT_KEY, ACCOUNT_LABEL, "account", True, note="必填。填写教职工工号"))
        columns.append(ColumnSpec(NAME_KEY, NAME_LABEL, "name", False, note="选填。填写时须与账号一致"))
    columns += [column_of(k, props[k], k in required) for k in keys]
    return ImportSpec(code=str(doc.get("code", "")), title=str(doc.get("title", "")), columns=tuple(columns),
                      schema_required=required)


def column_of(key: str, prop: Mapping[str, Any], required: bool) -> ColumnSpec:
    """The column of one schema property, with its fill-in rule as the header note."""
    label = str(prop.get("title", key))
    head = "必填。" if required else "选填。"
    if "enum" in prop:
        return ColumnSpec(key, label, "enum", required, tuple(str(v) for v in prop["enum"]),
                          head + f"从下拉列表选择或从 sheet2（{OPTIONS_SHEET}）复制")
    kind = prop.get("type")
    if kind == "string" and prop.get("format") == "date":
        return ColumnSpec(key, label, "date", required, note=head + "日期格式：YYYY-MM-DD")
    if kind in ("integer", "number"):
        bounds = _bounds_text(prop)
        if kind == "integer":
            return ColumnSpec(key, label, "integer", required, note=head + "填写整数" + bounds)
        places = prop.get("x-decimals")
        rule = f"，最多保留{places}位小数" if places is not None else ""
        return ColumnSpec(key, label, "number", required, note=head + "填写数字" + bounds + rule)
    max_length = prop.get("maxLength")
    return ColumnSpec(key, label, "string", required,
                      note=head + (f"文本，不超过 {max_length} 个字" if max_length else "文本"), max_length=max_length)


def _bounds_text(prop: Mapping[str, Any]) -> str:
    parts = []
    if "minimum" in prop:
        parts.append(f"不小于 {prop['minimum']}")
    if "exclusiveMinimum" in prop:
        parts.append(f"大于 {prop['exclusiveMinimum']}")
    if "maximum" in prop:
        parts.append(f"不大于 {prop['maximum']}")
    return ("，" + "、".join(parts)) if parts else ""
