"""Record-type form files (forms/<code>.json) against docs/forms.md and the catalog.

Pure tests: jsonschema only, no app imports. The catalog check is generated from
tests/fixtures/catalog_section1.md (a verbatim copy of catalog.md §1 up to §1.5): every type, field key,
label, type, required marker, enum value, numeric/length constraint, quoted placeholder/help text,
attachment override and quoted error message found there must match forms/.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from samples import FORM_DOCS, example, example_codes

ROOT = Path(__file__).resolve().parents[3]
FORMS_DIR = ROOT / "forms"
FIXTURES = ROOT / "tests" / "fixtures"
CATALOG = FIXTURES / "catalog_section1.md"

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
MONTH_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])$"
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


def conditional_required(schema):
    out = set()
    for clause in schema.get("allOf", []):
        for branch in ("then", "else"):
            out.update(clause.get(branch, {}).get("required", []))
    return out


def test_forms_exist():
    assert FORM_FILES, "no forms/*.json"


@pytest.mark.parametrize("code", form_ids())
def test_form_structure(code):
    form = FORMS[code]
    keys = set(form)
    assert REQUIRED_KEYS <= keys, f"missing top-level keys {REQUIRED_KEYS - keys}"
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


# --------------------------------------------------------------------------- catalog parser

TYPE_WORDS = ("string", "text", "integer", "number", "date", "month", "year", "enum", "bool", "file", "table", "user")
GROUPS = {"基本信息": "basic", "表彰考核": "honors", "能力条件": "ability", "工作业绩": "performance",
          "论文著作科研": "research_output", "对外援助": "foreign_aid", "行业专用": "health"}


@dataclass
class FieldSpec:
    key: str
    label: str
    kind: str = "string"
    req: str = "R"
    values: list | None = None
    constraints: dict = field(default_factory=dict)
    attachment: dict | None = None
    placeholder: str | None = None
    help: str | None = None
    last_value: str | None = None
    routing: bool = False
    children_ref: str | None = None  # "Same child rows as A20"
    relations: list = field(default_factory=list)  # [("date_order", "开始日期"), ("lte", "参与人数"), ("isbn",) …]


@dataclass
class TypeSpec:
    code: str
    title: str | None = None
    family: str = "workload"
    category: str | None = None
    entry: str | None = None
    pay: str | None = None
    fields: list = field(default_factory=list)
    children: dict = field(default_factory=dict)
    copy_of: str | None = None
    messages: list = field(default_factory=list)
    search_placeholder: str | None = None
    list_labels: list = field(default_factory=list)
    min_items: dict = field(default_factory=dict)


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _constraints(text, kind):
    out = {}
    text = text.replace("**", "")
    m = re.search(r"≥\s*(\d+(?:\.\d+)?)(?!\s*(?:MB))", text)
    if m and kind in ("integer", "number"):
        out["minimum"] = int(m.group(1))
    m = re.search(r"(?<![≥<=])>\s*(\d+)", text)
    if m and kind in ("integer", "number"):
        out["exclusiveMinimum"] = int(m.group(1))
    m = re.search(r"\b(\d+)\s*[–-]\s*(\d+)\b", text)
    if m and kind == "integer":
        out["minimum"], out["maximum"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"≤\s*(\d+)(?!\s*MB)", text)
    if m and kind in ("string", "text"):
        out["maxLength"] = int(m.group(1))
    m = re.search(r"at most (\d+) decimals", text)
    if m and kind == "number":
        out["x-decimals"] = int(m.group(1))
    return out


def _parse_type_cell(cell):
    """'enum: a, b' / 'file: doc/docx, ≤ 10 MB, max 1' / 'text ≤ 300' / 'integer 0–150' / 'enum (year)'."""
    cell = cell.replace("**", "").strip()
    if cell.startswith("enum (year)"):
        return "year", None, {}, None
    kind = next((w for w in TYPE_WORDS if cell.startswith(w)), None)
    assert kind, f"unknown catalog type {cell!r}"
    values, attachment = None, None
    if kind == "enum" and cell.startswith("enum:"):
        values = [v.strip() for v in cell[len("enum:"):].split(",")]
    if kind == "file":
        attachment = {}
        if cell.startswith("file:"):
            for part in cell[len("file:"):].split(","):
                part = part.strip()
                if m := re.match(r"≤\s*(\d+)\s*MB", part):
                    attachment["max_mb"] = int(m.group(1))
                elif m := re.match(r"max\s+(\d+)", part):
                    attachment["max_files"] = int(m.group(1))
                else:
                    attachment["types"] = part.split("/")
    return kind, values, _constraints(cell[len(kind):], kind), attachment


def _req(cell):
    cell = cell.replace("*", "").strip()
    if cell in ("✱", "R"):
        return "R"
    if cell.startswith("C"):
        return "C"
    if cell in ("—", "-", "system"):
        return "—"
    raise AssertionError(f"unknown req marker {cell!r}")


def _field_from_row(cells, with_src):
    key = cells[0].strip("`")
    label, type_cell, req_cell = cells[1], cells[2], cells[3]
    notes = cells[5] if with_src else cells[4]
    kind, values, cons, attachment = _parse_type_cell(type_cell)
    f = FieldSpec(key=key, label=label, kind=kind, req=_req(req_cell), values=values, attachment=attachment)
    f.constraints = {**cons, **_constraints(notes, kind)}
    if m := re.search(r"Placeholder 「([^」]+)」", notes):
        f.placeholder = m.group(1)
    if m := re.search(r"(?:Help text:|help)\s*「([^」]+)」", notes):
        f.help = m.group(1)
    if m := re.search(r"The last option is \*\*([^*]+)\*\*", notes):
        f.last_value = m.group(1)
    f.routing = "Routing" in notes
    if m := re.search(r"Same child rows as (A\d\d)", notes):
        f.children_ref = m.group(1)
    f.relations = _relations(notes)
    return f


def _relations(notes):
    """Cross-field rules stated in the notes that JSON Schema cannot express."""
    out = []
    if m := re.search(r"≥ ([^\s.,;)0-9][^\s.,;)]*)", notes):
        out.append(("date_order", m.group(1)))
    if found := re.findall(r"≤ ([^\s.,;)0-9\[][^\s.,;)\[]*)", notes):
        out.append(("lte", found[-1]))
    if "check digit" in notes:
        out.append(("isbn",))
    if "Must fall in the chosen term" in notes:
        out.append(("in_term",))
    return out


def _split_top(text, sep=";"):
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [p.strip() for p in parts + [cur] if p.strip()]


def _compact_fields(text):
    """'项目名称 `project_name`; 项目编号 `project_no` (—); 项目级别 `project_level` (enum: 国家级, 省级)'."""
    out = []
    for item in _split_top(text.strip().rstrip(".")):
        m = re.match(r"^(.+?) `(\w+)`(?: \((.*)\))?$", item)
        assert m, f"cannot parse compact field {item!r}"
        f = FieldSpec(key=m.group(2), label=m.group(1).strip())
        for part in _split_top(m.group(3) or ""):
            if part.startswith("enum:"):
                f.kind, f.values = "enum", [v.strip() for v in part[len("enum:"):].split(",")]
                continue
            for sub in (s.strip() for s in part.split(",")):
                if sub == "R":
                    f.req = "R"
                elif sub == "—":
                    f.req = "—"
                elif sub == "C" or sub.startswith("C:"):
                    f.req = "C"
                elif (word := sub.split(" ")[0]) in TYPE_WORDS:
                    f.kind = word
                    f.constraints.update(_constraints(sub[len(word):], word))
                    f.relations += _relations(sub)
        out.append(f)
    return out


def parse_catalog(text):
    types: dict[str, TypeSpec] = {}
    category_codes = {}
    common_before, common_after, research_common = [], [], []
    owner = None  # list of codes, or "COMMON" / "RESEARCH"
    header = None
    child = None
    common_seen_marker = False
    last_codes = []

    def spec(code):
        return types.setdefault(code, TypeSpec(code=code, family="library" if code.startswith("A") else "workload"))

    group = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("#"):
            header, child, owner = None, None, None
            if line.startswith("#### 1.3.0"):
                owner = "COMMON"
            elif line.startswith("#### 1.3.3"):
                owner = "RESEARCH"
            if m := re.match(r"#### 1\.4\.\d+ (\S+)", line):
                group = GROUPS.get(m.group(1))
            continue
        # category table of §1.2
        if m := re.match(r"^\| `(teaching|graduate|research|mentoring|dynamic)` \| (\S+) \|", line):
            category_codes[m.group(2)] = m.group(1)
            continue
        # register of §1.3
        if m := re.match(r"^\| ([TGRMD]\d\d) \| ", line):
            cells = _cells(line)
            if len(cells) == 8:
                s = spec(cells[0])
                s.title, s.category = cells[1], category_codes[cells[2]]
                s.entry = cells[3]
                s.pay = cells[4].replace("**", "").split(" ")[0]
                continue
        # per-type texts (also inside table rows): search placeholder, list columns, error messages, minimum counts
        if isinstance(owner, list) and not line.startswith("**"):
            for code in owner:
                s = spec(code)
                if m := re.search(r"Search placeholder: 「([^」]+)」", line):
                    s.search_placeholder = m.group(1)
                if m := re.match(r"- List columns: (.+?)\.(?: |$)", line):
                    s.list_labels = [c.strip() for c in re.sub(r"\([^)]*\)", "", m.group(1)).split(",")]
                for m in re.finditer(r"(?:rejected with|Error messages:|, and) 「([^」]+)」", line):
                    s.messages.append(m.group(1))
                for m in re.finditer(r"at least (\d+) (case|reference)", line.replace("**", "")):
                    s.min_items[m.group(2) + "s"] = int(m.group(1))
        # type header lines: **T01 课程教学工作量** … (several codes on one line allowed)
        heads = re.findall(r"\*\*([TGRMDA]\d\d) ([^*]+?)\*\*", line)
        if heads and line.startswith("**"):
            last_codes = [c for c, _ in heads]
            owner, child = last_codes, None
            for code, title in heads:
                s = spec(code)
                if s.family == "library":
                    s.title, s.category = title.strip(), group
            if m := re.search(r"\b([TGRMD]\d\d)'s fields", line):
                for code in last_codes:
                    spec(code).copy_of = m.group(1)
            if m := re.search(r"\]: (.+)$", line):  # G02–G04 prose
                for code in last_codes:
                    spec(code).fields.extend(_compact_fields(m.group(1)))
            continue
        if line.startswith("| key |"):
            header = len(_cells(line))
            continue
        if line.startswith("| Code | Type fields"):
            header = "compact"
            continue
        if m := re.search(r"Child rows \(`(\w+)\[\]`\)", line):
            child = m.group(1)
            continue
        if line.startswith("|") and header == "compact":
            cells = _cells(line)
            if m := re.match(r"^([TGRMD]\d\d) ", cells[0]):
                s = spec(m.group(1))
                if c := re.match(r"^([TGRMD]\d\d)'s fields", cells[1]):
                    s.copy_of = c.group(1)
                else:
                    s.fields.extend(_compact_fields(cells[1]))
            continue
        if line.startswith("| `") and header in (6, 5):
            cells = _cells(line)
            f = _field_from_row(cells, with_src=header == 6)
            if owner == "COMMON":
                if f.key == "assessment_year" or not common_seen_marker:
                    common_before.append(f)
                else:
                    common_after.append(f)
            elif owner == "RESEARCH":
                research_common.append(f)
            elif owner:
                for code in owner:
                    s = spec(code)
                    if child:
                        s.children.setdefault(child, []).append(f)
                    else:
                        s.fields.append(f)
            continue
        if line.startswith("| *(type fields)*"):
            common_seen_marker = True
            continue
    # resolve copies and assemble workload field lists
    for s in types.values():
        if s.copy_of:
            src = types[s.copy_of]
            s.fields = copy.deepcopy(src.fields)
    for s in types.values():
        for f in s.fields:
            if f.children_ref:
                s.children[f.key] = copy.deepcopy(types[f.children_ref].children[f.key])
        if s.family == "workload":
            common_keys = {f.key for f in common_before + common_after}
            own = [f for f in s.fields if f.key not in common_keys]
            research = research_common if s.category == "research" else []
            s.fields = copy.deepcopy(common_before + research + own + common_after)
    # enums listed without values ("enum" / "As for A11"): reuse the values of the same key elsewhere
    known = {}
    for s in types.values():
        for f in s.fields:
            if f.kind == "enum" and f.values:
                known.setdefault(f.key, f.values)
    for s in types.values():
        for f in s.fields:
            if f.kind == "enum" and not f.values and f.key in known and f.key == "research_owner":
                f.values = known[f.key]
    return types


CATALOG_TYPES = parse_catalog(CATALOG.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- catalog checker

def _check_field(where, f: FieldSpec, prop, ui_entry, required, cond_required):
    errs = []
    if prop.get("title") != f.label:
        errs.append(f"{where}: label {prop.get('title')!r} != catalog {f.label!r}")
    t, kind = prop.get("type"), f.kind
    shape_ok = {
        "string": t == "string" and "enum" not in prop and "format" not in prop
        and ui_entry.get("ui:widget") != "textarea",
        "text": t == "string" and "enum" not in prop and ui_entry.get("ui:widget") == "textarea",
        "integer": t == "integer" and "enum" not in prop,
        "number": t == "number",
        "date": t == "string" and prop.get("format") == "date",
        "month": t == "string" and prop.get("pattern") == MONTH_PATTERN,
        "year": t == "integer" and prop.get("minimum", 0) >= 1900 and prop.get("maximum", 10**6) <= 2100,
        "enum": t == "string" and bool(prop.get("enum")),
        "bool": t == "string" and prop.get("enum") == ["是", "否"],
        "file": t == "array" and prop.get("items") == {"type": "integer"} and isinstance(prop.get("x-attachment"), dict),
        "table": t == "array" and prop.get("items", {}).get("type") == "object",
        "user": t == "string",
    }[kind]
    if not shape_ok:
        errs.append(f"{where}: catalog type {kind!r} does not match schema {json.dumps(prop, ensure_ascii=False)}")
    if f.values is not None and prop.get("enum") != f.values:
        errs.append(f"{where}: enum {prop.get('enum')} != catalog {f.values}")
    if f.last_value and (prop.get("enum") or [None])[-1] != f.last_value:
        errs.append(f"{where}: last enum value must be {f.last_value!r}")
    if f.req == "R" and f.key not in required:
        errs.append(f"{where}: catalog marks it required (✱/R) but it is not in `required`")
    if f.req != "R" and f.key in required:
        errs.append(f"{where}: catalog marks it {f.req} but it is in `required`")
    if f.req == "C" and f.key not in cond_required and not prop.get("x-required-by"):
        errs.append(f"{where}: conditional (C) field has no allOf/if/then `required` clause")
    if f.req == "—" and f.key in cond_required:
        errs.append(f"{where}: optional field is conditionally required")
    for kw, val in f.constraints.items():
        if kw == "x-decimals" and prop.get("readOnly"):
            continue  # computed by a decision table, not typed
        if prop.get(kw) != val:
            errs.append(f"{where}: {kw} {prop.get(kw)!r} != catalog {val!r}")
    if f.attachment is not None and prop.get("x-attachment") != f.attachment:
        errs.append(f"{where}: x-attachment {prop.get('x-attachment')} != catalog {f.attachment}")
    if f.placeholder and ui_entry.get("ui:placeholder") != f.placeholder:
        errs.append(f"{where}: ui:placeholder {ui_entry.get('ui:placeholder')!r} != catalog {f.placeholder!r}")
    if f.help and ui_entry.get("ui:help") != f.help:
        errs.append(f"{where}: ui:help {ui_entry.get('ui:help')!r} != catalog {f.help!r}")
    return errs


def _check_relations(where, f: FieldSpec, siblings, rules, table):
    """A cross-field rule in the catalog notes must be in `rules` (scoped to the child table for child fields)."""
    errs = []
    by_label = {s.label: s.key for s in siblings}
    scoped = [r for r in rules if r.get("field") == table] if table else rules
    for rel in f.relations:
        kind = rel[0]
        other = by_label.get(rel[1]) if len(rel) > 1 else None
        if len(rel) > 1 and other is None:
            errs.append(f"{where}: catalog relation {rel} names no field of the type")
            continue
        if kind == "date_order":
            ok = any(r["kind"] == "date_order" and r.get("start") == other and r.get("end") == f.key
                     and r.get("field") == table for r in rules)
        elif kind == "lte":
            ok = any(r["kind"] == "lte" and r.get("field") == f.key and r.get("other") == other for r in scoped)
        else:
            ok = any(r["kind"] == kind and r.get("field") == f.key for r in scoped)
        if not ok:
            errs.append(f"{where}: catalog rule {rel} is missing from `rules`")
    return errs


def _x_messages(node):
    """All `x-messages` texts anywhere in a schema."""
    if isinstance(node, dict):
        yield from node.get("x-messages", {}).values()
        for value in node.values():
            yield from _x_messages(value)
    elif isinstance(node, list):
        for value in node:
            yield from _x_messages(value)


def check_form(spec: TypeSpec, form: dict | None) -> list[str]:
    """Every difference between a catalog type and its form file, as readable messages."""
    if form is None:
        return [f"{spec.code}: no forms/{spec.code}.json"]
    errs = []
    for attr, got, want in (("title", form.get("title"), spec.title), ("family", form.get("family"), spec.family),
                            ("category", form.get("category"), spec.category)):
        if got != want:
            errs.append(f"{spec.code}: {attr} {got!r} != catalog {want!r}")
    if spec.family == "workload":
        if form.get("entry_mode") != spec.entry:
            errs.append(f"{spec.code}: entry_mode {form.get('entry_mode')!r} != catalog {spec.entry!r}")
        if form.get("pay_attribute") != spec.pay:
            errs.append(f"{spec.code}: pay_attribute {form.get('pay_attribute')!r} != catalog {spec.pay!r}")
    schema = form.get("schema", {})
    props = schema.get("properties", {})
    ui = form.get("uiSchema", {})
    expected = [f.key for f in spec.fields]
    for key in expected:
        if key not in props:
            errs.append(f"{spec.code}: field {key!r} missing")
    for key in props:
        if key not in expected:
            errs.append(f"{spec.code}: field {key!r} is not in the catalog")
    present = [k for k in props if k in expected]
    if present != [k for k in expected if k in props]:
        errs.append(f"{spec.code}: field order {present} != catalog {expected}")
    required = set(schema.get("required", []))
    cond_req = conditional_required(schema)
    for f in spec.fields:
        if f.key not in props:
            continue
        where = f"{spec.code}.{f.key}"
        errs += _check_field(where, f, props[f.key], ui.get(f.key, {}), required, cond_req)
        errs += _check_relations(where, f, spec.fields, form.get("rules", []), None)
        if f.routing and f.key not in form.get("routing_fields", []):
            errs.append(f"{where}: catalog routing input missing from routing_fields")
        if f.kind == "table":
            items = props[f.key].get("items", {})
            cprops = items.get("properties", {})
            cui = ui.get(f.key, {}).get("items", {})
            want = spec.children.get(f.key, [])
            if [c.key for c in want] != list(cprops):
                errs.append(f"{where}: child fields {list(cprops)} != catalog {[c.key for c in want]}")
            for c in want:
                if c.key in cprops:
                    errs += _check_field(f"{where}[].{c.key}", c, cprops[c.key], cui.get(c.key, {}),
                                         set(items.get("required", [])), set())
                    errs += _check_relations(f"{where}[].{c.key}", c, want, form.get("rules", []), f.key)
            if f.key in spec.min_items and props[f.key].get("minItems") != spec.min_items[f.key]:
                errs.append(f"{where}: minItems {props[f.key].get('minItems')} != catalog "
                            f"{spec.min_items[f.key]}")
    messages = {r.get("message") for r in form.get("rules", [])} | set(_x_messages(schema))
    for msg in spec.messages:
        if msg not in messages:
            errs.append(f"{spec.code}: catalog error message 「{msg}」 is in neither `rules` nor `x-messages`")
    if spec.search_placeholder and form.get("search_placeholder") != spec.search_placeholder:
        errs.append(f"{spec.code}: search_placeholder {form.get('search_placeholder')!r} != catalog "
                    f"{spec.search_placeholder!r}")
    by_label = {f.label: f.key for f in spec.fields}
    for label in spec.list_labels:
        if label in by_label and by_label[label] not in form.get("list_columns", []):
            errs.append(f"{spec.code}: catalog list column {label} ({by_label[label]}) not in list_columns")
    return errs


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


def _term_range(term):
    y1, y2, t = term.split("-")
    if t == "1":
        return dt.date(int(y1), 9, 1), dt.date(int(y2), 3, 1) - dt.timedelta(days=1)
    return dt.date(int(y2), 3, 1), dt.date(int(y2), 8, 31)


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
            if data.get(rule["field"]) and data.get(rule["term"]):
                lo, hi = _term_range(data[rule["term"]])
                if not lo <= dt.date.fromisoformat(data[rule["field"]]) <= hi:
                    msgs.append(rule["message"])
        elif kind == "prefill":
            if not owner_unit:
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
