"""Decision tables functional_lane and route_steps, row by row, under both policies (catalog §2.3, §2.4).

The invariant (catalog §2.1, S000 二(二)2(4)): every workload record type, with every value of its
routing fields, ends in one of the five final lanes; under the default policy always 人力资源部.
"""
from __future__ import annotations

import itertools

import pytest
from engine_support import FINAL_LANES, REGISTER, RULES, Instance, read, reversed_rules, routing

from app.engine import ExpressionFailedError, WorkflowEngine

FUNCTIONAL_LANE = read(RULES / "functional_lane.dmn")
ROUTE_STEPS = {"default": read(RULES / "route_steps.dmn"),
               "alternative": read(RULES / "alternatives" / "route_steps.dmn")}
FOUR = ("教务部", "科学技术部", "人文社科部", "研究生工作部")
DEPARTMENTS = (None, "教务部", "学工部", "保卫部", "科学技术部", "人文社科部", "研究生工作部")


def lane_inputs(category, record_type, course_owner_dept=None, research_owner=None):
    return {"category": category, "record_type": record_type, "course_owner_dept": course_owner_dept,
            "research_owner": research_owner}


@pytest.mark.parametrize(
    ("row", "inputs", "dept_lane"),
    [
        ("F1", lane_inputs("teaching", "T01", "教务部"), "教务部"),
        ("F2", lane_inputs("teaching", "T01", "学工部"), "学工部"),
        ("F3", lane_inputs("teaching", "T01", "保卫部"), "保卫部"),
        ("F4", lane_inputs("teaching", "T02"), "教务部"),
        ("F4", lane_inputs("teaching", "T19", "学工部"), "教务部"),
        ("F5", lane_inputs("graduate", "G01"), "研究生工作部"),
        ("F5", lane_inputs("graduate", "G04", "保卫部", "人文社科部"), "研究生工作部"),
        ("F6", lane_inputs("research", "R01", None, "科学技术部"), "科学技术部"),
        ("F7", lane_inputs("research", "R05", None, "人文社科部"), "人文社科部"),
        ("F8", lane_inputs("mentoring", "M01"), None),
        ("F9", lane_inputs("dynamic", "D03", "教务部", "科学技术部"), None),
    ],
)
def test_functional_lane_row(engine, row, inputs, dept_lane):
    assert engine.evaluate_decision("functional_lane", FUNCTIONAL_LANE, inputs) == {"dept_lane": dept_lane}


@pytest.mark.parametrize(
    "inputs",
    [lane_inputs("teaching", "T01", None), lane_inputs("teaching", "T01", "研究生工作部"),
     lane_inputs("research", "R01", None, None), lane_inputs("research", "R02", None, "教务部"),
     lane_inputs("library", "A01")],
)
def test_functional_lane_has_no_catch_all(engine, inputs):
    assert engine.evaluate_decision("functional_lane", FUNCTIONAL_LANE, inputs) == {}


def steps_inputs(record_type, origin, dept_lane):
    return {"record_type": record_type, "origin": origin, "dept_lane": dept_lane}


@pytest.mark.parametrize(
    ("row", "inputs", "expected"),
    [
        ("U1", steps_inputs("G01", "teacher", "研究生工作部"), (False, True)),
        ("U1", steps_inputs("G01", "unit_import", None), (False, True)),
        ("U2", steps_inputs("T03", "unit_import", "教务部"), (False, True)),
        ("U2", steps_inputs("D03", "unit_import", None), (False, True)),
        ("U3", steps_inputs("T01", "teacher", "学工部"), (True, True)),
        ("U3", steps_inputs("M01", "teacher", None), (True, True)),
    ],
)
def test_route_steps_default_row(engine, row, inputs, expected):
    result = engine.evaluate_decision("route_steps:default", ROUTE_STEPS["default"], inputs)
    assert (result["unit_step"], result["hr_step"]) == expected


