"""Record-type catalog, 我的业绩 counts, and records a unit admin files for a teacher."""

from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, create, route_of
from samples import example

T03 = example("T03")
UNIT_ADMIN_YXY, TEACHER_YXY = "05019001", "05010001"         # 高远 and 张伟, 医学院


def test_record_types_are_listed_in_tab_order_with_my_counts(login_as):
    teacher = login_as(TEACHER_JSGZB)
    create(teacher, "T04", SEED000_T04)
    create(teacher, "T04", SEED000_T04, submit=True)
    teaching = teacher.ok("GET", "/api/v1/record-types", query_string={"category": "teaching"})
    assert [t["code"] for t in teaching][:4] == ["T01", "T02", "T03", "T04"]
    t04 = next(t for t in teaching if t["code"] == "T04")
    assert t04["name"] == "其他上级部门要求承办的各类考试（个人）" and t04["pay_attribute"] == "计量不计酬"
    assert t04["my_counts"] == {"draft": 1, "in_review": 1, "returned": 0, "approved": 0, "terminated": 0, "all": 2}
    assert t04["list_columns"] == ["task_type", "sessions", "exam_type"]
    dashboard = teacher.ok("GET", "/api/v1/record-types/dashboard")
    assert dashboard["families"]["workload"]["all"] == 2 and dashboard["categories"]["teaching"]["in_review"] == 1


def test_a_form_carries_schema_ui_schema_and_metadata(login_as):
    form = login_as(TEACHER_JSGZB).ok("GET", "/api/v1/record-types/T04")
    assert form["schema"]["properties"]["task_type"]["enum"] == ["监考", "考务"]
    assert form["ui_schema"]["task_type"]["ui:placeholder"] == "请选择任务类型"
    assert form["metadata"]["workload_decision"] == "workload_T04"
    assert login_as(TEACHER_JSGZB).get("/api/v1/record-types/X99").status_code == 404


def test_a_teacher_cannot_file_an_import_type(login_as):
    response = login_as(TEACHER_YXY).post("/api/v1/records", json={"record_type": "T03", "data": T03})
    assert response.status_code == 403
    assert response.get_json()["message"] == "「临床医学专业水平测试」由二级单位管理员导入，教师不能自行填报"


def test_a_unit_admin_files_an_import_type_for_his_teacher_and_it_skips_the_unit_lane(login_as):
    admin = login_as(UNIT_ADMIN_YXY)
    record = admin.ok("POST", "/api/v1/records", 201,
                      json={"record_type": "T03", "data": T03, "owner_account": TEACHER_YXY, "submit": True})
    assert record["origin"] == "unit_import" and record["owner"]["name"] == "张伟" and record["submitter"]["name"] == "高远"
    teacher = login_as(TEACHER_YXY)
    mine = teacher.ok("GET", "/api/v1/records", query_string={"status": "in_review"})
    assert [r["id"] for r in mine["items"]] == [record["id"]]                       # seen under 审核中
    assert teacher.patch(f"/api/v1/records/{record['id']}", json={"data": T03, "version": 1}).status_code == 404
    assert route_of(login_as, record["id"]) == [DEPT["教务部"], HR]


def test_a_unit_admin_cannot_file_for_another_units_teacher(login_as):
    response = login_as(UNIT_ADMIN_YXY).post(
        "/api/v1/records", json={"record_type": "T03", "data": T03, "owner_account": TEACHER_JSGZB})
    assert response.status_code == 404
    teacher = login_as(TEACHER_JSGZB)                                                 # not a unit admin at all
    assert teacher.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04,
                                                 "owner_account": "01090023"}).status_code == 404
