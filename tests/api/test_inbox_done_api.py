"""已审核 (catalog §5.1): the review tasks the caller's lane completed, newest first, read-only."""
from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create, inbox


def test_done_lists_the_lanes_decisions_with_result_and_reviewer(login_as):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    first = create(teacher, "T04", SEED000_T04, submit=True)
    second = create(teacher, "T04", SEED000_T04 | {"exam_type": "研究生入学考试"}, submit=True)
    act(unit, first["id"], "approve")
    act(unit, second["id"], "return", comment="请补充附件")

    done = inbox(unit, state="done", record_type="T04")
    assert done["total"] == 2 and done["totals"]["workload"] == 8
    assert [(i["record"]["id"], i["outcome"], i["outcome_label"]) for i in done["items"]] == [
        (second["id"], "return", "退回"), (first["id"], "approve", "通过")]
    assert {i["completed_by"]["name"] for i in done["items"]} == {"曹阳"}
    assert not any(i["can_act"] for i in done["items"]) and all(i["completed_at"] for i in done["items"])
    assert inbox(unit, record_type="T04")["total"] == 0          # nothing left 待审核


def test_an_unknown_inbox_state_is_refused(login_as):
    response = login_as(UNIT_ADMIN_JSGZB).get("/api/v1/tasks", query_string={"state": "all"})
    assert response.status_code == 422
