"""Shared steps of the approval scenarios (demo organisation accounts, catalog §0.6)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

TEACHER_JSGZB = "01090023"      # 赵志睿, 教师工作部 (机关), the seed-000 teacher
TEACHER_JSJ = "02010001"        # 李明, 计算机与网络工程学院
TEACHER_JSJ_2 = "02010002"      # 陈静, 计算机与网络工程学院
TEACHER_WXY = "03010001"        # 王芳, 文学院
UNIT_ADMIN_JSGZB = "10019001"   # 曹阳, unit admin of 教师工作部
UNIT_ADMIN_JSJ = "02019001"     # 黄磊, teacher + unit admin of 计算机与网络工程学院
UNIT_ADMIN_WXY = "03019001"     # 林娜, unit admin of 文学院
DEPT = {"教务部": "90010001", "学工部": "90020001", "保卫部": "90030001", "科学技术部": "90040001",
        "人文社科部": "90050001", "研究生工作部": "90060001", "组织部": "90080001"}
HR = "90070001"                 # 潘婷, 人力资源部
HR_2 = "90070002"               # 蒋文, 人力资源部

SEED000_T04 = {"assessment_year": 2025, "task_type": "监考", "sessions": 1, "exam_type": "大学四级考试"}
T01_DATA = {"assessment_year": 2025, "term": "2024-2025-1", "course_name": "数据结构", "course_owner_dept": "教务部",
            "teaching_class": "计科2301班", "student_count": 45, "hours": 64, "workload": 80}
G01_DATA = {"assessment_year": 2025, "admission_year": 2025, "task_kind": "阅卷", "task_desc": "硕士研究生入学考试专业课阅卷",
            "quantity": 120, "workload": 12}
R01_DATA = {"assessment_year": 2025, "project_name": "宋代笔记文献整理与研究", "source": "国家社会科学基金",
            "project_level": "国家级", "role": "主持", "rank": 1, "start_date": "2024-09-01", "funds_received": 20,
            "workload": 50}
M01_DATA = {"assessment_year": 2025, "school_year": "2024-2025", "class_name": "计科2301班", "student_count": 45,
            "months": 10, "workload": 20}


def csrf_header(client) -> dict:
    """The ``X-CSRFToken`` header a browser sends, from ``GET /api/v1/auth/csrf`` (sets the session cookie)."""
    return {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}


def browser_login(client, account: str, password: str):
    """Log in as the web app does: fetch the CSRF token, then post the login form with it."""
    return client.post("/api/v1/auth/login", json={"account": account, "password": password},
                       headers=csrf_header(client))


def create(api, record_type: str, data: dict, *, submit: bool = False, status: int = 201) -> dict:
    return api.ok("POST", "/api/v1/records", status, json={"record_type": record_type, "data": data, "submit": submit})


def record_of(api, record_id: int) -> dict:
    """The record as its detail view shows it to ``api``'s account (must be readable)."""
    return api.ok("GET", f"/api/v1/records/{record_id}")["record"]


def inbox(api, **params) -> dict:
    return api.ok("GET", "/api/v1/tasks", query_string=params)


def task_for(api, record_id: int) -> dict | None:
    """The caller's open inbox item on ``record_id``, or None."""
    return next((item for item in inbox(api, page_size=200)["items"] if item["record"]["id"] == record_id), None)


def act(api, record_id: int, action: str = "approve", comment: str | None = None, status: int = 200) -> dict:
    task = task_for(api, record_id)
    assert task is not None, f"{api.account} has no task on record {record_id}"
    return api.ok("POST", f"/api/v1/tasks/{task['id']}/complete", status, json={"action": action, "comment": comment})


def route_of(login_as, record_id: int, *, approve_all: bool = True) -> list[str]:
    """Walk the record through its review, returning the accounts whose inbox held it, in order.

    Each step asks the database for the open task's candidate group and finds the one demo account
    (of the reviewers below) in it; that account's inbox must show the task, and it acts on it.
    """
    candidates = [UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, *DEPT.values(), HR]
    app = login_as(candidates[0]).client.application
    seen = []
    for _ in range(6):
        holders = _holders(app, record_id, candidates)
        if holders is None:
            break
        assert len(holders) == 1, f"record {record_id} sits in several inboxes: {holders}"
        seen.append(holders[0])
        if not approve_all:
            break
        act(login_as(holders[0]), record_id)
    return seen


def _holders(app, record_id: int, accounts: list[str]) -> list[str] | None:
    """The accounts among ``accounts`` in the candidate group of the record's open review task
    (None when no review task is open)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import RoleGrant, User, UserTask
    with app.app_context():
        tasks = list(db.session.scalars(select(UserTask).where(
            UserTask.record_id == record_id, UserTask.status == "open", UserTask.candidate_role != "applicant")))
        if not tasks:
            return None
        assert len(tasks) == 1, f"record {record_id} has several open review tasks"
        task = tasks[0]
        roles = ("hr_reviewer", "hr_admin") if task.candidate_role == "hr_reviewer" else (task.candidate_role,)
        query = (select(User.account, RoleGrant.categories).join(RoleGrant, RoleGrant.user_id == User.id)
                 .where(User.account.in_(accounts), RoleGrant.role.in_(roles)))
        if task.candidate_role != "hr_reviewer":
            query = query.where(RoleGrant.unit_id == task.candidate_unit_id)
        found = {account for account, categories in db.session.execute(query)
                 if categories is None or task.candidate_category is None or task.candidate_category in categories}
        db.session.close()
    return sorted(found)


def upload(api, record_id: int, field: str, name: str, content: bytes):
    """POST one file to a file field of a record (multipart); the raw response."""
    return api.post(f"/api/v1/records/{record_id}/attachments", content_type="multipart/form-data",
                    data={"field": field, "file": (io.BytesIO(content), name)})


def uploaded(api, record_id: int, field: str, name: str, content: bytes) -> dict:
    """``upload`` that must succeed (201); the new attachment."""
    response = upload(api, record_id, field, name, content)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


MULTI_SIGNER_SAMPLE = Path(__file__).resolve().parent / "fixtures" / "processes" / "multi_signer_sample.bpmn"


def start_on_multi_signer_sample(app, record_id: int) -> None:
    """Start the draft ``record_id`` on the 会签/或签 sample process (unit_review → 人力资源部会签 (all) →
    人力资源部终审 (any), cc_roles unit_admin + hr_admin), deployed here as one more process version."""
    from sqlalchemy import select

    from app.engine import get_engine
    from app.models import DefinitionVersion, Record
    from app.services.deployment import deployed, process_extra
    from app.services.review import process_steps
    from app.services.uow import unit_of_work
    xml = MULTI_SIGNER_SAMPLE.read_text(encoding="utf-8")
    sha = hashlib.sha256(xml.encode()).hexdigest()
    with app.app_context(), unit_of_work() as session:
        version = session.scalar(select(DefinitionVersion).where(DefinitionVersion.key == "multi_signer_sample",
                                                                 DefinitionVersion.sha256 == sha))
        if version is None:
            compiled = get_engine().compile_process(xml.encode(), [], "multi_signer_sample")
            version = DefinitionVersion(kind="process", key="multi_signer_sample", version=1, source=xml, sha256=sha,
                                        extra=process_extra(compiled), spec_json=compiled.spec_json)
            session.add(version)
            session.flush()
        process_steps.start_instance(session, session.get(Record, record_id), deployed(session, version.id), {})
