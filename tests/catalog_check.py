"""The catalog as test data: parse catalog.md §1 (tests/fixtures/catalog_section1.md, a verbatim copy up
to §1.5) into one ``TypeSpec`` per record type, and compare a form file with it (``check_form``).

Every type, field key, label, type, required marker, enum value, numeric/length constraint, quoted
placeholder/help text, attachment override and quoted error message found there is compared.
Used by tests/unit/forms/test_form_files.py; pure (no app imports).
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "tests" / "fixtures" / "catalog_section1.md"
MONTH_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])$"


def conditional_required(schema):
    """Field keys required by some ``allOf`` branch (``then``/``else``) of a form schema."""
    out = set()
    for clause in schema.get("allOf", []):
        for branch in ("then", "else"):
            out.update(clause.get(branch, {}).get("required", []))
    return out


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
    return [p.strip() for p in [*parts, cur] if p.strip()]


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
"""code → TypeSpec of every record type in catalog §1."""


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


