"""Role × unit permission matrix, generated from the OpenAPI document (catalog §6.3, §3.3, §2.6).

Every operation whose path takes an id × every demo role × records of two units in every status
(plus a deleted one and a unit admin's own record): the answer is 404 exactly where the record (or
task, file, request) is outside the caller's scope, 403 exactly where the caller is in scope but the
catalog forbids the act (no self-review, §6.3 rule 3; 引用 is 人力资源部管理员's, §3.5), and neither
anywhere else. The records are made once for the module (in an outer transaction rolled back at its
end); each test runs in its own savepoint, so a request that succeeds changes nothing for the next.

A new id-taking endpoint fails ``test_every_id_taking_operation_is_in_the_matrix`` until it is given
a rule here.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from conftest import ApiClient
from flows import DEPT, HR, HR_2, T01_DATA, TEACHER_JSJ, TEACHER_JSJ_2, TEACHER_WXY, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY
from samples import copy_definitions, pdf_bytes

UNIT_ADMIN_YXY = "05019001"     # 高远, teacher + unit admin of 医学院 (罗琳 is its second admin, 教学 only)

UNITS = {"JSJ": (TEACHER_JSJ, UNIT_ADMIN_JSJ), "WXY": (TEACHER_WXY, UNIT_ADMIN_WXY)}
STATUSES = ("draft", "in_review", "returned", "approved", "terminated", "deleted")
ROUTE_DEPT = "教务部"                  # T01 with 课程归属部门 教务部: unit → 教务部 → 人力资源部


@dataclass(frozen=True)
class Role:
    """A demo account and what catalog §6.2 gives it over the two units' records."""

    account: str
    label: str
    unit_admin_of: str | None = None      # unit code whose teaching records it administers
    dept: str | None = None               # its department, when a 职能部门审核员
    hr: bool = False
    hr_admin: bool = False
    system_admin: bool = False


ROLES = [
    Role(TEACHER_JSJ, "教职工 (JSJ owner)"),
    Role(TEACHER_JSJ_2, "教职工 (JSJ, another)"),
    Role(TEACHER_WXY, "教职工 (WXY owner)"),
    Role(UNIT_ADMIN_JSJ, "二级单位管理员 JSJ", unit_admin_of="JSJ"),
    Role(UNIT_ADMIN_WXY, "二级单位管理员 WXY", unit_admin_of="WXY"),
    Role(UNIT_ADMIN_YXY, "二级单位管理员 YXY", unit_admin_of="YXY"),
    Role("05019002", "二级单位管理员 YXY (教学 only)", unit_admin_of="YXY"),
    Role(DEPT[ROUTE_DEPT], "职能部门审核员 on the route", dept=ROUTE_DEPT),
    Role(DEPT["保卫部"], "职能部门审核员 off the route", dept="保卫部"),
    Role(HR, "人力资源部审核员", hr=True),
    Role(HR_2, "人力资源部管理员", hr=True, hr_admin=True),
    Role("processadmin", "流程管理员"),
    Role("operator", "运维人员"),
    Role("sysadmin", "系统管理员", system_admin=True),
    Role("query01", "信息查询员"),
]


@dataclass(frozen=True)
class Rec:
    id: int
    unit: str
    owner: str
    status: str
    attachment_id: int


@dataclass(frozen=True)
class Task:
    id: int
    record: Rec
    candidate_role: str
    candidate_unit: str | None          # unit code (unit_admin) or department name (dept_reviewer)
    withdrawal: bool = False            # a 撤回 approval's task: decided through /withdrawals, never /tasks


@dataclass
class World:
    records: list[Rec]
    tasks: list[Task]
    requests: list[tuple[int, Rec]]      # pending 撤回 requests
    tokens: list[tuple[int, str]]        # (bearer token id, its account): a second token of each owner
    batches: list[tuple[int, str, str]] = field(default_factory=list)   # import batches: (id, kind, uploader)


# --------------------------------------------------------------------------- the oracle (catalog §6.3)

