"""Server-side validation of a record's data against its form schema, with Chinese field messages.

catalog §0.2: required fields (and minimum list sizes) are checked on 提交 only; 保存 checks only that
what is filled is well-formed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from app.errors import join_path

from .forms import FormDefinition, canonical_json
import itertools

_COMPLETENESS = frozenset({"required", "minItems", "dependentRequired"})
_TYPE_NAMES = {"integer": "整数", "number": "数字", "string": "文本", "array": "列表", "object": "对象",
               "boolean": "是/否"}


@dataclass(frozen=True)
class FieldError:
    field: str          # dotted path: "sessions", "cases[3].diagnosis_date"
    message: str        # Chinese, names the field

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def validate_data(form: FormDefinition, data: Any, *, for_submit: bool) -> list[FieldError]:
    """Validate ``data`` (the record's own fields) against ``form``.

    Args:
        form: the record type's form definition.
        data: the JSON object sent by the client (already parsed).
        for_submit: True on 提交 (everything checked), False on 保存 (completeness rules skipped).

    Returns:
        One ``FieldError`` per problem, in field order; empty when valid.
    """
    if not isinstance(data, Mapping):
        return [FieldError("data", "表单数据必须是对象")]
    validator = _validator(canonical_json(form.schema))
    errors: list[FieldError] = []
    for error in validator.iter_errors(data):
        if not for_submit and error.validator in _COMPLETENESS:
            continue
        errors.extend(_translate(form, error))
    errors.extend(_decimal_places(form, data))
    order = {key: i for i, key in enumerate(form.properties)}
    errors.sort(key=lambda e: order.get(e.field.split("[")[0].split(".")[0], len(order)))
    return _unique(errors)


@lru_cache(maxsize=512)
def _validator(schema_json: str) -> Draft202012Validator:
    import json
    return Draft202012Validator(json.loads(schema_json), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _translate(form: FormDefinition, error: ValidationError) -> list[FieldError]:
    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "required":
        missing = [p for p in error.validator_value if isinstance(error.instance, Mapping) and p not in error.instance]
        return [_error(form, [*path, p], "「{label}」为必填项") for p in missing]
    if error.validator == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known] if isinstance(error.instance, Mapping) else []
        return [FieldError(_dotted([*path, k]), f"未知字段「{k}」") for k in extra]
    custom = schema.get("x-messages", {}).get(error.validator)
    if custom:
        return [_error(form, path, custom)]
    value = error.validator_value
    templates = {
        "type": "「{label}」必须是" + _TYPE_NAMES.get(value if isinstance(value, str) else "", "正确的类型"),
        "enum": "「{label}」的值「{value}」不在可选范围内",
        "const": "「{label}」的值不正确",
        "minimum": f"「{{label}}」不能小于 {value}",
        "exclusiveMinimum": f"「{{label}}」必须大于 {value}",
        "maximum": f"「{{label}}」不能大于 {value}",
        "exclusiveMaximum": f"「{{label}}」必须小于 {value}",
        "minLength": "「{label}」不能为空" if value == 1 else f"「{{label}}」至少需要 {value} 个字符",
        "maxLength": f"「{{label}}」不能超过 {value} 个字符",
        "pattern": "「{label}」格式不正确",
        "format": "「{label}」应为 YYYY-MM-DD 格式的日期" if value == "date" else "「{label}」格式不正确",
        "minItems": f"「{{label}}」至少需要 {value} 项",
        "maxItems": f"「{{label}}」最多 {value} 项",
        "uniqueItems": "「{label}」有重复项",
    }
    template = templates.get(error.validator, "「{label}」填写不正确")
    return [_error(form, path, template.replace("{value}", str(error.instance)[:50]))]


def _error(form: FormDefinition, path: list, template: str) -> FieldError:
    return FieldError(_dotted(path), template.replace("{label}", _label(form, path)))


def _label(form: FormDefinition, path: list) -> str:
    """「病案列表」第 4 行「诊断日期」 for nested paths; the plain 标签 for top-level fields."""
    schema: Mapping[str, Any] = form.schema
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            parts.append(f"第 {step + 1} 行")
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(step, {})
            parts.append(schema.get("title", str(step)))
    if not parts:
        return "表单"
    out = parts[0]
    for previous, part in itertools.pairwise(parts):
        if part.startswith("第 "):
            out += f"」{part}"
        else:
            out += f"「{part}" if previous.startswith("第 ") else f"」「{part}"
    return out


def _dotted(path: Iterable) -> str:
    out = ""
    for step in path:
        out = join_path(out, step)
    return out


def _decimal_places(form: FormDefinition, data: Mapping[str, Any]) -> list[FieldError]:
    """``x-decimals: n`` on a number property: at most n decimal places (catalog §1.3.0 工作量)."""
    errors = []
    for key, prop in form.properties.items():
        places = prop.get("x-decimals")
        value = data.get(key)
        if places is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        try:
            exponent = Decimal(str(value)).normalize().as_tuple().exponent
        except InvalidOperation:
            continue
        if isinstance(exponent, int) and -exponent > places:
            errors.append(FieldError(key, f"「{form.label(key)}」最多保留 {places} 位小数"))
    return errors


def _unique(errors: list[FieldError]) -> list[FieldError]:
    seen, out = set(), []
    for e in errors:
        if (e.field, e.message) not in seen:
            seen.add((e.field, e.message))
            out.append(e)
    return out
