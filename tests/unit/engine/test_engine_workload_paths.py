"""Every path of processes/workload_approval.bpmn (catalog §2.1–§2.4), state reloaded at every wait."""
from __future__ import annotations

import pytest
from engine_support import Instance, compiled, reload, routing

from app.engine import END_CANCELLED, ExpressionFailedError, TaskNotReadyError, WorkflowEngine

REVIEWS = ["unit_review", "dept_review", "hr_review"]


@pytest.mark.parametrize(
    ("data", "reviews", "dept_lane", "unit_step"),
    [
        (routing("T01", course_owner_dept="教务部"), REVIEWS, "教务部", True),
        (routing("T01", course_owner_dept="学工部"), REVIEWS, "学工部", True),
        (routing("T01", course_owner_dept="保卫部"), REVIEWS, "保卫部", True),
        (routing("T04"), REVIEWS, "教务部", True),
        (routing("T03"), ["dept_review", "hr_review"], "教务部", False),
        (routing("G01"), ["dept_review", "hr_review"], "研究生工作部", False),
        (routing("G02"), REVIEWS, "研究生工作部", True),
        (routing("R01", research_owner="科学技术部"), REVIEWS, "科学技术部", True),
        (routing("R01", research_owner="人文社科部"), REVIEWS, "人文社科部", True),
        (routing("M01"), ["unit_review", "hr_review"], None, True),
        (routing("D01"), ["unit_review", "hr_review"], None, True),
        (routing("D03"), ["hr_review"], None, False),
    ],
    ids=["T01-教务部", "T01-学工部", "T01-保卫部", "T04", "T03-import", "G01", "G02", "R01-科学技术部",
         "R01-人文社科部", "M01", "D01", "D03-import"],
)
def test_approved_record_passes_exactly_its_lanes(engine, data, reviews, dept_lane, unit_step):
    instance = Instance(engine)
    step = instance.start(data)
    assert dict(step.outputs) == {"unit_step": unit_step, "dept_lane": dept_lane, "hr_step": True,
                                  "final_lane": "人力资源部"}
    assert not step.is_completed and step.end_event is None
    assert instance.approve_all() == reviews
    assert instance.step.is_completed
    assert instance.step.end_event == "end_approved"
    assert instance.step.ready_user_tasks == ()
    assert [lane for _, lane in instance.trail] == [r.split("_")[0] for r in reviews]


def test_ready_task_carries_lane_and_chinese_name(engine):
    instance = Instance(engine)
    step = instance.start(routing("T01", course_owner_dept="教务部"))
    (task,) = step.ready_user_tasks
    assert (task.bpmn_id, task.name, task.lane) == ("unit_review", "二级单位审核", "unit")
    step = instance.act("unit_review", {"decision": "approve"})
    assert (step.ready_user_tasks[0].name, step.ready_user_tasks[0].lane) == ("职能部门审核", "dept")


@pytest.mark.parametrize("returning_review", REVIEWS)
def test_returned_record_resubmits_from_first_lane_with_reevaluated_tables(engine, returning_review):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    for review in REVIEWS[: REVIEWS.index(returning_review)]:
        instance.act(review, {"decision": "approve"})
    step = instance.act(returning_review, {"decision": "return"})
    (task,) = step.ready_user_tasks
    assert (task.bpmn_id, task.name, task.lane) == ("resubmit", "修改后重新提交", "applicant")
    assert step.outputs["dept_lane"] == "教务部"

    step = instance.act("resubmit", {"decision": "resubmit", **routing("T01", course_owner_dept="学工部")})
    assert instance.waiting_at() == "unit_review"
    assert step.outputs["dept_lane"] == "学工部"
    assert instance.approve_all() == REVIEWS
    assert instance.step.end_event == "end_approved"
    assert instance.step.outputs["dept_lane"] == "学工部"


def test_resubmission_can_change_the_category_route(engine):
    """A G01 returned by 研究生工作部 and resubmitted as teacher-entered G02 gains the unit step."""
    instance = Instance(engine)
    instance.start(routing("G01"))
    instance.act("dept_review", {"decision": "return"})
    step = instance.act("resubmit", {"decision": "resubmit", **routing("G02")})
    assert step.outputs["unit_step"] is True
    assert instance.approve_all() == REVIEWS


def test_import_record_returned_resubmits_to_its_first_lane(engine):
    instance = Instance(engine)
    instance.start(routing("T03"))
    instance.act("dept_review", {"decision": "approve"})
    instance.act("hr_review", {"decision": "return"})
    instance.act("resubmit", {"decision": "resubmit", **routing("T03")})
    assert instance.waiting_at() == "dept_review"


@pytest.mark.parametrize("terminating_review", REVIEWS)
def test_terminated_record_ends_at_end_terminated(engine, terminating_review):
    instance = Instance(engine)
    instance.start(routing("R02", research_owner="人文社科部"))
    for review in REVIEWS[: REVIEWS.index(terminating_review)]:
        instance.act(review, {"decision": "approve"})
    step = instance.act(terminating_review, {"decision": "terminate"})
    assert step.is_completed and step.end_event == "end_terminated" and step.ready_user_tasks == ()


def test_applicant_giving_up_after_return_ends_terminated(engine):
    instance = Instance(engine)
    instance.start(routing("M02"))
    instance.act("unit_review", {"decision": "return"})
    step = instance.act("resubmit", {"decision": "terminate"})
    assert step.is_completed and step.end_event == "end_terminated"


