"""The seed-000 example end to end (S000 一(二)6–7, 二(二)): 赵志睿 files T04, three units approve."""
from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create, task_for


def test_seed000_teacher_saves_submits_and_three_units_approve(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04)
    assert record["status"] == "draft" and record["status_label"] == "未提交"
    assert record["workload"] == 4                      # 监考 1 场 → 4, computed by rules/workload_T04.dmn
    assert record["owner"]["name"] == "赵志睿" and record["owner_unit"] == "教师工作部"

    submitted = teacher.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    assert submitted["status_label"] == "审核中"

    unit, jwb, hr = login_as(UNIT_ADMIN_JSGZB), login_as(DEPT["教务部"]), login_as(HR)
    assert task_for(jwb, record["id"]) is None and task_for(hr, record["id"]) is None
    item = task_for(unit, record["id"])
    assert item["name"] == "二级单位审核" and item["can_act"] is True
    act(unit, record["id"], comment="情况属实")
    assert task_for(unit, record["id"]) is None
    act(jwb, record["id"])
    done = act(hr, record["id"], comment="同意")
    assert done["record"]["status"] == "approved"

    listing = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04"})
    assert [r["status_label"] for r in listing["items"]] == ["已完成"]
    assert listing["totals"]["workload"] == 4 and listing["total"] == 1
    done_tab = teacher.ok("GET", "/api/v1/records", query_string={"record_type": "T04", "status": "approved"})
    assert done_tab["total"] == 1 and done_tab["tabs"]["approved"] == 1

    trail = teacher.ok("GET", f"/api/v1/records/{record['id']}/trail")
    assert [(e["step"], e["unit"], e["actor"]["name"], e["action_label"]) for e in trail] == [
        ("申请人", "教师工作部", "赵志睿", "提交"),
        ("二级单位审核", "教师工作部", "曹阳", "通过"),
        ("职能部门审核", "教务部", "邓超", "通过"),
        ("人力资源部审核", "人力资源部", "潘婷", "通过"),
    ]
    assert trail[1]["comment"] == "情况属实" and trail[3]["comment"] == "同意"
    assert all(e["at"] for e in trail)

    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert diagram["bpmn_xml"].lstrip().startswith("<?xml") and diagram["status"] == "completed"
    assert {"unit_review", "dept_review", "hr_review"} <= set(diagram["completed"]) and diagram["active"] == []


def test_detail_shows_the_current_step_while_in_review(login_as):
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    detail = teacher.ok("GET", f"/api/v1/records/{record['id']}")
    assert detail["current_step"] == "二级单位审核" and detail["can_act"] is False
    diagram = teacher.ok("GET", f"/api/v1/records/{record['id']}/diagram")
    assert diagram["active"] == ["unit_review"]