def can_read(role: Role, rec: Rec) -> bool:
    """§6.3 rule 1: own records; unit admins their unit; departments records routed to them; HR all.
    Drafts are their applicant's alone; deleted records are nobody's."""
    if rec.status == "deleted":
        return False
    if role.account == rec.owner:
        return True
    if rec.status == "draft":
        return False
    return role.unit_admin_of == rec.unit or role.dept == ROUTE_DEPT or role.hr


def is_applicant(role: Role, rec: Rec) -> bool:
    """§3.3: only the applicant (here the owner, who filed it) edits, submits, deletes, withdraws, uploads."""
    return role.account == rec.owner and rec.status != "deleted"


def in_candidate_group(role: Role, task: Task) -> bool:
    """§2.6: the lane's candidate group (applicant tasks are never a reviewer's)."""
    if task.candidate_role == "unit_admin":
        return role.unit_admin_of == task.candidate_unit
    if task.candidate_role == "dept_reviewer":
        return role.dept == task.candidate_unit
    return task.candidate_role == "hr_reviewer" and role.hr


# --------------------------------------------------------------------------- the operations

@dataclass(frozen=True)
class Rule:
    """How one operation is called on the world's ids, and the status §6.3 expects (None: neither
    403 nor 404, any other answer is the operation's own business)."""

    targets: Callable[[World], list]
    call: Callable[[ApiClient, object], object]
    expect: Callable[[Role, object], int | None]


def _reads(path: str) -> Rule:
    return Rule(lambda w: w.records, lambda api, r: api.get(path.format(r=r)),
                lambda role, r: None if can_read(role, r) else 404)


def _applicant(method: str, path: str, **body) -> Rule:
    return Rule(lambda w: w.records, lambda api, r: api.request(method, path.format(r=r), **body),
                lambda role, r: None if is_applicant(role, r) else 404)


def _upload(api: ApiClient, rec: Rec):
    return api.post(f"/api/v1/records/{rec.id}/attachments", content_type="multipart/form-data",
                    data={"field": "attachments", "file": (io.BytesIO(pdf_bytes(text="matrix")), "m.pdf")})


def _cite_expect(role: Role, rec: Rec) -> int | None:
    if role.system_admin:
        return 404              # no business data at all for the 系统管理员 (catalog §6.2)
    if not role.hr_admin:
        return 403
    return None if can_read(role, rec) else 404


def _task_expect(role: Role, task: Task) -> int | None:
    if task.withdrawal or not in_candidate_group(role, task):
        return 404
    return 403 if role.account == task.record.owner else None


ACCOUNT_UNITS = {TEACHER_JSJ: "JSJ", TEACHER_JSJ_2: "JSJ", TEACHER_WXY: "WXY"}    # personal-level accounts


def _account_expect(role: Role, account: str) -> int | None:
    """Account administration (catalog §6.1, §6.2): the 系统管理员 reaches every account; a 二级单位管理员
    the teacher accounts of his unit (never an admin's, never another unit's: 404); any other role 403."""
    if role.system_admin:
        return None
    if role.unit_admin_of is None:
        return 403
    return None if ACCOUNT_UNITS.get(account) == role.unit_admin_of else 404


def _token_expect(role: Role, token: tuple[int, str]) -> int | None:
    """A bearer token is revoked by its owner or a 系统管理员; anyone else is told it does not exist."""
    return None if role.system_admin or role.account == token[1] else 404


def _decision_expect(role: Role, request: tuple[int, Rec]) -> int | None:
    rec = request[1]
    if role.unit_admin_of != rec.unit:
        return 404
    return 403 if role.account == rec.owner else None


