"""Every path of processes/library_approval.bpmn (catalog §2.1, §2.5), state reloaded from JSON at every wait.

Route: [二级单位 (skipped for records the unit entered)] → 职能部门 of library_lane (final) → 审核通过,
with 退回 → 修改后重新提交 → the tables again, and 终止 at every lane.
"""
from __future__ import annotations

import pytest
from engine_support import (PROCESSES, RESEARCH_TYPES, RULES, LibraryInstance, library_compiled, library_forms,
                            library_routing, read, reload)

from app.engine import END_CANCELLED, ExpressionFailedError, TaskNotReadyError, WorkflowEngine

REVIEWS = ["unit_review", "dept_review"]


def type_cases():
    """(id, start data, dept_lane) for every A-type (A17 with each 类型), catalog §2.5."""
    for code in library_forms():
        if code == "A17":
            yield "A17-教材", library_routing(code, book_type="教材"), "教务部"
            for book in ("专著", "译著", "编著"):
                yield f"A17-{book}-科技", library_routing(code, book_type=book, research_owner="科学技术部"), "科学技术部"
                yield f"A17-{book}-人文", library_routing(code, book_type=book, research_owner="人文社科部"), "人文社科部"
        elif code in RESEARCH_TYPES:
            yield f"{code}-科技", library_routing(code, research_owner="科学技术部"), "科学技术部"
            yield f"{code}-人文", library_routing(code, research_owner="人文社科部"), "人文社科部"
        else:
            yield code, library_routing(code), "人力资源部"


TYPE_CASES = list(type_cases())


@pytest.mark.parametrize(("data", "dept_lane"), [case[1:] for case in TYPE_CASES], ids=[c[0] for c in TYPE_CASES])
def test_teacher_record_passes_unit_then_its_department(engine, data, dept_lane):
    instance = LibraryInstance(engine)
    step = instance.start(data)
    assert dict(step.outputs) == {"unit_step": True, "dept_lane": dept_lane, "hr_step": False,
                                  "final_lane": dept_lane}
    assert not step.is_completed and step.end_event is None
    assert instance.approve_all() == REVIEWS
    assert instance.step.is_completed and instance.step.end_event == "end_approved"
    assert instance.step.ready_user_tasks == ()
    assert instance.trail == [("unit_review", "unit"), ("dept_review", "dept")]
    assert instance.step.outputs["final_lane"] == dept_lane


def test_every_achievement_type_is_covered():
    assert {data["record_type"] for _, data, _ in TYPE_CASES} == {f"A{n:02d}" for n in range(1, 24)}


@pytest.mark.parametrize(
    ("data", "dept_lane"),
    [(library_routing("A01", origin="unit_import"), "人力资源部"),
     (library_routing("A04", origin="unit_import", research_owner="科学技术部"), "科学技术部"),
     (library_routing("A16", origin="unit_import", research_owner="人文社科部"), "人文社科部"),
     (library_routing("A17", origin="unit_import", book_type="教材"), "教务部"),
     (library_routing("A19", origin="unit_import"), "人力资源部")],
    ids=["A01", "A04", "A16", "A17-教材", "A19"],
)
def test_unit_entered_record_skips_the_unit_lane(engine, data, dept_lane):
    instance = LibraryInstance(engine)
    step = instance.start(data)
    assert dict(step.outputs) == {"unit_step": False, "dept_lane": dept_lane, "hr_step": False,
                                  "final_lane": dept_lane}
    assert instance.approve_all() == ["dept_review"]
    assert instance.step.end_event == "end_approved"
    assert instance.trail == [("dept_review", "dept")]


@pytest.mark.parametrize("origin", ["teacher", "self_import"])
def test_every_other_origin_passes_the_unit_lane(engine, origin):
    instance = LibraryInstance(engine)
    step = instance.start(library_routing("A20", origin=origin))
    assert step.outputs["unit_step"] is True
    assert instance.approve_all() == REVIEWS


def test_teacher_information_rows_run_in_the_process(engine):
    """The I-type rows of library_lane (L4–L6) route too when the service sends post_category/teaching_level."""
    for data, dept_lane in [(library_routing("I04", category="teacher_info", post_category="管理岗位"), "组织部"),
                            (library_routing("I04", category="teacher_info", post_category="专业技术岗位"), "人力资源部"),
                            (library_routing("I05", category="teacher_info", teaching_level="研究生"), "研究生工作部"),
                            (library_routing("I01", category="teacher_info", origin="unit_import"), "人力资源部")]:
        instance = LibraryInstance(engine)
        assert instance.start(data).outputs["final_lane"] == dept_lane
        assert instance.approve_all()[-1] == "dept_review"


