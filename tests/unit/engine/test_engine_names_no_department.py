"""Rules out of Python: the engine adapter names no department and derives no lane (issue 7 item 4).

The final reviewer (``final_lane``) and every lane decision are decision-table outputs (rules/); the
adapter only copies them (``app.engine.steps.ROUTING_OUTPUTS``).
"""
from __future__ import annotations

import json
from pathlib import Path

from engine_support import Instance, routing

ENGINE = Path(__file__).parents[3] / "app" / "engine"
ORG = json.loads((Path(__file__).parents[3] / "app" / "demo" / "demo-org.json").read_text(encoding="utf-8"))


def test_no_unit_or_department_name_appears_in_the_engine_adapter():
    names = {unit["name"] for unit in ORG["units"]} | {"人力资源部", "教务部", "科学技术部", "人文社科部"}
    for path in ENGINE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [name for name in names if name in text], path.name


def test_final_lane_is_whatever_the_steps_table_says(engine):
    step = Instance(engine).start(routing("T01", course_owner_dept="教务部"))
    assert step.outputs["final_lane"] == "人力资源部" and step.outputs["hr_step"] is True
    step = Instance(engine, policy="alternative").start(routing("T01", course_owner_dept="教务部"))
    assert step.outputs["final_lane"] == "教务部" and step.outputs["hr_step"] is False