RECORD = "/api/v1/records/{r.id}"
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/v1/records/{record_id}"): _reads(RECORD),
    ("GET", "/api/v1/records/{record_id}/trail"): _reads(RECORD + "/trail"),
    ("GET", "/api/v1/records/{record_id}/diagram"): _reads(RECORD + "/diagram"),
    ("GET", "/api/v1/records/{record_id}/attachments"): _reads(RECORD + "/attachments"),
    ("GET", "/api/v1/attachments/{attachment_id}/download"): _reads("/api/v1/attachments/{r.attachment_id}/download"),
    ("PATCH", "/api/v1/records/{record_id}"): _applicant("PATCH", RECORD, json={"data": T01_DATA, "version": 0}),
    ("DELETE", "/api/v1/records/{record_id}"): _applicant("DELETE", RECORD),
    ("POST", "/api/v1/records/{record_id}/submit"): _applicant("POST", RECORD + "/submit", json={"version": 0}),
    ("POST", "/api/v1/records/{record_id}/adjust"): _applicant("POST", RECORD + "/adjust",
                                                              json={"field": "cases", "rows": []}),
    ("POST", "/api/v1/records/{record_id}/withdraw"): _applicant("POST", RECORD + "/withdraw", json={"reason": "矩阵"}),
    ("POST", "/api/v1/records/{record_id}/attachments"): Rule(
        lambda w: w.records, _upload, lambda role, r: None if is_applicant(role, r) else 404),
    ("DELETE", "/api/v1/records/{record_id}/attachments/{attachment_id}"): _applicant(
        "DELETE", RECORD + "/attachments/{r.attachment_id}"),
    ("POST", "/api/v1/records/{record_id}/citations"): Rule(
        lambda w: w.records,
        lambda api, r: api.post(RECORD.format(r=r) + "/citations", json={"kind": "settlement", "ref": "2025"}),
        _cite_expect),
    ("POST", "/api/v1/tasks/{task_id}/complete"): Rule(
        lambda w: w.tasks, lambda api, t: api.post(f"/api/v1/tasks/{t.id}/complete", json={"action": "approve"}),
        _task_expect),
    ("POST", "/api/v1/withdrawals/{request_id}/decision"): Rule(
        lambda w: w.requests, lambda api, q: api.post(f"/api/v1/withdrawals/{q[0]}/decision", json={"agree": False}),
        _decision_expect),
}
RULES[("POST", "/api/v1/accounts/{account}/deactivate")] = Rule(
    lambda w: sorted({r.owner for r in w.records}),
    lambda api, account: api.post(f"/api/v1/accounts/{account}/deactivate"), _account_expect)
ACCOUNT = "/api/v1/accounts/{a}"


def _account_rule(method: str, path: str, **body) -> Rule:
    return Rule(lambda w: sorted({r.owner for r in w.records}),
                lambda api, account: api.request(method, path.format(a=account), **body), _account_expect)


RULES.update({
    ("GET", "/api/v1/accounts/{account}"): _account_rule("GET", ACCOUNT),
    ("PATCH", "/api/v1/accounts/{account}"): _account_rule("PATCH", ACCOUNT, json={"email": "matrix@example.edu.cn"}),
    ("POST", "/api/v1/accounts/{account}/reactivate"): _account_rule("POST", ACCOUNT + "/reactivate"),
    ("POST", "/api/v1/accounts/{account}/password-reset"): _account_rule("POST", ACCOUNT + "/password-reset"),
    ("POST", "/api/v1/accounts/{account}/grants"): _account_rule("POST", ACCOUNT + "/grants",
                                                                 json={"role": "teacher"}),
})
# units are the school-level 系统管理员's (403 for everyone else), and a grant's removal needs its account's
# grant id: both in test_administration_api
NOT_RECORDS_ADMIN = {"/api/v1/units/{unit_id}", "/api/v1/units/{unit_id}/deactivate",
                     "/api/v1/units/{unit_id}/reactivate", "/api/v1/accounts/{account}/grants/{grant_id}"}
RULES[("DELETE", "/api/v1/auth/tokens/{token_id}")] = Rule(
    lambda w: w.tokens, lambda api, t: api.delete(f"/api/v1/auth/tokens/{t[0]}"), _token_expect)


def _batch_rule(kind: str, method: str, path: str, **body) -> Rule:
    """Import batches are their uploader's alone (catalog §4.1, §4.3): anyone else gets 404."""
    return Rule(lambda w: [b for b in w.batches if b[1] == kind],
                lambda api, b: api.request(method, path.format(b=b[0]), **body),
                lambda role, b: None if role.account == b[2] else 404)


