"""合计 (catalog §5.4) and 待处理人: filtering the inbox by a teacher's 账号 shows that teacher's pending records of
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


def test_the_detail_shows_who_the_record_waits_on(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    detail = teacher.ok("GET", f"/api/v1/records/{record['id']}")
    assert detail["waiting_on"]["lane_label"] == "二级单位审核"
    assert detail["waiting_on"]["unit"] == "教师工作部" and detail["waiting_on"]["people"] == ["曹阳"]
    login_as(UNIT_ADMIN_JSGZB).ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "filter": {"record_type": "T04"}})
    waiting = teacher.ok("GET", f"/api/v1/records/{record['id']}")["waiting_on"]
    assert (waiting["lane"], waiting["unit"], waiting["people"]) == ("dept", "教务部", ["邓超"])
