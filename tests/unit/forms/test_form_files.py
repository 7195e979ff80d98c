"""Record-type form files (forms/<code>.json) against docs/forms.md and the catalog.

Pure tests: jsonschema only, no app imports. The catalog check (tests/catalog_check.py) is generated
from tests/fixtures/catalog_section1.md (a verbatim copy of catalog.md §1 up to §1.5): every type, field
key, label, type, required marker, enum value, numeric/length constraint, quoted placeholder/help text,
attachment override and quoted error message found there must match forms/. The in_term rule reads the
shipped term calendar (forms/_reference/term_calendar.json).
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from catalog_check import CATALOG_TYPES, check_form, conditional_required
from samples import FORM_DOCS, example, example_codes

ROOT = Path(__file__).resolve().parents[3]
FORMS_DIR = ROOT / "forms"

FORM_FILES = sorted(FORMS_DIR.glob("*.json"))
FORMS = FORM_DOCS

# --------------------------------------------------------------------------- docs/forms.md contract

REQUIRED_KEYS = {"code", "title", "family", "category", "entry_mode", "process_key", "post_approval_policy",
                 "title_field", "list_columns", "search_fields", "routing_fields", "source", "schema", "uiSchema"}
OPTIONAL_KEYS = {"pay_attribute", "workload_decision", "field_decisions", "rules", "import_columns", "adjustable_lists",
                 "search_placeholder"}
CATEGORIES = {"workload": {"teaching", "graduate", "research", "mentoring", "dynamic"},
              "library": {"basic", "honors", "ability", "performance", "research_output", "foreign_aid", "health"}}
PROCESS_KEYS = {"workload": "workload_approval", "library": "library_approval"}
POLICIES = {"withdraw_auto", "withdraw_approval", "change_request", "none"}
IMPORT_COLUMNS = ["教职工账号", "教职工姓名"]

# The `rules` vocabulary (docs/forms.md "Type rules"): kind -> (required keys, optional keys).
RULE_KINDS = {
    "date_order": ({"start", "end", "message"}, {"field"}),
    "lte": ({"field", "other", "message"}, set()),
    "unique": ({"fields", "message"}, set()),
    "recent_years": ({"field", "date_fields", "years", "message"}, {"when", "enabled"}),
    "each_attachment": ({"field", "attachment", "message"}, set()),
    "isbn": ({"field", "message"}, set()),
    "in_term": ({"field", "term", "message"}, set()),
    "prefill": ({"field", "from", "message"}, set()),
}


def form_ids():
    return [p.stem for p in FORM_FILES]


def all_props(schema):
    """Yield (path, key, property schema) for top-level and table-item properties."""
    for key, prop in schema.get("properties", {}).items():
        yield key, key, prop
        items = prop.get("items", {})
        if items.get("type") == "object":
            for ckey, cprop in items.get("properties", {}).items():
                yield f"{key}[].{ckey}", ckey, cprop


def test_forms_exist():
    assert FORM_FILES, "no forms/*.json"


@pytest.mark.parametrize("code", form_ids())
def test_form_structure(code):
    form = FORMS[code]
    keys = set(form)
    assert keys >= REQUIRED_KEYS, f"missing top-level keys {REQUIRED_KEYS - keys}"
    assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"unknown top-level keys {keys - REQUIRED_KEYS - OPTIONAL_KEYS}"
    assert form["code"] == code
    family = form["family"]
    assert family in CATEGORIES
    assert form["category"] in CATEGORIES[family]
    assert form["entry_mode"] in {"teacher", "import"}
    assert form["process_key"] == PROCESS_KEYS[family]
    assert form["process_key"] in {"workload_approval", "library_approval"}
    assert form["post_approval_policy"] in POLICIES
    if family == "workload":
        assert form.get("pay_attribute") in {"计量计酬", "计量不计酬"}
    else:
        assert "pay_attribute" not in form
    if "import_columns" in form:
        assert form["entry_mode"] == "import" and form["import_columns"] == IMPORT_COLUMNS

    schema = form["schema"]
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = schema["properties"]
    for path, _key, prop in all_props(schema):
        assert isinstance(prop.get("title"), str) and prop["title"], f"{path} has no title"
        if prop.get("type") == "array" and prop.get("items", {}).get("type") == "object":
            items = prop["items"]
            assert items.get("additionalProperties") is False, path
            assert set(items.get("required", [])) <= set(items["properties"]), path
    assert set(schema["required"]) <= set(props)
    for key in schema["required"]:  # an empty list is not an upload: required files need minItems 1
        if "x-attachment" in props[key]:
            assert props[key].get("minItems", 0) >= 1, f"required file field {key} without minItems"
    for clause in schema.get("allOf", []):
        assert set(clause) <= {"if", "then", "else"}, clause
        assert set(clause["if"]["properties"]) <= set(props)
        assert set(conditional_required({"allOf": [clause]})) <= set(props)

    ui = form["uiSchema"]
    assert ui["ui:order"] == list(props), "ui:order must list exactly the properties, in schema order"
    assert set(ui) - {"ui:order"} <= set(props), f"uiSchema entries for unknown fields {set(ui) - set(props)}"
    for key, entry in ui.items():
        if key == "ui:order":
            continue
        if "items" in entry:
            assert entry["items"]["ui:order"] == list(props[key]["items"]["properties"]), key
        for hint in ("ui:showIf", "ui:hideIf"):
            for other, values in entry.get(hint, {}).items():
                assert other in props, f"{key}: {hint} names unknown field {other}"
                assert set(values) <= set(props[other].get("enum", [])), f"{key}: {hint} values {values}"
        if props[key].get("type") == "string" and "enum" not in props[key]:
            assert entry.get("ui:widget") in (None, "textarea", "hidden"), key

    for name in ("list_columns", "search_fields", "routing_fields"):
        assert isinstance(form[name], list)
        unknown = set(form[name]) - set(props)
        assert not unknown, f"{name} names unknown fields {unknown}"
    assert form["list_columns"] and form["search_fields"]
    assert form["title_field"] in props and props[form["title_field"]]["type"] == "string"

    for fkey, decision in form.get("field_decisions", {}).items():
        assert fkey in props and isinstance(decision, str) and decision
    if "research_owner" in props:
        assert "research_owner" in form["routing_fields"]
        assert form.get("field_decisions") == {"research_owner": "research_owner_default"}

    if family == "workload":
        order = list(props)
        assert order[0] == "assessment_year" and order[-3:] == ["workload", "attachments", "remark"]
        assert props["assessment_year"]["title"] == "考核年度"
        if form["category"] == "research":
            assert order[1] == "research_owner"
            assert form["routing_fields"] == ["research_owner"]
        computed = bool(form.get("workload_decision"))
        assert props["workload"].get("readOnly", False) is computed
        if not computed:
            assert props["workload"].get("x-decimals") == 2
        if computed:
            assert form["workload_decision"] == f"workload_{code}"
    else:
        assert "workload_decision" not in form


@pytest.mark.parametrize("code", form_ids())
def test_form_rules_vocabulary(code):
    form = FORMS[code]
    props = form["schema"]["properties"]
    for rule in form.get("rules", []):
        kind = rule.get("kind")
        assert kind in RULE_KINDS, f"undocumented rule kind {kind!r}"
        required, optional = RULE_KINDS[kind]
        keys = set(rule) - {"kind"}
        assert required <= keys, f"{kind}: missing {required - keys}"
        assert keys <= required | optional, f"{kind}: unknown keys {keys - required - optional}"
        assert isinstance(rule["message"], str) and re.search(r"[\u4e00-\u9fff]", rule["message"])
        scope = props
        if kind in ("recent_years", "each_attachment") or (kind == "date_order" and "field" in rule):
            table = props[rule["field"]]
            assert table["type"] == "array" and table["items"]["type"] == "object", rule
            scope = table["items"]["properties"]
            assert "第 n 条" in rule["message"], f"row rule without 「第 n 条」: {rule}"
        names = {
            "date_order": [rule.get("start"), rule.get("end")],
            "lte": [rule.get("field"), rule.get("other")],
            "unique": rule.get("fields", []),
            "recent_years": rule.get("date_fields", []),
            "each_attachment": [rule.get("attachment")],
            "isbn": [rule.get("field")], "prefill": [rule.get("field")],
            "in_term": [rule.get("field"), rule.get("term")],
        }.get(kind, [])
        for name in names:
            assert name in scope, f"{kind} names unknown field {name}"
        for other, values in rule.get("when", {}).items():
            assert other in props and set(values) <= set(props[other].get("enum", []))
        if kind == "date_order":
            assert scope[rule["start"]].get("format") == "date" and scope[rule["end"]].get("format") == "date"
        if kind == "recent_years":
            assert all(scope[d].get("format") == "date" for d in rule["date_fields"])


def test_rule_kinds_are_documented():
    docs = (ROOT / "docs" / "forms.md").read_text(encoding="utf-8")
    assert "## Type rules (`rules`)" in docs
    section = docs.split("## Type rules (`rules`)", 1)[1]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, flags=re.M))
    assert documented == set(RULE_KINDS)
    used = {r["kind"] for f in FORMS.values() for r in f.get("rules", [])}
    assert used == set(RULE_KINDS), "every documented kind is used and every used kind documented"


def test_catalog_parse_is_complete():
    """Guard against a parser that silently finds nothing."""
    codes = set(CATALOG_TYPES)
    expected = ({f"T{i:02d}" for i in range(1, 20)} | {f"G{i:02d}" for i in range(1, 5)}
                | {f"R{i:02d}" for i in range(1, 6)} | {f"M{i:02d}" for i in range(1, 4)}
                | {f"D{i:02d}" for i in range(1, 5)} | {f"A{i:02d}" for i in range(1, 24)})
    assert codes == expected
    for s in CATALOG_TYPES.values():
        assert s.title and s.category, s.code
        own = [f for f in s.fields if f.key not in ("assessment_year", "workload", "attachments", "remark")]
        assert own, f"{s.code}: no type fields parsed"
        if s.family == "workload":
            assert s.entry in ("teacher", "import") and s.pay in ("计量计酬", "计量不计酬"), s.code
    t01 = {f.key: f for f in CATALOG_TYPES["T01"].fields}
    assert list(t01) == ["assessment_year", "term", "course_name", "other_course_name", "course_owner_dept",
                         "teaching_class", "student_count", "hours", "workload", "attachments", "remark"]
    assert t01["other_course_name"].req == "C" and t01["other_course_name"].constraints == {"maxLength": 100}
    assert t01["course_owner_dept"].values == ["教务部", "学工部", "保卫部"] and t01["course_owner_dept"].routing
    assert t01["course_name"].last_value == "其他课程"
    assert CATALOG_TYPES["T01"].messages == ["该课程该教学班级已填报"]
    r05 = {f.key: f for f in CATALOG_TYPES["R05"].fields}
    assert list(r05)[:2] == ["assessment_year", "research_owner"] and r05["transfer_amount"].req == "C"
    assert [f.key for f in CATALOG_TYPES["T18"].fields] == [f.key for f in CATALOG_TYPES["T04"].fields]
    assert [f.key for f in CATALOG_TYPES["D04"].fields] == [f.key for f in CATALOG_TYPES["D02"].fields]
    g02 = {f.key: f for f in CATALOG_TYPES["G02"].fields}
    assert g02["degree_kind"].values == ["学术学位", "专业学位"] and g02["student_count"].constraints == {"minimum": 1}
    a20 = CATALOG_TYPES["A20"]
    assert len(a20.children["cases"]) == 11 and a20.min_items == {"cases": 10}
    assert set(a20.messages) == {"病案数量不少于10份", "第 n 条病案：日期须在近5年内"}
    assert [c.key for c in CATALOG_TYPES["A21"].children["cases"]] == [c.key for c in a20.children["cases"]]
    assert CATALOG_TYPES["A22"].min_items == {"references": 20}
    assert CATALOG_TYPES["A21"].min_items == {"cases": 1}
    assert {f.key: f.attachment for f in a20.fields}["plagiarism_doc"] == {"types": ["doc", "docx"], "max_mb": 10,
                                                                           "max_files": 1}
    assert CATALOG_TYPES["A17"].category == "research_output" and CATALOG_TYPES["A23"].category == "health"


def test_no_form_outside_the_catalog():
    assert set(FORMS) <= set(CATALOG_TYPES), f"forms not in catalog: {set(FORMS) - set(CATALOG_TYPES)}"


@pytest.mark.parametrize("code", sorted(CATALOG_TYPES))
def test_form_matches_catalog(code):
    errors = check_form(CATALOG_TYPES[code], FORMS.get(code))
    assert not errors, "\n".join(errors)


def _drop_field(form, key):
    schema = form["schema"]
    del schema["properties"][key]
    schema["required"] = [k for k in schema["required"] if k != key]
    form["uiSchema"]["ui:order"].remove(key)
    form["uiSchema"].pop(key, None)
    for name in ("list_columns", "search_fields", "routing_fields"):
        form[name] = [k for k in form[name] if k != key]


@pytest.mark.parametrize("mutate, expect", [
    (lambda f: _drop_field(f, "teaching_class"), "field 'teaching_class' missing"),
    (lambda f: f["schema"]["properties"]["course_owner_dept"].__setitem__("title", "开课单位"), "label '开课单位'"),
    (lambda f: f["schema"]["properties"]["course_owner_dept"]["enum"].__setitem__(1, "学生处"), "enum"),
    (lambda f: f["schema"]["required"].remove("hours"), "T01.hours: catalog marks it required"),
    (lambda f: f["schema"].__delitem__("allOf"), "T01.other_course_name: conditional (C) field"),
    (lambda f: f["schema"]["required"].append("remark"), "T01.remark: catalog marks it —"),
    (lambda f: f["schema"]["properties"]["course_name"]["enum"].reverse(), "last enum value"),
    (lambda f: f["schema"]["properties"]["hours"].__setitem__("type", "integer"), "T01.hours: catalog type"),
    (lambda f: f["schema"]["properties"]["student_count"].__setitem__("minimum", 0), "minimum 0 != catalog 1"),
    (lambda f: f["schema"]["properties"].__setitem__("extra", {"type": "string", "title": "多余"}),
     "'extra' is not in the catalog"),
    (lambda f: f.__setitem__("title", "课程教学"), "title '课程教学'"),
    (lambda f: f.__setitem__("pay_attribute", "计量不计酬"), "pay_attribute"),
    (lambda f: f.__setitem__("routing_fields", []), "routing input missing"),
    (lambda f: f.__setitem__("rules", []), "该课程该教学班级已填报"),
    (lambda f: f["uiSchema"]["teaching_class"].__setitem__("ui:help", "x"), "ui:help 'x'"),
], ids=["drop-field", "label", "enum-value", "drop-required", "drop-condition", "extra-required", "last-option",
        "type", "minimum", "extra-field", "title", "pay", "routing", "message", "help"])
def test_checker_reports_t01_mutations(mutate, expect):
    form = copy.deepcopy(FORMS["T01"])
    assert check_form(CATALOG_TYPES["T01"], form) == []
    mutate(form)
    errors = check_form(CATALOG_TYPES["T01"], form)
    assert any(expect in e for e in errors), errors


@pytest.mark.parametrize("code, mutate, expect", [
    ("A04", lambda f: f["schema"]["properties"]["award_grade"]["enum"].__setitem__(0, "特等奖"), "A04.award_grade: enum"),
    ("A20", lambda f: f["schema"]["properties"]["cases"]["items"]["properties"]["gender"].__setitem__("title", "性"),
     "A20.cases[].gender: label"),
    ("A20", lambda f: f["schema"]["properties"]["cases"]["items"]["required"].remove("age"),
     "A20.cases[].age: catalog marks it required"),
    ("A20", lambda f: f["schema"]["properties"]["cases"].__setitem__("minItems", 5), "minItems 5"),
    ("A20", lambda f: f["schema"]["properties"]["cases"]["x-messages"].__setitem__("minItems", "至少10份"),
     "病案数量不少于10份"),
    ("T02", lambda f: f["schema"]["properties"]["workload"].pop("x-decimals"), "T02.workload: x-decimals"),
    ("A20", lambda f: f["schema"]["properties"]["plagiarism_doc"]["x-attachment"].__setitem__("max_files", 3),
     "A20.plagiarism_doc: x-attachment"),
    ("A20", lambda f: f["rules"].pop(0), "第 n 条病案：日期须在近5年内"),
    ("A21", lambda f: f["schema"]["properties"]["title"].__setitem__("maxLength", 500), "maxLength 500"),
    ("A01", lambda f: f.__setitem__("search_placeholder", "请输入"), "search_placeholder"),
    ("A01", lambda f: f.__setitem__("list_columns", ["employer"]), "list column 从事专业"),
    ("A09", lambda f: f["schema"]["properties"]["long_term"].__setitem__("enum", ["否", "是"]), "A09.long_term"),
    ("A17", lambda f: f["schema"]["properties"]["publish_date"].__setitem__("format", "month"), "publish_date"),
    ("R01", lambda f: f["uiSchema"]["ui:order"].reverse() or f["schema"].__setitem__(
        "properties", dict(reversed(f["schema"]["properties"].items()))), "field order"),
    ("T04", lambda f: f["uiSchema"]["task_type"].__setitem__("ui:placeholder", "请选择"), "ui:placeholder"),
    ("T18", lambda f: f.__setitem__("entry_mode", "teacher"), "entry_mode"),
    ("A04", lambda f: f.__setitem__("rules", []), "A04.rank: catalog rule ('lte', '参与人数')"),
    ("D02", lambda f: f["rules"][0].__setitem__("start", "end_date"), "D02.end_date: catalog rule ('date_order'"),
    ("A20", lambda f: f["rules"].pop(1), "A20.cases[].discharge_date: catalog rule ('date_order'"),
    ("T11", lambda f: f.__setitem__("rules", []), "T11.isbn: catalog rule ('isbn',)"),
    ("T02", lambda f: f.__setitem__("rules", []), "T02.exam_date: catalog rule ('in_term',)"),
    ("G02", lambda f: f.__setitem__("category", "teaching"), "category"),
])
def test_checker_reports_mutations(code, mutate, expect):
    form = copy.deepcopy(FORMS[code])
    assert check_form(CATALOG_TYPES[code], form) == []
    mutate(form)
    errors = check_form(CATALOG_TYPES[code], form)
    assert any(expect in e for e in errors), errors


def test_checker_reports_missing_form():
    assert check_form(CATALOG_TYPES["T01"], None) == ["T01: no forms/T01.json"]


# --------------------------------------------------------------------------- examples

TODAY = dt.date(2026, 11, 23)  # fixed "today" for the recent_years window of the examples


def _isbn_ok(value):
    s = re.sub(r"[\s-]", "", value).upper()
    if re.fullmatch(r"\d{9}[\dX]", s):
        return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s)) % 11 == 0
    if re.fullmatch(r"\d{13}", s):
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(s)) % 10 == 0
    return False


TERM_CALENDAR = {row["term"]: (dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])) for row in
                 json.loads((FORMS_DIR / "_reference" / "term_calendar.json").read_text(encoding="utf-8"))["terms"]}


def _in_term(day: str, term: str) -> bool:
    """The shipped 学年学期 calendar (forms/_reference/term_calendar.json); a term it lacks holds no date."""
    span = TERM_CALENDAR.get(term)
    return span is not None and span[0] <= dt.date.fromisoformat(day) <= span[1]


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year - years, day=28)


def eval_rules(form, data, *, today=TODAY, others=(), owner_unit="某学院"):
    """Reference reading of the `rules` vocabulary (docs/forms.md), used to check examples and rule data."""
    msgs = []
    row_msg = lambda rule, i: rule["message"].replace("第 n 条", f"第 {i} 条")  # noqa: E731
    for rule in form.get("rules", []):
        kind = rule["kind"]
        if rule.get("enabled", True) is False:
            continue
        if any(data.get(k) not in v for k, v in rule.get("when", {}).items()):
            continue
        if kind == "date_order":
            rows = data.get(rule["field"], []) if "field" in rule else [data]
            for i, row in enumerate(rows, 1):
                if row.get(rule["start"]) and row.get(rule["end"]) and row[rule["end"]] < row[rule["start"]]:
                    msgs.append(row_msg(rule, i))
        elif kind == "lte":
            if data.get(rule["field"]) is not None and data.get(rule["other"]) is not None \
                    and data[rule["field"]] > data[rule["other"]]:
                msgs.append(rule["message"])
        elif kind == "unique":
            if any(all(o.get(k) == data.get(k) for k in rule["fields"]) for o in others):
                msgs.append(rule["message"])
        elif kind == "recent_years":
            low = _years_before(today, rule["years"])
            for i, row in enumerate(data.get(rule["field"], []), 1):
                if any(not (low <= dt.date.fromisoformat(row[d]) <= today) for d in rule["date_fields"] if row.get(d)):
                    msgs.append(row_msg(rule, i))
        elif kind == "each_attachment":
            for i, row in enumerate(data.get(rule["field"], []), 1):
                if not row.get(rule["attachment"]):
                    msgs.append(row_msg(rule, i))
        elif kind == "isbn":
            if data.get(rule["field"]) and not _isbn_ok(data[rule["field"]]):
                msgs.append(rule["message"])
        elif kind == "in_term":
            if data.get(rule["field"]) and data.get(rule["term"]) \
                    and not _in_term(data[rule["field"]], data[rule["term"]]):
                msgs.append(rule["message"])
        elif kind == "prefill" and not owner_unit:
            msgs.append(rule["message"])
    return msgs


example_ids = example_codes


def test_every_form_has_anexample():
    assert set(example_ids()) == set(FORMS)


@pytest.mark.parametrize("code", example_ids())
def test_example_is_valid(code):
    form = FORMS[code]
    data = example(code)
    validator = Draft202012Validator(form["schema"], format_checker=FormatChecker())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors)
    # complete: every required and every triggered conditional field is filled, files non-empty
    props = form["schema"]["properties"]
    for key in form["schema"]["required"]:
        assert data.get(key) not in (None, "", []), f"{key} not filled"
    assert eval_rules(form, data) == []
    for key in data:
        assert not props[key].get("readOnly") or key == "workload"


def test_t04_example_is_the_seedexample():
    data = example("T04")
    assert data == {"assessment_year": 2025, "task_type": "监考", "sessions": 1, "exam_type": "大学四级考试",
                    "workload": 4, "attachments": []}


def _validate(code, data):
    return list(Draft202012Validator(FORMS[code]["schema"], format_checker=FormatChecker()).iter_errors(data))


def test_t01_other_course_is_conditionally_required():
    data = example("T01")
    assert not _validate("T01", data)
    data["course_name"] = "其他课程"
    assert any("other_course_name" in e.message for e in _validate("T01", data))
    data["other_course_name"] = "人工智能导论"
    assert not _validate("T01", data)
    assert eval_rules(FORMS["T01"], data, others=[dict(data)]) == ["该课程该教学班级已填报"]
    assert eval_rules(FORMS["T01"], data, others=[dict(data, teaching_class="另一班")]) == []


def test_conditional_fields_of_library_types():
    a09 = example("A09")
    a09["long_term"] = "否"
    assert any("valid_until" in e.message for e in _validate("A09", a09))
    a02 = example("A02")
    del a02["degree_date"]
    assert any("degree_date" in e.message for e in _validate("A02", a02))
    a02["degree"] = "无"
    assert not _validate("A02", a02)
    a17 = example("A17")
    del a17["research_owner"]
    assert _validate("A17", a17)
    a17["book_type"] = "教材"
    assert not _validate("A17", a17)
    a20 = example("A20")
    a20["template_entry"] = "否"
    del a20["cases"]
    assert any("non_template_doc" in e.message for e in _validate("A20", a20))
    r05 = example("R05")
    del r05["transfer_amount"]
    assert _validate("R05", r05)
    r05["ip_kind"] = "发明专利"
    assert not _validate("R05", r05)


def test_health_rules_fire():
    a20 = example("A20")
    few = dict(a20, cases=a20["cases"][:9])
    assert [(e.validator, e.schema["x-messages"]["minItems"]) for e in _validate("A20", few)] == [
        ("minItems", "病案数量不少于10份")]
    old = copy.deepcopy(a20)
    old["cases"][2]["admit_date"] = "2020-01-05"
    assert eval_rules(FORMS["A20"], old) == ["第 3 条病案：日期须在近5年内"]
    swapped = copy.deepcopy(a20)
    swapped["cases"][0]["discharge_date"] = "2022-12-31"
    assert "第 1 条病案：出院日期不能早于入院日期" in eval_rules(FORMS["A20"], swapped)
    assert eval_rules(FORMS["A20"], dict(a20, template_entry="否", cases=[])) == []
    a21 = example("A21")
    assert [e.schema["x-messages"]["minItems"] for e in _validate("A21", dict(a21, cases=[]))] == ["病案数量不少于1份"]
    old21 = copy.deepcopy(a21)
    old21["cases"][0]["admit_date"] = "2015-01-05"
    assert eval_rules(FORMS["A21"], old21) == []  # 5-year rule off for 论文 by default (catalog §9 Q15)
    a22 = example("A22")
    short = dict(a22, references=a22["references"][:19])
    assert [e.schema["x-messages"]["minItems"] for e in _validate("A22", short)] == ["参考文献不少于20份"]
    missing = copy.deepcopy(a22)
    missing["references"][4]["ref_file"] = []
    assert eval_rules(FORMS["A22"], missing) == ["第 5 条参考文献未上传附件"]


def test_other_rules_fire():
    a04 = example("A04")
    assert eval_rules(FORMS["A04"], dict(a04, rank=a04["participants"] + 1)) == ["个人排名不能大于参与人数"]
    d02 = example("D02")
    assert eval_rules(FORMS["D02"], dict(d02, end_date="2025-02-01")) == ["结束日期不能早于开始日期"]
    t11 = example("T11")
    assert eval_rules(FORMS["T11"], dict(t11, isbn="978-7-04-059673-2")) == ["ISBN格式不正确或校验位错误"]
    t02 = example("T02")
    assert eval_rules(FORMS["T02"], dict(t02, exam_date="2026-05-08")) == ["考试日期须在所选学年学期内"]
    a06 = example("A06")
    assert eval_rules(FORMS["A06"], a06, owner_unit=None) == ["未绑定工作单位，只能保存不能提交"]
    assert eval_rules(FORMS["A06"], a06, others=[{"year": a06["year"]}]) == ["该年度的年度考核已填报"]
