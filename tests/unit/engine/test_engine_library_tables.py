"""Decision tables library_lane and library_steps, row by row (catalog §2.5).

The invariant: every achievement-library record is reviewed by exactly one functional department, which
is the final reviewer (hr_step false); records the unit entered skip the unit lane, all others pass it.
"""
from __future__ import annotations

import itertools

import pytest
from engine_support import RESEARCH_TYPES, RULES, library_forms, read, reversed_rules
from lxml import etree

from app.engine import ExpressionFailedError

LIBRARY_LANE = read(RULES / "library_lane.dmn")
LIBRARY_STEPS = read(RULES / "library_steps.dmn")
"""catalog §2.5 rows L2/L3 (research achievements, routed by 归属单位)."""
HR_TYPES = ("A01", "A02", "A03", "A05", "A06", "A08", "A09", "A10", "A15",
            "A18", "A19", "A20", "A21", "A22", "A23")
"""catalog §2.5: 「Row L7 covers A01–A03, A05, A06, A08–A10, A15, A18–A23, I01 and I04 (non-management posts)」."""
OWNERS = ("科学技术部", "人文社科部")
BOOK_TYPES = ("专著", "译著", "编著", "教材")


def lane_inputs(record_type, book_type=None, post_category=None, teaching_level=None, research_owner=None):
    return {"record_type": record_type, "book_type": book_type, "post_category": post_category,
            "teaching_level": teaching_level, "research_owner": research_owner}


LANE_ROWS = [
    ("L1", lane_inputs("A17", "教材"), "教务部"),
    ("L1", lane_inputs("A17", "教材", research_owner="科学技术部"), "教务部"),
    ("L1", lane_inputs("A17", "教材", research_owner="人文社科部"), "教务部"),
    ("L2", lane_inputs("A04", research_owner="科学技术部"), "科学技术部"),
    ("L2", lane_inputs("A17", "专著", research_owner="科学技术部"), "科学技术部"),
    ("L2", lane_inputs("A16", research_owner="科学技术部"), "科学技术部"),
    ("L3", lane_inputs("A07", research_owner="人文社科部"), "人文社科部"),
    ("L3", lane_inputs("A17", "译著", research_owner="人文社科部"), "人文社科部"),
    ("L3", lane_inputs("A14", research_owner="人文社科部"), "人文社科部"),
    ("L4", lane_inputs("I04", post_category="管理岗位"), "组织部"),
    ("L5", lane_inputs("I05", teaching_level="本科"), "教务部"),
    ("L6", lane_inputs("I05", teaching_level="研究生"), "研究生工作部"),
    ("L7a", lane_inputs("A01"), "人力资源部"),
    ("L7a", lane_inputs("A06", research_owner="科学技术部"), "人力资源部"),
    ("L7a", lane_inputs("A23"), "人力资源部"),
    ("L7a", lane_inputs("I01"), "人力资源部"),
    ("L7b", lane_inputs("I04", post_category="专业技术岗位"), "人力资源部"),
    ("L7b", lane_inputs("I04", post_category="工勤技能岗位"), "人力资源部"),
]


def only_rule(dmn: bytes, rule_id: str) -> bytes:
    """The same table with every rule but ``rule_id`` removed."""
    root = etree.fromstring(dmn)
    table = root.find(".//{*}decisionTable")
    for rule in table.findall("{*}rule"):
        if rule.get("id") != rule_id:
            table.remove(rule)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(("row", "inputs", "dept_lane"), LANE_ROWS)
def test_library_lane_row(engine, row, inputs, dept_lane):
    assert engine.evaluate_decision("library_lane", LIBRARY_LANE, inputs) == {"dept_lane": dept_lane}
    # and it is this row that matches
    assert engine.evaluate_decision(f"library_lane:{row}", only_rule(LIBRARY_LANE, row), inputs) == {"dept_lane": dept_lane}


def test_every_row_of_the_table_is_tested():
    """The parametrized rows above name every rule id of the shipped table."""
    root = etree.fromstring(LIBRARY_LANE)
    ids = {rule.get("id") for rule in root.iterfind(".//{*}rule")}
    tested = {row for row, _inputs, _dept_lane in LANE_ROWS}
    assert ids == tested == {"L1", "L2", "L3", "L4", "L5", "L6", "L7a", "L7b"}


