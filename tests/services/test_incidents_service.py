"""A record the tables cannot route raises an incident; nothing is half-written (catalog §2.4, architecture §3)."""
import re

from sqlalchemy import func, select

from flows import T01_DATA, TEACHER_JSJ, create, record_of
from samples import copy_definitions


def test_an_unroutable_record_is_an_incident_and_stays_a_draft(login_as, app, tmp_path):
    from app.extensions import db
    from app.models import Incident, OutboxMessage, ProcessInstance, UserTask
    from app.services.deployment import deploy_from_folder
    copy_definitions(tmp_path)
    dmn = tmp_path / "rules" / "functional_lane.dmn"
    without_f3 = re.sub(r'<rule id="F3">.*?</rule>', "", dmn.read_text(encoding="utf-8"), flags=re.S)
    dmn.write_text(without_f3, encoding="utf-8")                 # 保卫部 courses no longer have a department
    with app.app_context():
        deploy_from_folder(tmp_path, deployed_by="tests")
        db.session.close()
    teacher = login_as(TEACHER_JSJ)
    draft = create(teacher, "T01", {**T01_DATA, "course_owner_dept": "保卫部"})
    response = teacher.post(f"/api/v1/records/{draft['id']}/submit", json={})
    assert response.status_code == 500 and response.get_json()["code"] == "process_incident"
    assert "已记录异常" in response.get_json()["message"]
    assert record_of(teacher, draft['id'])["status"] == "draft"
    with app.app_context():
        incident = db.session.scalar(select(Incident).where(Incident.record_id == draft["id"]))
        assert incident is not None and incident.bpmn_id == "decide_functional_lane"
        assert incident.error_type == "NoMatchingRule"
        for model in (ProcessInstance, UserTask, OutboxMessage):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


def test_workload_is_computed_by_the_server_never_taken_from_the_client(login_as):
    teacher = login_as("01090023")
    record = create(teacher, "T04", {"assessment_year": 2025, "task_type": "考务", "sessions": 3,
                                     "exam_type": "全国计算机等级考试", "workload": 999})
    assert record["workload"] == 12 and record["data"]["workload"] == 12