BATCH = "/api/v1/imports/batches/{b}"
RULES.update({
    ("GET", "/api/v1/imports/batches/{batch_id}"): _batch_rule("unit", "GET", BATCH),
    ("PUT", "/api/v1/imports/batches/{batch_id}/sheet"): _batch_rule("unit", "PUT", BATCH + "/sheet", json={"sheet": "T03"}),
    ("PUT", "/api/v1/imports/batches/{batch_id}/mapping"): _batch_rule("unit", "PUT", BATCH + "/mapping",
                                                                      json={"mapping": {}}),
    ("POST", "/api/v1/imports/batches/{batch_id}/preview"): _batch_rule("unit", "POST", BATCH + "/preview"),
    ("GET", "/api/v1/imports/batches/{batch_id}/rows"): _batch_rule("unit", "GET", BATCH + "/rows"),
    ("GET", "/api/v1/imports/batches/{batch_id}/invalid-rows.xlsx"): _batch_rule("unit", "GET", BATCH + "/invalid-rows.xlsx"),
    ("POST", "/api/v1/imports/batches/{batch_id}/commit"): _batch_rule("unit", "POST", BATCH + "/commit"),
    ("POST", "/api/v1/imports/batches/{batch_id}/cancel"): _batch_rule("unit", "POST", BATCH + "/cancel"),
    ("POST", "/api/v1/imports/personal/batches/{batch_id}/commit"): _batch_rule(
        "personal", "POST", "/api/v1/imports/personal/batches/{b}/commit"),
})
# definitions, templates and summary items: keyed by a code, not an id; scope is the caller's role
NOT_RECORDS = {"/api/v1/record-types/{code}", "/api/v1/imports/types/{record_type}/template",
               "/api/v1/imports/types/{record_type}/batches", "/api/v1/imports/personal/{template}/template",
               "/api/v1/imports/personal/{template}/batches", "/api/v1/summaries/workload/items/{item}"}
RULES[("POST", "/api/v1/records/{record_id}/urge")] = _applicant("POST", RECORD + "/urge")
RULES[("POST", "/api/v1/outbox/{message_id}/retry")] = Rule(      # operators and 系统管理员 only (issue 13)
    lambda w: [10 ** 9], lambda api, m: api.post(f"/api/v1/outbox/{m}/retry"),
    lambda role, m: 404 if role.system_admin or role.label == "运维人员" else 403)      # no such row: 404
NOT_RECORDS |= NOT_RECORDS_ADMIN
NOT_RECORDS |= {"/api/v1/notifications/{notification_id}/read"}   # the caller's own only: test_notifications_api
# a signature image: its owner's, or on the trail of a readable record (test_signatures_api)
NOT_RECORDS |= {"/api/v1/signatures/{user_id}/{version}"}
# the process-admin console (issue 14): 流程管理员 only, everyone else 404 (test_process_admin_api); no draft exists
# in the world, so a draft id is unknown to every role, a deployed version readable by the process admin alone
PROCESS_ADMIN = "/api/v1/process-admin"


def _version_ids(w) -> list[int]:
    return [1]              # the first version deployed by the test set-up


def _process_admin_only(role: Role, target: object) -> int | None:
    return None if role.label == "流程管理员" else 404


for _method, _path, _call in [
        ("GET", "/versions/{version_id}", lambda api, v: api.get(f"{PROCESS_ADMIN}/versions/{v}")),
        ("GET", "/versions/{version_id}/diff", lambda api, v: api.get(f"{PROCESS_ADMIN}/versions/{v}/diff?against={v}")),
        ("GET", "/versions/{version_id}/export", lambda api, v: api.get(f"{PROCESS_ADMIN}/versions/{v}/export"))]:
    RULES[(_method, PROCESS_ADMIN + _path)] = Rule(_version_ids, _call, _process_admin_only)
for _method, _path in [("GET", ""), ("PUT", ""), ("DELETE", ""), ("POST", "/validate"), ("POST", "/deploy")]:
    RULES[(_method, PROCESS_ADMIN + "/drafts/{draft_id}" + _path)] = Rule(
        lambda w: [10 ** 9], lambda api, d, m=_method, p=_path: api.request(
            m, f"{PROCESS_ADMIN}/drafts/{d}{p}", json={"source": "x"} if m == "PUT" else None),
        lambda role, d: 404)