def test_ready_tasks_carry_lane_and_chinese_name(engine):
    instance = LibraryInstance(engine)
    (task,) = instance.start(library_routing("A02")).ready_user_tasks
    assert (task.bpmn_id, task.name, task.lane) == ("unit_review", "二级单位审核", "unit")
    (task,) = instance.act("unit_review", {"decision": "approve"}).ready_user_tasks
    assert (task.bpmn_id, task.name, task.lane) == ("dept_review", "职能部门审核", "dept")
    (task,) = instance.act("dept_review", {"decision": "return"}).ready_user_tasks
    assert (task.bpmn_id, task.name, task.lane) == ("resubmit", "修改后重新提交", "applicant")


@pytest.mark.parametrize("returning_review", REVIEWS)
def test_returned_record_resubmits_from_first_lane_with_reevaluated_tables(engine, returning_review):
    """research_owner corrected on resubmission: the record goes to the other department (catalog §2.7)."""
    instance = LibraryInstance(engine)
    instance.start(library_routing("A11", research_owner="科学技术部"))
    for review in REVIEWS[: REVIEWS.index(returning_review)]:
        instance.act(review, {"decision": "approve"})
    step = instance.act(returning_review, {"decision": "return"})
    assert instance.waiting_at() == "resubmit" and step.outputs["dept_lane"] == "科学技术部"
    assert not step.is_completed

    step = instance.act("resubmit", {"decision": "resubmit", **library_routing("A11", research_owner="人文社科部")})
    assert instance.waiting_at() == "unit_review"
    assert dict(step.outputs) == {"unit_step": True, "dept_lane": "人文社科部", "hr_step": False,
                                  "final_lane": "人文社科部"}
    assert instance.approve_all() == REVIEWS
    assert instance.step.end_event == "end_approved"
    assert instance.step.outputs["final_lane"] == "人文社科部"


