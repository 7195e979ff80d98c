"""会签 / 或签 properties, 退回上一步 and 抄送 in the engine adapter and the lint (issue 11 item 4)."""
from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import Instance, reload, routing

from app.engine import DefinitionInvalidError, EngineStep, ReadyUserTask, TaskNotReadyError, WorkflowEngine

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "processes" / "multi_signer_sample.bpmn"


def _with(old: str, new: str) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def test_the_sample_process_exposes_sign_modes_on_its_tasks_and_cc_roles_on_the_process(engine):
    compiled = engine.compile_process(SAMPLE.read_bytes(), [], "multi_signer_sample")
    assert compiled.properties == {"cc_roles": "unit_admin,hr_admin"}
    step = engine.start("sample", compiled.spec_json, {})
    (unit,) = step.ready_user_tasks
    assert (unit.bpmn_id, dict(unit.properties), unit.previous_task_id) == ("unit_review", {}, None)
    step = engine.complete_user_task("sample", compiled.spec_json, reload(step.state), unit.engine_task_id,
                                     {"decision": "approve"})
    (countersign,) = step.ready_user_tasks
    assert countersign.bpmn_id == "hr_countersign" and dict(countersign.properties) == {"sign_mode": "all"}
    assert countersign.previous_task_id == unit.engine_task_id
    step = engine.complete_user_task("sample", compiled.spec_json, reload(step.state), countersign.engine_task_id,
                                     {"decision": "approve"})
    assert dict(step.ready_user_tasks[0].properties) == {"sign_mode": "any"}


def _at_dept_review(engine) -> tuple[Instance, ReadyUserTask, ReadyUserTask]:
    """A T01 instance whose unit review approved: (instance, the unit task, the dept task now READY)."""
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    unit = instance.step.ready_user_tasks[0]
    instance.act("unit_review", {"decision": "approve"})
    return instance, unit, instance.step.ready_user_tasks[0]


def _return_previous(engine, instance: Instance, task: ReadyUserTask) -> EngineStep:
    return engine.return_to_previous(instance.cache_key, instance.spec(), reload(instance.step.state),
                                     task.engine_task_id)


def test_return_to_previous_reopens_the_previous_review_under_the_same_task_id(engine):
    instance, _, dept = _at_dept_review(engine)
    instance.act("dept_review", {"decision": "approve"})
    hr = instance.step.ready_user_tasks[0]
    assert hr.previous_task_id == dept.engine_task_id
    instance.step = _return_previous(engine, instance, hr)
    (again,) = instance.step.ready_user_tasks
    assert (again.bpmn_id, again.engine_task_id) == ("dept_review", dept.engine_task_id)
    assert not instance.step.is_completed and instance.step.outputs["dept_lane"] == "教务部"
    assert instance.approve_all() == ["dept_review", "hr_review"]
    assert instance.step.end_event == "end_approved"


def test_return_to_previous_twice_walks_back_to_the_first_review_and_no_further(engine):
    instance, unit, dept = _at_dept_review(engine)
    instance.step = _return_previous(engine, instance, dept)
    (again,) = instance.step.ready_user_tasks
    assert (again.bpmn_id, again.previous_task_id) == ("unit_review", None)
    assert again.engine_task_id == unit.engine_task_id
    with pytest.raises(TaskNotReadyError, match="no previous user task"):
        _return_previous(engine, instance, again)


def test_after_a_return_loop_the_previous_task_of_the_first_review_is_the_applicants(engine):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    instance.act("unit_review", {"decision": "return"})
    resubmit = instance.step.ready_user_tasks[0]
    instance.act("resubmit", {"decision": "resubmit"})
    unit = instance.step.ready_user_tasks[0]
    assert unit.bpmn_id == "unit_review" and unit.previous_task_id == resubmit.engine_task_id


@pytest.mark.parametrize(("old", "new", "message"), [
    ('name="sign_mode" value="all"', 'name="sign_mode" value="__import__(\'os\').system(\'id\')"',
     "sign_mode '__import__('os').system('id')' must be one of all, any"),
    ('name="sign_mode" value="any"', 'name="sign_mode" value="most"', "sign_mode 'most' must be one of all, any"),
    ('name="cc_roles" value="unit_admin,hr_admin"', 'name="cc_roles" value="hr_admin; import os"',
     "cc_roles 'hr_admin; import os' must be comma-separated role codes"),
    ('name="cc_roles"', 'name="sign_mode"', "property 'sign_mode' belongs on a bpmn:userTask, not on bpmn:process"),
])
def test_the_lint_refuses_bad_signer_and_cc_properties(engine, old, new, message):
    issues = [issue.message for issue in engine.lint_bpmn(_with(old, new))]
    assert message in issues
    with pytest.raises(DefinitionInvalidError):
        engine.compile_process(_with(old, new), [], "multi_signer_sample")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("<spiffworkflow:property name=\"sign_mode\" value=\"all\"/>",
     "<spiffworkflow:property name=\"sign_mode\" value=\"all\"/></spiffworkflow:properties>"
     "<spiffworkflow:preScript>import os</spiffworkflow:preScript><spiffworkflow:properties>",
     "element spiffworkflow:preScript is not allowed (scripts are disabled)"),
    ("decision == 'approve'</bpmn:conditionExpression>",
     "__import__('os').system('id') == 0</bpmn:conditionExpression>", "bpmn:conditionExpression"),
    ('<bpmn:userTask id="hr_final"', '<bpmn:scriptTask id="x"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>'
     '<bpmn:userTask id="hr_final"', "element bpmn:scriptTask is not allowed (scripts are disabled)"),
    ('<bpmn:userTask id="hr_countersign" name="人力资源部会签">',
     '<bpmn:userTask id="hr_countersign" name="人力资源部会签"><bpmn:multiInstanceLoopCharacteristics>'
     '<bpmn:completionCondition>__import__("os")</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>',
     "element bpmn:multiInstanceLoopCharacteristics is not allowed (multi-instance tasks are not supported yet)"),
])
def test_the_lint_still_refuses_code_in_a_process_with_signer_steps(engine, old, new, message):
    issues = [issue.message for issue in engine.lint_bpmn(_with(old, new))]
    assert any(message in issue for issue in issues), issues


def test_a_property_value_is_never_evaluated():
    engine = WorkflowEngine()
    compiled = engine.compile_process(_with('name="cc_roles" value="unit_admin,hr_admin"',
                                            'name="note" value="__import__(\'os\').system(\'touch pwned\')"'),
                                      [], "multi_signer_sample")
    step = engine.start("note", compiled.spec_json, {})
    assert step.ready_user_tasks[0].bpmn_id == "unit_review"
    assert not (Path.cwd() / "pwned").exists()