NOT_RECORDS |= {PROCESS_ADMIN + "/processes/{process_key}/migration"}     # keyed by a process key: role only
# reference data: not business data; only the 系统管理员 changes a value (test_reference_data_api)
NOT_RECORDS |= {"/api/v1/reference-data/values/{value_id}", "/api/v1/reference-data/values/{value_id}/retire",
                "/api/v1/reference-data/values/{value_id}/restore", "/api/v1/reference-data/lists/{name}/values",
                "/api/v1/reference-data/courses/imports/{batch_id}/commit"}
# 转交: like 审核, the task's candidate group only, never on one's own record (test_review_people_api)
RULES[("GET", "/api/v1/tasks/{task_id}/transfer-candidates")] = Rule(
    lambda w: w.tasks, lambda api, t: api.get(f"/api/v1/tasks/{t.id}/transfer-candidates"), _task_expect)
RULES[("POST", "/api/v1/tasks/{task_id}/transfer")] = Rule(
    lambda w: w.tasks, lambda api, t: api.post(f"/api/v1/tasks/{t.id}/transfer", json={"assignee_id": 1}),
    _task_expect)
# the caller's own delegations and QR signings; the phone's single-use token (test_review_people_api,
# test_qr_signing_api)
NOT_RECORDS |= {"/api/v1/me/delegations/{delegation_id}/revoke", "/api/v1/me/signature/qr/{signing_id}",
                "/api/v1/signing/{token}"}


# the operator console (issue 14): 运维人员 only, every other role is told it does not exist
OPS = "/api/v1/operations"


def _is_operator(role: Role) -> bool:
    return role.account == "operator"


def _some_tasks(world: World) -> list[Task]:
    """One task per candidate role (the applicant's too): the console's id-taking calls need no more."""
    return list({t.candidate_role: t for t in world.tasks}.values())


def _instance_of(api: ApiClient, task: Task) -> int:
    from app.extensions import db
    from app.models import UserTask
    with api.client.application.app_context():
        return db.session.scalar(select(UserTask.instance_id).where(UserTask.id == task.id))


def _ops_task_expect(role: Role, task: Task) -> int | None:
    return 404 if not _is_operator(role) or task.candidate_role == "applicant" else None


def _ops_instance_rule(action: str) -> Rule:
    return Rule(_some_tasks, lambda api, t: api.post(f"{OPS}/instances/{_instance_of(api, t)}/{action}",
                                                     json={"reason": "矩阵"}),
                lambda role, t: None if _is_operator(role) else 404)


RULES.update({
    ("GET", OPS + "/tasks/{task_id}/assignees"): Rule(
        _some_tasks, lambda api, t: api.get(f"{OPS}/tasks/{t.id}/assignees"), _ops_task_expect),
    ("POST", OPS + "/tasks/{task_id}/reassign"): Rule(
        _some_tasks, lambda api, t: api.post(f"{OPS}/tasks/{t.id}/reassign", json={"user_id": 1, "reason": "矩阵"}),
        _ops_task_expect),
    ("POST", OPS + "/instances/{instance_id}/suspend"): _ops_instance_rule("suspend"),
    ("POST", OPS + "/instances/{instance_id}/resume"): _ops_instance_rule("resume"),
    ("POST", OPS + "/instances/{instance_id}/terminate"): _ops_instance_rule("terminate"),
    ("POST", OPS + "/instances/{instance_id}/jump"): Rule(
        _some_tasks, lambda api, t: api.post(f"{OPS}/instances/{_instance_of(api, t)}/jump",
                                             json={"bpmn_id": "unit_review", "reason": "矩阵"}),
        lambda role, t: None if _is_operator(role) else 404),
    ("GET", OPS + "/instances/{instance_id}/steps"): Rule(
        _some_tasks, lambda api, t: api.get(f"{OPS}/instances/{_instance_of(api, t)}/steps"),
        lambda role, t: None if _is_operator(role) else 404),
    ("POST", OPS + "/incidents/{incident_id}/retry"): Rule(      # no such incident: 404 for everyone
        lambda w: [10 ** 9], lambda api, i: api.post(f"{OPS}/incidents/{i}/retry", json={"reason": "矩阵"}),
        lambda role, i: 404),
    ("POST", OPS + "/outbox/{message_id}/retry"): Rule(
        lambda w: [10 ** 9], lambda api, m: api.post(f"{OPS}/outbox/{m}/retry", json={"reason": "矩阵"}),
        lambda role, m: 404),
})

