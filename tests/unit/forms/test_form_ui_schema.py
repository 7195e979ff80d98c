"""A form's uiSchema names only fields of its schema (issue 14: 校验 of a form draft)."""
from __future__ import annotations

import copy

from app.definitions.forms import check_form
from samples import FORM_DOCS


def test_every_shipped_form_passes():
    assert {code: check_form(doc, code) for code, doc in FORM_DOCS.items() if check_form(doc, code)} == {}


def test_a_ui_schema_entry_or_order_naming_a_missing_field_is_reported():
    doc = copy.deepcopy(FORM_DOCS["T04"])
    doc["uiSchema"]["no_such_field"] = {"ui:widget": "textarea"}
    doc["uiSchema"]["ui:order"] = ["ghost", *doc["uiSchema"].get("ui:order", ["*"])]
    assert check_form(doc, "T04") == ["uiSchema 中的字段 no_such_field 不存在于 schema.properties",
                                      "uiSchema 的 ui:order 中的字段 ghost 不存在于 schema.properties"]


def test_a_ui_schema_that_is_not_an_object_is_reported():
    doc = copy.deepcopy(FORM_DOCS["T04"])
    doc["uiSchema"] = ["sessions"]
    assert check_form(doc, "T04") == ["uiSchema 必须是对象"]