@pytest.mark.parametrize(
    "inputs",
    [lane_inputs("A04"), lane_inputs("A17", "专著"), lane_inputs("A16", research_owner="教务部"),
     lane_inputs("A17", None, research_owner=None), lane_inputs("I05"), lane_inputs("I05", teaching_level="专科")],
    ids=["A04-no-owner", "A17-no-owner", "A16-bad-owner", "A17-nothing", "I05-no-level", "I05-bad-level"],
)
def test_library_lane_has_no_silent_fallback(engine, inputs):
    """A research type without a valid 归属单位 is not sent to 人力资源部 by L7: no row matches
    (inside the process that is an incident, see test_engine_library_paths)."""
    assert engine.evaluate_decision("library_lane", LIBRARY_LANE, inputs) == {}


def expected_dept(record_type: str, book_type: str | None, research_owner: str | None) -> str:
    """catalog §2.5 for the A-types, written independently of the table."""
    if record_type == "A17" and book_type == "教材":
        return "教务部"
    if record_type in RESEARCH_TYPES:
        return research_owner
    return "人力资源部"


def library_cases():
    """Every A-type with every valid value of its routing fields (forms/A*.json enums)."""
    for code, form in library_forms().items():
        properties = form["schema"]["properties"]
        books = properties["book_type"]["enum"] if "book_type" in form["routing_fields"] else [None]
        owners = properties["research_owner"]["enum"] if "research_owner" in form["routing_fields"] else [None]
        for book, owner in itertools.product(books, owners):
            yield code, book, owner
        if code == "A17":
            yield code, "教材", None          # research_owner is hidden (and optional) for 教材


def test_every_achievement_type_routes_to_its_department(engine):
    seen = set()
    for code, book, owner in library_cases():
        result = engine.evaluate_decision("library_lane", LIBRARY_LANE, lane_inputs(code, book, research_owner=owner))
        assert result == {"dept_lane": expected_dept(code, book, owner)}, (code, book, owner)
        seen.add(code)
    assert seen == set(RESEARCH_TYPES) | set(HR_TYPES) == {f"A{n:02d}" for n in range(1, 24)}


def test_forms_declare_exactly_the_routing_fields_the_table_reads():
    """A research type's form routes by research_owner (A17 also by book_type); the others route by nothing."""
    for code, form in library_forms().items():
        assert form["process_key"] == "library_approval", code
        expected = {"A17": ["book_type", "research_owner"]}.get(code, ["research_owner"] if code in RESEARCH_TYPES else [])
        assert form["routing_fields"] == expected, code


def test_library_lane_rows_are_disjoint(engine):
    """Row order does not matter (UNIQUE is honest): same result with the rows reversed."""
    backwards = reversed_rules(LIBRARY_LANE)
    for record_type, book, post, level, owner in itertools.product(
            ("A01", "A04", "A17", "I01", "I04", "I05"), (None, "专著", "教材"), (None, "管理岗位", "专业技术岗位"),
            (None, "本科", "研究生"), (None, "科学技术部", "人文社科部")):
        inputs = lane_inputs(record_type, book, post, level, owner)
        assert engine.evaluate_decision("ll", LIBRARY_LANE, inputs) == \
            engine.evaluate_decision("ll-reversed", backwards, inputs), inputs


def steps_result(engine, origin, dmn=LIBRARY_STEPS, key="library_steps", dept_lane="教务部"):
    """library_steps as the process evaluates it: after library_lane, so ``dept_lane`` is in the data."""
    return engine.evaluate_decision(key, dmn, {"origin": origin, "dept_lane": dept_lane})


@pytest.mark.parametrize(
    ("row", "origin", "unit_step"),
    [("S1", "unit_import", False), ("S2", "teacher", True), ("S2", "self_import", True), ("S2", None, True)],
)
def test_library_steps_row(engine, row, origin, unit_step):
    assert steps_result(engine, origin) == {"unit_step": unit_step, "hr_step": False, "final_lane": "教务部"}
    assert steps_result(engine, origin, dept_lane="人力资源部")["final_lane"] == "人力资源部"   # L7: the table says so


def test_library_steps_rows_are_disjoint_and_never_add_hr(engine):
    """hr_step is false in every row: library_approval has no hr lane, the department is final."""
    backwards = reversed_rules(LIBRARY_STEPS)
    for origin in ("teacher", "unit_import", "self_import", None):
        forwards = steps_result(engine, origin)
        assert forwards["hr_step"] is False
        assert forwards == steps_result(engine, origin, backwards, "ls-reversed"), origin
    root = etree.fromstring(LIBRARY_STEPS)
    hr_cells = [rule.findall("{*}outputEntry")[1].findtext("{*}text").strip() for rule in root.iterfind(".//{*}rule")]
    assert hr_cells == ["False", "False"]


def test_missing_routing_input_is_an_error_not_a_route(engine):
    with pytest.raises(ExpressionFailedError):
        engine.evaluate_decision("library_lane", LIBRARY_LANE, {"record_type": "A04"})
