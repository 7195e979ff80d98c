"""Moving an instance onto a new process version (engine-notes §5): a waiting task whose element is gone keeps
the instance on its version; otherwise it moves, keeps its waiting task and routes by the data it is given."""
from __future__ import annotations

import pytest
from lxml import etree

from app.engine import MigrationRefusedError, WorkflowEngine

from engine_support import PROCESSES, RULES

T01_BAOWEI = {"record_type": "T01", "category": "teaching", "origin": "teacher", "course_owner_dept": "保卫部",
              "research_owner": None}


def _compile(engine: WorkflowEngine, bpmn: bytes, lane_table: bytes):
    return engine.compile_process(bpmn, [lane_table, (RULES / "route_steps.dmn").read_bytes()], "workload_approval")


@pytest.fixture(scope="module")
def versions():
    engine = WorkflowEngine()
    bpmn, lanes = (PROCESSES / "workload_approval.bpmn").read_bytes(), (RULES / "functional_lane.dmn").read_bytes()
    merged = lanes.replace('<outputEntry id="F3_dept_lane"><text>"保卫部"</text>'.encode(),
                           '<outputEntry id="F3_dept_lane"><text>"学工部"</text>'.encode())
    assert merged != lanes
    return engine, _compile(engine, bpmn, lanes), _compile(engine, bpmn, merged), _compile(engine, _without_hr(bpmn), lanes)


HR_STEP = {"hr_review", "gw_hr_decision", "f_hr_needed", "f_hr_done", "f_hr_approve", "f_hr_return", "f_hr_terminate"}


def _without_hr(bpmn: bytes) -> bytes:
    """workload_approval without its 人力资源部审核 step: gw_hr goes to end_approved only."""
    root = etree.fromstring(bpmn)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.get("id") in HR_STEP or element.get("bpmnElement") in HR_STEP or (element.text or "").strip() in HR_STEP:
            element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_an_instance_waiting_at_the_unit_step_moves_and_follows_the_new_routing_outputs(versions):
    engine, v1, v2, _ = versions
    step = engine.start("1", v1.spec_json, T01_BAOWEI)
    assert [t.bpmn_id for t in step.ready_user_tasks] == ["unit_review"] and step.outputs["dept_lane"] == "保卫部"
    check = engine.check_migration("1", v1.spec_json, step.state, "2", v2.spec_json)
    assert check.can_move and check.changed == ("decide_functional_lane",)
    moved = engine.migrate("1", v1.spec_json, step.state, "2", v2.spec_json, {"dept_lane": "学工部"})
    assert moved.ready_user_tasks == step.ready_user_tasks          # the same waiting task, same engine id
    after = engine.complete_user_task("2", v2.spec_json, moved.state, moved.ready_user_tasks[0].engine_task_id,
                                      {"decision": "approve"})
    assert [t.bpmn_id for t in after.ready_user_tasks] == ["dept_review"] and after.outputs["dept_lane"] == "学工部"


def test_an_instance_waiting_at_a_removed_task_cannot_move(versions):
    engine, v1, _, v3 = versions
    step = engine.start("1", v1.spec_json, {**T01_BAOWEI, "course_owner_dept": "教务部"})
    for _ in range(2):                                              # unit, then dept: now at hr_review
        step = engine.complete_user_task("1", v1.spec_json, step.state, step.ready_user_tasks[0].engine_task_id,
                                         {"decision": "approve"})
    assert [t.bpmn_id for t in step.ready_user_tasks] == ["hr_review"]
    check = engine.check_migration("1", v1.spec_json, step.state, "3", v3.spec_json)
    assert not check.can_move and check.removed_waiting == ("hr_review",)
    with pytest.raises(MigrationRefusedError):
        engine.migrate("1", v1.spec_json, step.state, "3", v3.spec_json, {})
    early = engine.start("1", v1.spec_json, T01_BAOWEI)            # still at the unit step: hr_review only predicted
    assert engine.check_migration("1", v1.spec_json, early.state, "3", v3.spec_json).can_move