# --------------------------------------------------------------------------- the world, made once

@pytest.fixture(scope="module")
def world(app, tmp_path_factory):
    """Two units' records in every status, each with one file, made once in an outer transaction. T01
    is deployed under ``withdraw_approval`` first, so each approved record carries a pending 撤回 request."""
    import json

    from app.extensions import db
    from app.models import Unit, UserTask, WithdrawalRequest
    from app.services.deployment import deploy_from_folder
    tokens = app.config["TEST_TOKENS"]

    def client(account: str) -> ApiClient:
        return ApiClient(app.test_client(), account, tokens[account])

    with db.test_isolation():
        root = copy_definitions(tmp_path_factory.mktemp("definitions"))
        form = root / "forms" / "T01.json"
        form.write_text(json.dumps({**json.loads(form.read_text(encoding="utf-8")),
                                    "post_approval_policy": "withdraw_approval"}, ensure_ascii=False), encoding="utf-8")
        with app.app_context():
            deploy_from_folder(root, deployed_by="tests")
            db.session.close()
        records = []
        for unit, (teacher, unit_admin) in UNITS.items():
            owner = client(teacher)
            for n, status in enumerate(STATUSES):
                records.append(_make(owner, client, unit, unit_admin, status, f"矩阵{unit}{n}"))
                if status == "approved":
                    owner.ok("POST", f"/api/v1/records/{records[-1].id}/withdraw", 201, json={"reason": "矩阵"})
        # a unit admin's own record at his unit's lane (the unit has a second admin for 教学, so the lane
        # stays the unit's, rules/unit_reviewers.dmn): in scope, but no self-review (403)
        records.append(_make(client(UNIT_ADMIN_YXY), client, "YXY", UNIT_ADMIN_YXY, "in_review", "矩阵self"))
        with app.app_context():
            units = {u.id: u for u in db.session.scalars(select(Unit))}
            by_id = {r.id: r for r in records}
            approvals = set(db.session.scalars(select(WithdrawalRequest.instance_id)))
            tasks = [Task(t.id, by_id[t.record_id], t.candidate_role,
                          (units[t.candidate_unit_id].code if t.candidate_role == "unit_admin"
                           else units[t.candidate_unit_id].name) if t.candidate_unit_id else None,
                          t.instance_id in approvals)
                     for t in db.session.scalars(select(UserTask).order_by(UserTask.id))]
            requests = [(q.id, by_id[q.record_id]) for q in db.session.scalars(
                select(WithdrawalRequest).where(WithdrawalRequest.handling == "pending").order_by(WithdrawalRequest.id))]
            from sqlalchemy import func

            from app.auth.principal import principal_from_user
            from app.models import ApiToken, User
            from app.services.identity.auth import issue_token
            tokens = []                     # a second token of each owner, so no caller revokes his own session
            for user in list(db.session.scalars(select(User).where(User.account.in_({r.owner for r in records}))
                                                .order_by(User.account))):
                issue_token(principal_from_user(user), 1)
                tokens.append((db.session.scalar(select(func.max(ApiToken.id)).where(ApiToken.user_id == user.id)),
                               user.account))
            db.session.close()
        accounts = app.config["TEST_TOKENS"]     # ``tokens`` above is the list of second tokens by now
        batches = _import_batches(lambda account: ApiClient(app.test_client(), account, accounts[account]))
        yield World(records, tasks, requests, tokens, batches)
    from app.services import process_cache
    process_cache.forget_everything()     # the deployment above was rolled back with the world


