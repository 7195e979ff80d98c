"""Record-type form files (``forms/<code>.json``, docs/forms.md): a typed view and a file check."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

FAMILIES = ("workload", "library")
WORKLOAD_CATEGORIES = ("teaching", "graduate", "research", "mentoring", "dynamic")
ENTRY_MODES = ("teacher", "import")
PAY_ATTRIBUTES = ("计量计酬", "计量不计酬")
POLICIES = ("withdraw_auto", "withdraw_approval", "change_request", "none")
REQUIRED_KEYS = ("code", "title", "family", "category", "entry_mode", "process_key",
                 "post_approval_policy", "title_field", "list_columns", "schema", "uiSchema")


@dataclass(frozen=True)
class FormDefinition:
    """A parsed form file; ``doc`` is the whole JSON document."""

    doc: Mapping[str, Any]

    @property
    def code(self) -> str:
        return self.doc["code"]

    @property
    def schema(self) -> Mapping[str, Any]:
        return self.doc["schema"]

    @property
    def properties(self) -> Mapping[str, Any]:
        return self.schema.get("properties", {})

    @property
    def routing_fields(self) -> tuple[str, ...]:
        return tuple(self.doc.get("routing_fields", ()))

    @property
    def search_fields(self) -> tuple[str, ...]:
        """The fields the list's 查询 keyword searches besides title and owner (catalog §1.4.1)."""
        return tuple(self.doc.get("search_fields", ()))

    @property
    def workload_decision(self) -> str | None:
        return self.doc.get("workload_decision")

    @property
    def field_decisions(self) -> Mapping[str, str]:
        return self.doc.get("field_decisions", {})

    @property
    def read_only_fields(self) -> tuple[str, ...]:
        return tuple(k for k, p in self.properties.items() if p.get("readOnly"))

    @property
    def rules(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(self.doc.get("rules", ()))

    def is_adjustable(self, field: str, data: Mapping[str, Any]) -> bool:
        """Whether child list ``field`` may be 调整 after 提交 for a record holding ``data`` (catalog §3.6)."""
        return any(spec.get("field") == field and condition_holds(spec.get("when", {}), data)
                   for spec in self.doc.get("adjustable_lists", ()))

    def label(self, field: str) -> str:
        return self.properties.get(field, {}).get("title", field)

    @property
    def has_personal_data(self) -> bool:
        """Whether any field (or child-list column) is marked ``x-personal-data`` (catalog §6.3 rule 4)."""
        return any(p.get("x-personal-data") or (_item_properties(p) and any(
            c.get("x-personal-data") for c in _item_properties(p).values())) for p in self.properties.values())

    def masked(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``data`` with every ``x-personal-data`` value masked (:func:`mask_value`), child rows
        included; other values are the same objects. Source: catalog §6.3 rule 4."""
        out = dict(data)
        for key, prop in self.properties.items():
            value = out.get(key)
            if value in (None, ""):
                continue
            if prop.get("x-personal-data"):
                out[key] = mask_value(value)
            elif (columns := _item_properties(prop)) and isinstance(value, list):
                personal = [k for k, c in columns.items() if c.get("x-personal-data")]
                if personal:
                    out[key] = [{**row, **{k: mask_value(row[k]) for k in personal if row.get(k) not in (None, "")}}
                                if isinstance(row, Mapping) else row for row in value]
        return out

    def title_of(self, data: Mapping[str, Any]) -> str | None:
        value = data.get(self.doc.get("title_field", ""))
        return str(value)[:200] if value not in (None, "") else None


def mask_value(value: Any) -> str:
    """「王某某」 → 「王**」: the first character and a star for each of the others (catalog §6.3 rule 4)."""
    text = str(value)
    return "*" if len(text) <= 1 else text[0] + "*" * (len(text) - 1)


def _item_properties(prop: Mapping[str, Any]) -> Mapping[str, Any]:
    """The column properties of a child list (``array`` of ``object``), else empty."""
    items = prop.get("items") if prop.get("type") == "array" else None
    return items.get("properties", {}) if isinstance(items, Mapping) and items.get("type") == "object" else {}


def condition_holds(condition: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """A form condition (``when``, ``ui:showIf``, ``ui:hideIf``): every named field holds one of its
    listed values, e.g. ``{"course_name": ["其他课程"]}``. An empty condition holds."""
    return all(data.get(field) in values for field, values in condition.items())


def fingerprint(doc: Mapping[str, Any]) -> str:
    """sha256 of the normalised JSON (key order and whitespace do not make a new version)."""
    return hashlib.sha256(canonical_json(doc).encode()).hexdigest()


def canonical_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_form(doc: Mapping[str, Any], stem: str) -> list[str]:
    """Problems with one form file (empty list = deployable). Messages are for the process admin."""
    problems = [f"缺少字段 {key}" for key in REQUIRED_KEYS if key not in doc]
    if problems:
        return problems
    if doc["code"] != stem:
        problems.append(f"code {doc['code']!r} 与文件名 {stem!r} 不一致")
    if doc["family"] not in FAMILIES:
        problems.append(f"family {doc['family']!r} 无效")
    if doc["family"] == "workload" and doc["category"] not in WORKLOAD_CATEGORIES:
        problems.append(f"category {doc['category']!r} 无效")
    if doc["entry_mode"] not in ENTRY_MODES:
        problems.append(f"entry_mode {doc['entry_mode']!r} 无效")
    if doc["family"] == "workload" and doc.get("pay_attribute") not in PAY_ATTRIBUTES:
        problems.append("pay_attribute 必须是 计量计酬 或 计量不计酬")
    if doc["post_approval_policy"] not in POLICIES:
        problems.append(f"post_approval_policy {doc['post_approval_policy']!r} 无效")
    try:
        Draft202012Validator.check_schema(doc["schema"])
    except SchemaError as exc:
        problems.append(f"schema 不是合法的 JSON Schema：{exc.message}")
        return problems
    props = doc["schema"].get("properties", {})
    named = [doc["title_field"], *doc["list_columns"], *doc.get("search_fields", []),
             *doc.get("routing_fields", []), *doc.get("field_decisions", {})]
    problems += [f"字段 {name} 不存在于 schema.properties" for name in named if name not in props]
    problems += [f"字段 {key} 缺少 title" for key, p in props.items() if not p.get("title")]
    return problems + _ui_schema_problems(doc["uiSchema"], props)


def _ui_schema_problems(ui: Any, props: Mapping[str, Any]) -> list[str]:
    """The uiSchema names only fields of the schema: its keys (other than ``ui:*`` options) and ``ui:order``."""
    if not isinstance(ui, Mapping):
        return ["uiSchema 必须是对象"]
    problems = [f"uiSchema 中的字段 {key} 不存在于 schema.properties" for key in ui
                if not key.startswith("ui:") and key not in props]
    order = ui.get("ui:order", [])
    if not isinstance(order, list):
        return [*problems, "uiSchema 的 ui:order 必须是列表"]
    return problems + [f"uiSchema 的 ui:order 中的字段 {key} 不存在于 schema.properties" for key in order
                       if key != "*" and key not in props]