@pytest.mark.parametrize(
    ("row", "inputs", "expected"),
    [
        ("U1a", steps_inputs("G01", "teacher", "研究生工作部"), (False, False)),
        ("U1b", steps_inputs("G01", "teacher", None), (False, True)),
        ("U2a", steps_inputs("T03", "unit_import", "教务部"), (False, False)),
        ("U2b", steps_inputs("D04", "unit_import", None), (False, True)),
        ("U3a", steps_inputs("R01", "teacher", "科学技术部"), (True, False)),
        ("U3a", steps_inputs("R02", "teacher", "人文社科部"), (True, False)),
        ("U3a", steps_inputs("G02", "teacher", "研究生工作部"), (True, False)),
        ("U3b", steps_inputs("T01", "teacher", "学工部"), (True, True)),
        ("U3b", steps_inputs("T01", "teacher", "保卫部"), (True, True)),
        ("U3b", steps_inputs("M03", "teacher", None), (True, True)),
    ],
)
def test_route_steps_alternative_row(engine, row, inputs, expected):
    result = engine.evaluate_decision("route_steps:alternative", ROUTE_STEPS["alternative"], inputs)
    assert (result["unit_step"], result["hr_step"]) == expected


def test_functional_lane_rows_are_disjoint(engine):
    """Row order does not matter (UNIQUE is honest): same result with the rows reversed."""
    backwards = reversed_rules(FUNCTIONAL_LANE)
    categories = ("teaching", "graduate", "research", "mentoring", "dynamic")
    for category, record_type, dept, owner in itertools.product(categories, ("T01", "T02", "G01", "R01", "M01"),
                                                                DEPARTMENTS, DEPARTMENTS):
        inputs = lane_inputs(category, record_type, dept, owner)
        assert engine.evaluate_decision("fl", FUNCTIONAL_LANE, inputs) == \
            engine.evaluate_decision("fl-reversed", backwards, inputs), inputs


@pytest.mark.parametrize("policy", ["default", "alternative"])
def test_route_steps_rows_are_disjoint_and_total(engine, policy):
    backwards = reversed_rules(ROUTE_STEPS[policy])
    for record_type, origin, dept in itertools.product(("G01", "T01", "T03", "D03"), ("teacher", "unit_import"),
                                                       DEPARTMENTS):
        inputs = steps_inputs(record_type, origin, dept)
        forwards = engine.evaluate_decision(f"rs-{policy}", ROUTE_STEPS[policy], inputs)
        assert set(forwards) == {"unit_step", "hr_step", "final_lane"}, inputs
        assert forwards["final_lane"] == ("人力资源部" if forwards["hr_step"] else dept), inputs
        assert forwards == engine.evaluate_decision(f"rs-{policy}-reversed", backwards, inputs), inputs


def register_cases():
    """Every record type of catalog §1.3 with every valid value of its routing fields."""
    for code, (category, _entry) in REGISTER.items():
        depts = ("教务部", "学工部", "保卫部") if code == "T01" else (None, "教务部", "学工部", "保卫部")
        owners = ("科学技术部", "人文社科部") if category == "research" else (None, "科学技术部", "人文社科部")
        for dept, owner in itertools.product(depts, owners):
            yield code, routing(code, course_owner_dept=dept, research_owner=owner)


@pytest.mark.parametrize("policy", ["default", "alternative"])
def test_every_workload_record_ends_in_a_final_lane(policy):
    engine = WorkflowEngine()
    seen = set()
    for code, data in register_cases():
        step = Instance(engine, policy=policy).start(data)
        outputs = step.outputs
        assert outputs["final_lane"] in FINAL_LANES, (code, data, dict(outputs))
        if policy == "default":
            assert outputs["final_lane"] == "人力资源部" and outputs["hr_step"] is True
        else:
            expected = outputs["dept_lane"] if outputs["dept_lane"] in FOUR else "人力资源部"
            assert outputs["final_lane"] == expected, (code, data, dict(outputs))
        assert outputs["unit_step"] is (REGISTER[code][1] == "teacher" and code != "G01")
        first = step.ready_user_tasks[0].bpmn_id
        assert first == ("unit_review" if outputs["unit_step"] else
                         "dept_review" if outputs["dept_lane"] else "hr_review")
        seen.add(code)
    assert seen == set(REGISTER)


def test_missing_routing_input_is_an_error_not_a_route(engine):
    with pytest.raises(ExpressionFailedError):
        engine.evaluate_decision("functional_lane", FUNCTIONAL_LANE, {"category": "teaching"})