def _import_batches(client) -> list[tuple[int, str, str]]:
    """A previewed T03 batch of the JSJ unit admin and a personal 病案 batch of the JSJ teacher."""
    from imports_support import T03_HEADERS, upload, xlsx_bytes
    rows = [T03_HEADERS, [TEACHER_JSJ, None, 2025, "监考", "2025-06-14", 1, 4, None]]
    unit = upload(client(UNIT_ADMIN_JSJ), xlsx_bytes(rows, sheet="T03"))
    assert unit.status_code == 201, unit.get_json()
    client(UNIT_ADMIN_JSJ).ok("POST", f"/api/v1/imports/batches/{unit.get_json()['id']}/preview")
    a19 = [["住院号", "姓名", "入院日期", "出院日期", "入院诊断", "出院诊断", "抢救或治疗结果"],
           ["ZY1", "甲", "2025-03-01", "2025-03-05", "阑尾炎", "阑尾炎", "治愈"]]
    personal = client(TEACHER_JSJ).post("/api/v1/imports/personal/a19-cases/batches", content_type="multipart/form-data",
                                        data={"file": (io.BytesIO(xlsx_bytes(a19)), "病案.xlsx")})
    assert personal.status_code == 201, personal.get_json()
    return [(unit.get_json()["id"], "unit", UNIT_ADMIN_JSJ), (personal.get_json()["id"], "personal", TEACHER_JSJ)]


def _make(owner: ApiClient, client, unit: str, unit_admin: str, status: str, teaching_class: str) -> Rec:
    from flows import act, create
    record = create(owner, "T01", {**T01_DATA, "teaching_class": teaching_class})
    upload = _upload(owner, Rec(record["id"], unit, owner.account, "draft", 0))
    assert upload.status_code == 201, upload.get_json()
    attachment_id = upload.get_json()["id"]
    if status != "draft" and status != "deleted":
        owner.ok("POST", f"/api/v1/records/{record['id']}/submit", json={})
    reviewer = client(unit_admin)
    if status == "returned":
        act(reviewer, record["id"], "return", comment="矩阵")
    elif status == "terminated":
        act(reviewer, record["id"], "terminate", comment="矩阵")
    elif status == "approved":
        for account in (unit_admin, DEPT[ROUTE_DEPT], HR):
            act(client(account), record["id"])
    elif status == "deleted":
        owner.ok("DELETE", f"/api/v1/records/{record['id']}", 204)
    assert status == "deleted" or owner.ok("GET", f"/api/v1/records/{record['id']}")["record"]["status"] == status
    return Rec(record["id"], unit, owner.account, status, attachment_id)


# --------------------------------------------------------------------------- the tests

def _id_taking_operations(app) -> set[tuple[str, str]]:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return {(method.upper(), path) for path, item in spec["paths"].items() if "{" in path
            for method in item if method in ("get", "post", "put", "patch", "delete") and path not in NOT_RECORDS}


def test_every_id_taking_operation_is_in_the_matrix(app):
    assert _id_taking_operations(app) == set(RULES), "give every id-taking operation a rule in RULES"


def test_the_world_has_every_status_in_both_units(world):
    assert {(r.unit, r.status) for r in world.records} >= {(u, s) for u in UNITS for s in STATUSES}
    assert any(t.record.owner == UNIT_ADMIN_YXY and t.candidate_role == "unit_admin" for t in world.tasks)
    assert {t.candidate_role for t in world.tasks} >= {"unit_admin", "dept_reviewer", "hr_reviewer", "applicant"}
    assert len(world.requests) == len(UNITS) and sum(t.withdrawal for t in world.tasks) == len(UNITS)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.account)
@pytest.mark.parametrize("operation", sorted(RULES), ids=lambda op: f"{op[0]} {op[1]}")
def test_permission_matrix(world, login_as, operation, role):
    rule = RULES[operation]
    api = login_as(role.account)
    wrong = []
    for target in rule.targets(world):
        expected = rule.expect(role, target)
        got = rule.call(api, target).status_code
        if (expected is None and got in (403, 404)) or (expected is not None and got != expected):
            wrong.append((target, f"expected {expected or 'neither 403 nor 404'}, got {got}"))
    assert wrong == [], f"{role.label}: {wrong}"
