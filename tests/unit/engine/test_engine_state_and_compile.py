"""Spec-free state, spec JSON, compilation results and deploy-time errors (engine-notes §1, §4)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from engine_support import PROCESS_KEY, PROCESSES, RULES, Instance, compiled, read, routing
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer import DEFAULT_CONFIG

from app.engine import SERIALIZER_VERSION, DefinitionInvalidError, EngineError, LintIssue, get_engine
from app.engine.serialization import load_spec, load_state

BPMN = read(PROCESSES / f"{PROCESS_KEY}.bpmn")
DMNS = [read(p) for p in sorted(RULES.glob("*.dmn"))]


def test_compiled_process_describes_the_shipped_bpmn():
    process = compiled()
    assert process.key == "workload_approval"
    assert process.decision_ids == ("functional_lane", "route_steps")
    assert process.lanes == ("applicant", "unit", "dept", "hr")
    assert set(process.user_task_ids) == {"resubmit", "unit_review", "dept_review", "hr_review"}
    assert json.loads(process.spec_json)["serializer_version"] == SERIALIZER_VERSION


def test_shipped_process_lints_clean_and_names_its_decisions(engine):
    assert engine.lint_bpmn(BPMN) == []
    assert engine.referenced_decisions(BPMN) == ("functional_lane", "route_steps")


def test_state_is_spec_free_and_much_smaller_than_the_full_serialization(engine):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    state = instance.step.state
    dct = json.loads(state)
    assert "spec" not in dct and "subprocess_specs" not in dct
    assert dct["serializer_version"] == SERIALIZER_VERSION and dct["spec_name"] == PROCESS_KEY
    assert "教务部" in state and "\\u" not in state          # ensure_ascii=False
    assert ", " not in state and '": ' not in state          # compact separators

    workflow = load_state(state, load_spec(compiled().spec_json))
    full = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(DEFAULT_CONFIG)).serialize_json(workflow)
    assert len(state) * 2 < len(full)


def test_state_survives_a_json_round_trip_at_every_wait(engine):
    instance = Instance(engine)
    step = instance.start(routing("G03"))
    while step.ready_user_tasks:
        reloaded = json.dumps(json.loads(step.state), ensure_ascii=True, indent=2)   # any JSON re-encoding
        step = engine.complete_user_task("rt", compiled().spec_json, reloaded,
                                         step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})
    assert step.end_event == "end_approved"


def test_cache_key_reused_with_another_spec_rebuilds(engine):
    step = engine.start("shared-key", compiled("default").spec_json, routing("T05"))
    assert step.outputs["hr_step"] is True
    step = engine.start("shared-key", compiled("alternative").spec_json, routing("T05"))
    assert step.outputs["hr_step"] is False


def test_corrupt_inputs_raise_engine_errors(engine):
    with pytest.raises(EngineError):
        engine.start("corrupt-spec", '{"spec": 1}', routing("T02"))
    with pytest.raises(EngineError):
        engine.element_states("v", compiled().spec_json, '{"tasks": {}}')


def test_get_engine_is_a_singleton():
    assert get_engine() is get_engine()


def test_lint_issue_renders_with_its_line():
    issue = LintIssue(12, "element bpmn:scriptTask is not allowed")
    assert str(issue) == "line 12: element bpmn:scriptTask is not allowed"


def test_missing_decision_is_reported_at_the_business_rule_task(engine):
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(BPMN, [read(RULES / "functional_lane.dmn")], PROCESS_KEY)
    (issue,) = caught.value.issues
    assert "route_steps" in issue.message
    assert BPMN.decode().splitlines()[issue.line - 1].strip().startswith("<spiffworkflow:calledDecisionId>route_steps")


def test_unknown_process_key_is_refused(engine):
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(BPMN, DMNS, "library_approval")
    assert "library_approval" in caught.value.message


def test_xsd_error_is_reported_with_its_line(engine):
    broken = BPMN.replace(b'<bpmn:userTask id="unit_review"', b'<bpmn:userTask bogus="1" id="unit_review"', 1)
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(broken, DMNS, PROCESS_KEY)
    line = next(n for n, text in enumerate(broken.decode().splitlines(), 1) if 'bogus="1"' in text)
    assert caught.value.issues[0].line == line


def test_dangling_sequence_flow_is_refused(engine):
    broken = BPMN.replace(b'targetRef="end_approved"', b'targetRef="end_nowhere"', 1)
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(broken, DMNS, PROCESS_KEY)
    assert "targetRef 'end_nowhere' does not exist" in caught.value.issues[0].message


def test_malformed_xml_is_reported_with_its_line(engine):
    issues = engine.lint_bpmn(b'<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="x">\n<oops>\n</bpmn:definitions>')
    assert issues and issues[0].line == 4 and "malformed" in issues[0].message


def test_lanes_must_be_known_and_user_tasks_must_sit_in_one(engine):
    document = BPMN.replace(b'name="dept">', b'name="college">', 1).replace(
        b"<bpmn:flowNodeRef>hr_review</bpmn:flowNodeRef>", b"", 1)
    messages = [issue.message for issue in engine.lint_bpmn(document)]
    assert any("lane name 'college'" in m for m in messages)
    assert any("userTask 'hr_review' is not in a lane" in m for m in messages)


def test_foreign_extensions_are_refused(engine):
    camunda = b'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:spiffworkflow='
    document = BPMN.replace(b"xmlns:spiffworkflow=", camunda, 1)
    document = document.replace(b"<spiffworkflow:calledDecisionId>route_steps</spiffworkflow:calledDecisionId>",
                                b"<spiffworkflow:calledDecisionId>route_steps</spiffworkflow:calledDecisionId>"
                                b"<camunda:executionListener event=\"start\"/>", 1)
    assert any("camunda:executionListener" in issue.message for issue in engine.lint_bpmn(document))


def test_dmn_issues_inside_compile_process_name_the_decision(engine):
    evil = read(RULES / "route_steps.dmn").replace(b"<text>False</text>", b"<text>open('/etc/passwd')</text>", 1)
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(BPMN, [read(RULES / "functional_lane.dmn"), evil], PROCESS_KEY)
    assert "decision 'route_steps'" in caught.value.issues[0].message
    assert "call to 'open'" in caught.value.issues[0].message


TIMER_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://t">
  <bpmn:process id="timed" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l" name="unit"><bpmn:flowNodeRef>review</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="审核">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="overdue" attachedToRef="review" cancelActivity="false">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="td">
        <bpmn:timeDuration>escalate_after</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="overdue" targetRef="end_overdue"/>
    <bpmn:endEvent id="end_overdue"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def test_waiting_timer_sets_next_timer_at(engine):
    process = engine.compile_process(TIMER_PROCESS, [], "timed")
    before = datetime.now(UTC)
    step = engine.start("timed", process.spec_json, {"escalate_after": "P3D"})
    assert step.ready_user_tasks[0].bpmn_id == "review"
    assert step.next_timer_at is not None and step.next_timer_at.tzinfo is not None
    assert before + timedelta(days=3) <= step.next_timer_at <= datetime.now(UTC) + timedelta(days=3)
    step = engine.complete_user_task("timed", process.spec_json, step.state,
                                     step.ready_user_tasks[0].engine_task_id, {})
    assert step.end_event == "end" and step.next_timer_at is None
