"""合计 (catalog §5.4): filtering the inbox by a teacher's 账号 shows that teacher's pending records of
the type with the sum of their 工作量, which equals the sum of that teacher's records the role can see."""
from flows import DEPT, SEED000_T04, TEACHER_JSGZB, TEACHER_WXY, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, create, inbox


def test_total_after_filtering_by_account_is_the_teachers_visible_sum(login_as):
    for teacher, admin, sessions in ((TEACHER_JSGZB, UNIT_ADMIN_JSGZB, (1, 2, 5)), (TEACHER_WXY, UNIT_ADMIN_WXY, (3, 4))):
        for n in sessions:
            create(login_as(teacher), "T04", SEED000_T04 | {"sessions": n}, submit=True)
        unit = login_as(admin)
        unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "filter": {"record_type": "T04"}})
    dept = login_as(DEPT["教务部"])                 # 教务部 sees both units' records
    everything = inbox(dept, record_type="T04", page_size=100)
    assert {i["record"]["owner"]["account"] for i in everything["items"]} == {TEACHER_JSGZB, TEACHER_WXY}
    filtered = inbox(dept, record_type="T04", q=TEACHER_JSGZB, page_size=100)
    visible = [i["record"] for i in everything["items"] if i["record"]["owner"]["account"] == TEACHER_JSGZB]
    assert filtered["total"] == len(visible) == 3
    assert filtered["totals"]["workload"] == sum(r["workload"] for r in visible) == 4 * (1 + 2 + 5)
    assert {i["record"]["owner"]["account"] for i in filtered["items"]} == {TEACHER_JSGZB}