def test_book_type_changed_to_textbook_goes_to_jiaowubu(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A17", book_type="专著", research_owner="人文社科部"))
    instance.act("unit_review", {"decision": "approve"})
    instance.act("dept_review", {"decision": "return"})
    step = instance.act("resubmit", {"decision": "resubmit", **library_routing("A17", book_type="教材")})
    assert step.outputs["dept_lane"] == "教务部"
    assert instance.approve_all() == REVIEWS
    assert instance.trail[-1] == ("dept_review", "dept")


def test_unit_entered_record_returned_resubmits_to_its_first_lane(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A04", origin="unit_import", research_owner="人文社科部"))
    instance.act("dept_review", {"decision": "return"})
    step = instance.act("resubmit", {"decision": "resubmit",
                                     **library_routing("A04", origin="unit_import", research_owner="科学技术部")})
    assert instance.waiting_at() == "dept_review"
    assert step.outputs["dept_lane"] == "科学技术部" and step.outputs["unit_step"] is False


def test_several_return_loops_keep_working(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A09"))
    for returning_review in ["unit_review", "dept_review", "unit_review", "dept_review"]:
        while instance.waiting_at() != returning_review:
            instance.act(instance.waiting_at(), {"decision": "approve"})
        instance.act(returning_review, {"decision": "return"})
        instance.act("resubmit", {"decision": "resubmit", **library_routing("A09")})
    assert instance.approve_all() == REVIEWS
    assert instance.step.end_event == "end_approved"


@pytest.mark.parametrize(("origin", "terminating_review"),
                         [("teacher", "unit_review"), ("teacher", "dept_review"), ("unit_import", "dept_review")])
def test_terminated_record_ends_at_end_terminated(engine, origin, terminating_review):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A12", origin=origin, research_owner="科学技术部"))
    while instance.waiting_at() != terminating_review:
        instance.act(instance.waiting_at(), {"decision": "approve"})
    step = instance.act(terminating_review, {"decision": "terminate"})
    assert step.is_completed and step.end_event == "end_terminated" and step.ready_user_tasks == ()


@pytest.mark.parametrize("returning_review", REVIEWS)
def test_applicant_giving_up_after_return_ends_terminated(engine, returning_review):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A05"))
    if returning_review == "dept_review":
        instance.act("unit_review", {"decision": "approve"})
    instance.act(returning_review, {"decision": "return"})
    step = instance.act("resubmit", {"decision": "terminate"})
    assert step.is_completed and step.end_event == "end_terminated" and step.ready_user_tasks == ()


@pytest.mark.parametrize("approvals", [0, 1])
def test_cancelled_instance_is_completed_without_tasks(engine, approvals):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A13", research_owner="人文社科部"))
    for review in REVIEWS[:approvals]:
        instance.act(review, {"decision": "approve"})
    waiting = instance.step.ready_user_tasks[0]
    step = engine.cancel(instance.cache_key, instance.spec_json, reload(instance.step.state))
    assert step.is_completed and step.end_event == END_CANCELLED and step.ready_user_tasks == ()
    assert step.outputs["dept_lane"] == "人文社科部"
    with pytest.raises(TaskNotReadyError):
        engine.complete_user_task(instance.cache_key, instance.spec_json, step.state, waiting.engine_task_id,
                                  {"decision": "approve"})


def test_research_record_without_owner_fails_instead_of_routing(engine):
    """No row of library_lane matches (catalog §2.4/§2.5 policy: never silently misrouted) → incident."""
    with pytest.raises(ExpressionFailedError) as caught:
        LibraryInstance(engine).start(library_routing("A04"))
    assert caught.value.bpmn_id == "decide_library_lane"
    assert caught.value.error_type == "NoMatchingRule"
    assert "research_owner=None" in caught.value.message


def test_resubmission_without_a_matching_row_fails_and_keeps_the_stored_state(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A07", research_owner="科学技术部"))
    instance.act("unit_review", {"decision": "return"})
    with pytest.raises(ExpressionFailedError):
        instance.act("resubmit", {"decision": "resubmit", **library_routing("A07", research_owner=None)})
    assert instance.waiting_at() == "resubmit"
    instance.act("resubmit", {"decision": "resubmit", **library_routing("A07", research_owner="人文社科部")})
    assert instance.step.outputs["dept_lane"] == "人文社科部"


def test_a_table_without_a_department_fails_at_gw_dept_instead_of_approving(engine):
    """The department is final: gw_dept has no default flow, so dept_lane None (e.g. a mis-edited table)
    is an incident, never an approval without review."""
    lane = read(RULES / "library_lane.dmn").replace(
        '<outputEntry id="L7a_dept_lane"><text>"人力资源部"</text>'.encode(),
        b'<outputEntry id="L7a_dept_lane"><text>None</text>')
    assert lane != read(RULES / "library_lane.dmn")
    variant = engine.compile_process(read(PROCESSES / "library_approval.bpmn"),
                                     [lane, read(RULES / "library_steps.dmn")], "library_approval")
    instance = LibraryInstance(engine, policy="no-department", spec_json=variant.spec_json)
    instance.start(library_routing("A01"))
    with pytest.raises(ExpressionFailedError) as caught:
        instance.act("unit_review", {"decision": "approve"})
    assert caught.value.bpmn_id == "gw_dept"
    with pytest.raises(ExpressionFailedError) as caught:
        LibraryInstance(engine, policy="no-department", spec_json=variant.spec_json).start(
            library_routing("A01", origin="unit_import"))
    assert caught.value.bpmn_id == "gw_dept"


@pytest.mark.parametrize(("review", "gateway"), [("unit_review", "gw_unit_decision"), ("dept_review", "gw_dept_decision")])
def test_unknown_review_decision_fails_at_the_gateway(engine, review, gateway):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A10"))
    if review == "dept_review":
        instance.act("unit_review", {"decision": "approve"})
    with pytest.raises(ExpressionFailedError) as caught:
        instance.act(review, {"decision": "maybe"})
    assert caught.value.bpmn_id == gateway
    assert instance.waiting_at() == review


def test_unknown_resubmit_decision_fails_at_gw_resubmit(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A15"))
    instance.act("unit_review", {"decision": "return"})
    with pytest.raises(ExpressionFailedError) as caught:
        instance.act("resubmit", {"decision": "approve"})
    assert caught.value.bpmn_id == "gw_resubmit"


def test_completing_a_task_twice_is_refused(engine):
    instance = LibraryInstance(engine)
    task_id = instance.start(library_routing("A18")).ready_user_tasks[0].engine_task_id
    instance.act("unit_review", {"decision": "approve"})
    with pytest.raises(TaskNotReadyError) as caught:
        engine.complete_user_task(instance.cache_key, instance.spec_json, instance.step.state, task_id,
                                  {"decision": "approve"})
    assert caught.value.bpmn_id == "unit_review"


def test_element_states_follow_the_instance(engine):
    instance = LibraryInstance(engine)
    instance.start(library_routing("A17", book_type="教材"))
    instance.act("unit_review", {"decision": "approve"})
    states = engine.element_states(instance.cache_key, instance.spec_json, instance.step.state)
    assert states.active == ("dept_review",)
    assert states.completed[:5] == ("start", "gw_merge", "decide_library_lane", "decide_library_steps", "gw_unit")
    assert "unit_review" in states.completed and "gw_dept" in states.completed
    assert "dept_review" not in states.completed


def test_a_fresh_engine_restores_from_spec_json_alone():
    """Another worker (cold cache) continues an instance from the stored spec_json and state."""
    step = LibraryInstance(WorkflowEngine()).start(library_routing("A21"))
    other = WorkflowEngine()
    step = other.complete_user_task("v1", library_compiled().spec_json, reload(step.state),
                                    step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})
    assert step.ready_user_tasks[0].bpmn_id == "dept_review"
    step = other.complete_user_task("v1", library_compiled().spec_json, reload(step.state),
                                    step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})
    assert step.is_completed and step.end_event == "end_approved" and step.next_timer_at is None