def test_several_return_loops_keep_working(engine):
    instance = Instance(engine)
    instance.start(routing("T02"))
    for _ in range(3):
        instance.act("unit_review", {"decision": "approve"})
        instance.act("dept_review", {"decision": "return"})
        instance.act("resubmit", {"decision": "resubmit", **routing("T02")})
    assert instance.approve_all() == REVIEWS
    assert instance.step.end_event == "end_approved"


@pytest.mark.parametrize("approvals", [0, 1, 2])
def test_cancelled_instance_is_completed_without_tasks(engine, approvals):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="保卫部"))
    for review in REVIEWS[:approvals]:
        instance.act(review, {"decision": "approve"})
    waiting = instance.step.ready_user_tasks[0]
    step = engine.cancel(instance.cache_key, compiled().spec_json, reload(instance.step.state))
    assert step.is_completed and step.end_event == END_CANCELLED and step.ready_user_tasks == ()
    assert step.outputs["dept_lane"] == "保卫部"
    with pytest.raises(TaskNotReadyError):
        engine.complete_user_task(instance.cache_key, compiled().spec_json, step.state,
                                  waiting.engine_task_id, {"decision": "approve"})


def test_cancelling_an_ended_instance_keeps_its_end(engine):
    instance = Instance(engine)
    instance.start(routing("D03"))
    instance.approve_all()
    step = engine.cancel(instance.cache_key, compiled().spec_json, instance.step.state)
    assert step.is_completed and step.end_event == "end_approved"


def test_alternative_policy_makes_the_functional_department_final(engine):
    instance = Instance(engine, policy="alternative")
    step = instance.start(routing("T01", course_owner_dept="教务部"))
    assert step.outputs["hr_step"] is False and step.outputs["final_lane"] == "教务部"
    assert instance.approve_all() == ["unit_review", "dept_review"]
    assert instance.step.end_event == "end_approved"


def test_alternative_policy_keeps_hr_for_xuegongbu_and_no_department(engine):
    for data, reviews in [(routing("T01", course_owner_dept="学工部"), REVIEWS),
                          (routing("D04"), ["hr_review"]), (routing("G01"), ["dept_review"])]:
        instance = Instance(engine, policy="alternative")
        instance.start(data)
        assert instance.approve_all() == reviews


def test_unmatched_functional_lane_fails_instead_of_routing(engine):
    """T01 without 开课主管单位 matches no row of functional_lane (catalog §2.4) → incident."""
    with pytest.raises(ExpressionFailedError) as caught:
        Instance(engine).start(routing("T01", course_owner_dept=None))
    assert caught.value.bpmn_id == "decide_functional_lane"
    assert caught.value.error_type == "NoMatchingRule"
    assert "course_owner_dept=None" in caught.value.message


def test_resubmission_without_a_matching_row_fails_instead_of_keeping_stale_route(engine):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    instance.act("unit_review", {"decision": "return"})
    with pytest.raises(ExpressionFailedError):
        instance.act("resubmit", {"decision": "resubmit", **routing("T01", course_owner_dept=None)})
    # nothing half-advanced came back: the stored (pre-request) state is still valid and can be acted on
    assert instance.waiting_at() == "resubmit"
    instance.act("resubmit", {"decision": "resubmit", **routing("T01", course_owner_dept="保卫部")})
    assert instance.step.outputs["dept_lane"] == "保卫部"


def test_unknown_review_decision_fails_at_the_gateway(engine):
    instance = Instance(engine)
    instance.start(routing("T09"))
    with pytest.raises(ExpressionFailedError) as caught:
        instance.act("unit_review", {"decision": "maybe"})
    assert caught.value.bpmn_id == "gw_unit_decision"


def test_completing_a_task_twice_is_refused(engine):
    instance = Instance(engine)
    first = instance.start(routing("T10"))
    task_id = first.ready_user_tasks[0].engine_task_id
    instance.act("unit_review", {"decision": "approve"})
    with pytest.raises(TaskNotReadyError) as caught:
        engine.complete_user_task(instance.cache_key, compiled().spec_json, instance.step.state, task_id,
                                  {"decision": "approve"})
    assert caught.value.bpmn_id == "unit_review"


@pytest.mark.parametrize("task_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_task_id_is_refused(engine, task_id):
    step = Instance(engine).start(routing("T11"))
    with pytest.raises(TaskNotReadyError):
        engine.complete_user_task("k", compiled().spec_json, step.state, task_id, {"decision": "approve"})


def test_element_states_follow_the_instance(engine):
    instance = Instance(engine)
    instance.start(routing("T01", course_owner_dept="教务部"))
    instance.act("unit_review", {"decision": "approve"})
    states = engine.element_states(instance.cache_key, compiled().spec_json, instance.step.state)
    assert states.active == ("dept_review",)
    assert states.completed[:5] == ("start", "gw_merge", "decide_functional_lane", "decide_route_steps", "gw_unit")
    assert "unit_review" in states.completed and "dept_review" not in states.completed


def test_a_fresh_engine_restores_from_spec_json_alone():
    """Another worker (cold cache) continues an instance from the stored spec_json and state."""
    step = Instance(WorkflowEngine()).start(routing("R03", research_owner="科学技术部"))
    other = WorkflowEngine()
    step = other.complete_user_task("v9", compiled().spec_json, reload(step.state),
                                    step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})
    assert step.ready_user_tasks[0].bpmn_id == "dept_review"
    assert step.next_timer_at is None
