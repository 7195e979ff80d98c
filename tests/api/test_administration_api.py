"""系统管理 through the API (catalog §0.6, §6.1–§6.3, §4.2): units, accounts and their reach, role grants,
passwords set by an administrator, the account import and the audit log."""
from __future__ import annotations

import base64

import pytest

from conftest import ApiClient, signature_png
from flows import (DEPT, HR, R01_DATA, TEACHER_JSJ, TEACHER_WXY, UNIT_ADMIN_JSJ, UNIT_ADMIN_WXY, browser_login,
                   create, route_of, task_for)
from imports_support import upload, xlsx_bytes

SYSADMIN = "sysadmin"
STRONG = "lantern-orbit-Quartz-91"


def _id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _browser(app, account: str, password: str) -> ApiClient:
    """A logged-in cookie session as the web app holds it (CSRF header on every request)."""
    client = app.test_client()
    response = browser_login(client, account, password)
    assert response.status_code == 200, response.get_json()
    api = ApiClient(client, account, None)
    api.headers = {"X-CSRFToken": response.get_json()["csrf_token"]}
    return api


def _first_login(app, account: str, one_time: str) -> ApiClient:
    """Log in with a one-time password and change it, as a new person does."""
    api = _browser(app, account, one_time)
    api.ok("POST", "/api/v1/auth/password", 204, json={"current_password": one_time, "new_password": STRONG})
    return api


def _unit_id(api, name: str) -> int:
    return next(u["id"] for u in api.ok("GET", "/api/v1/units") if u["name"] == name)


# ---------------------------------------------------------------- reach of a unit-level admin

def test_a_unit_admin_sees_and_manages_only_his_units_teacher_accounts(login_as):
    unit_admin = login_as(UNIT_ADMIN_JSJ)                       # 二级单位管理员 of 计算机与网络工程学院
    listed = unit_admin.ok("GET", "/api/v1/accounts", query_string={"page_size": 200})
    assert listed["total"] == len(listed["items"]) > 0
    assert {a["unit_name"] for a in listed["items"]} == {"计算机与网络工程学院"}
    assert {a["level"] for a in listed["items"]} == {"个人"}
    assert TEACHER_JSJ in {a["account"] for a in listed["items"]}
    assert UNIT_ADMIN_JSJ not in {a["account"] for a in listed["items"]}          # an admin is not his
    # another unit's teacher: as if it did not exist, for every act
    for method, path in (("GET", ""), ("PATCH", ""), ("POST", "/deactivate"), ("POST", "/password-reset"),
                         ("POST", "/grants")):
        response = unit_admin.request(method, f"/api/v1/accounts/{TEACHER_WXY}{path}",
                                      json={"email": "x@example.edu.cn"} if method == "PATCH" else {"role": "teacher"})
        assert response.status_code == 404, (method, path, response.get_json())
    assert unit_admin.get("/api/v1/accounts", query_string={"q": TEACHER_WXY}).get_json()["total"] == 0
    # nor can he create an account in another unit, or grant an admin role in his own
    wxy = login_as(SYSADMIN).ok("GET", "/api/v1/units")
    wxy_id = next(u["id"] for u in wxy if u["code"] == "WXY")
    refused = unit_admin.post("/api/v1/accounts", json={"account": "02010999", "name": "钱多", "unit_id": wxy_id})
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0] == {"field": "unit_id", "message": "不能为其他单位管理账号"}
    grant = unit_admin.post(f"/api/v1/accounts/{TEACHER_JSJ}/grants", json={"role": "unit_admin", "unit_id": wxy_id})
    assert grant.status_code == 403
    # his own unit's teacher: yes
    assert unit_admin.ok("GET", f"/api/v1/accounts/{TEACHER_JSJ}")["name"] == "李明"
    reset = unit_admin.ok("POST", f"/api/v1/accounts/{TEACHER_JSJ}/password-reset")
    assert reset["account"] == TEACHER_JSJ and len(reset["one_time_password"]) == 14
    assert login_as(UNIT_ADMIN_WXY).get(f"/api/v1/accounts/{TEACHER_JSJ}").status_code == 404


def test_a_teacher_administers_nothing(login_as):
    assert login_as(TEACHER_JSJ).get("/api/v1/accounts").status_code == 403
    assert login_as(TEACHER_JSJ).get("/api/v1/units").status_code == 403
    assert login_as(UNIT_ADMIN_JSJ).post("/api/v1/units", json={"code": "X", "name": "X", "kind": "机关"}).status_code == 403


# ---------------------------------------------------------------- 系统管理员 sees no business data

BUSINESS_PREFIXES = ("/api/v1/records", "/api/v1/tasks", "/api/v1/summaries", "/api/v1/settlements",
                     "/api/v1/attachments", "/api/v1/withdrawals")


def test_the_system_admin_gets_404_from_every_record_task_and_summary_endpoint(app, login_as):
    record = create(login_as(TEACHER_JSJ), "R01", R01_DATA, submit=True)
    sysadmin = login_as(SYSADMIN)
    checked = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(BUSINESS_PREFIXES):
            continue
        url = "/".join(str(record["id"]) if part.startswith("<") else part for part in rule.rule.split("/"))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = sysadmin.request(method, url, json={})
            assert response.status_code == 404, (method, url, response.status_code)
            checked.append((method, rule.rule))
    assert len(checked) >= 30, checked
    # record-type imports too, and the same record is there for those who may see it
    assert sysadmin.get("/api/v1/imports/types/T03/template").status_code == 404
    assert [t["code"] for t in sysadmin.ok("GET", "/api/v1/imports/types")] == ["ACCOUNTS"]
    assert login_as(TEACHER_JSJ).get(f"/api/v1/records/{record['id']}").status_code == 200


# ---------------------------------------------------------------- deactivation, reset, own password

def test_deactivation_by_the_unit_admin_stops_session_and_tokens_at_once(app, login_as):
    teacher_cookie = _browser(app, TEACHER_JSJ, "demo-password")
    teacher_token = login_as(TEACHER_JSJ)
    assert teacher_cookie.get("/api/v1/auth/me").status_code == 200
    assert login_as(UNIT_ADMIN_JSJ).ok("POST", f"/api/v1/accounts/{TEACHER_JSJ}/deactivate")["is_active"] is False
    assert teacher_cookie.get("/api/v1/auth/me").status_code == 401
    assert teacher_token.get("/api/v1/records").status_code == 401
    assert browser_login(app.test_client(), TEACHER_JSJ, "demo-password").status_code == 401
    assert login_as(UNIT_ADMIN_JSJ).ok("POST", f"/api/v1/accounts/{TEACHER_JSJ}/reactivate")["is_active"] is True
    assert browser_login(app.test_client(), TEACHER_JSJ, "demo-password").status_code == 200
    actions = [e["action"] for e in login_as(SYSADMIN).ok("GET", "/api/v1/audit-events",
                                                          query_string={"account": TEACHER_JSJ})["items"]]
    assert actions[:2] == ["account.reactivate", "account.deactivate"]


def test_a_reset_password_works_once_and_must_be_changed(app, login_as):
    old_session = _browser(app, TEACHER_WXY, "demo-password")
    one_time = login_as(SYSADMIN).ok("POST", f"/api/v1/accounts/{TEACHER_WXY}/password-reset")["one_time_password"]
    assert old_session.get("/api/v1/auth/me").status_code == 401                 # the reset ends it
    assert browser_login(app.test_client(), TEACHER_WXY, "demo-password").status_code == 401
    session = _browser(app, TEACHER_WXY, one_time)
    assert session.ok("GET", "/api/v1/auth/me")["must_change_password"] is True
    blocked = session.get("/api/v1/records")
    assert blocked.status_code == 403 and blocked.get_json()["code"] == "password_change_required"
    again = browser_login(app.test_client(), TEACHER_WXY, one_time)              # works once
    assert again.status_code == 401 and again.get_json()["message"] == "一次性密码已使用过，请联系管理员重新重置密码"
    for weak, reason in ((f"{TEACHER_WXY}abc!", "新密码不能包含账号或姓名"), ("王芳2025-password", "新密码不能包含账号或姓名"),
                         ("password1234", "新密码太容易被猜到，请使用更长、更不常见的组合（如几个不相关的词加数字和符号）")):
        refused = session.post("/api/v1/auth/password", json={"current_password": one_time, "new_password": weak})
        assert refused.status_code == 422 and refused.get_json()["errors"][0]["message"] == reason, weak
    session.ok("POST", "/api/v1/auth/password", 204, json={"current_password": one_time, "new_password": STRONG})
    assert session.ok("GET", "/api/v1/auth/me")["must_change_password"] is False
    assert session.get("/api/v1/records").status_code == 200                    # the same session goes on
    assert browser_login(app.test_client(), TEACHER_WXY, one_time).status_code == 401
    assert browser_login(app.test_client(), TEACHER_WXY, STRONG).status_code == 200
    events = login_as(SYSADMIN).ok("GET", "/api/v1/audit-events", query_string={"action": "account.password_reset"})
    assert events["items"][0]["target_account"] == TEACHER_WXY and one_time not in str(events["items"][0])


# ---------------------------------------------------------------- units and routing

def test_a_new_college_routes_its_teachers_research_to_its_default_owner(app, login_as):
    sysadmin = login_as(SYSADMIN)
    unit = sysadmin.ok("POST", "/api/v1/units", 201, json={"code": "HYX", "name": "海洋文化学院", "kind": "学院",
                                                           "default_research_owner": "人文社科部"})
    teacher = sysadmin.ok("POST", "/api/v1/accounts", 201, json={
        "account": "12010001", "name": "白露", "unit_id": unit["id"], "gender": "女", "birth_month": "1988-03",
        "id_number": _id_number("46010019880315002")})
    admin = sysadmin.ok("POST", "/api/v1/accounts", 201, json={"account": "12019001", "name": "石磊", "unit_id": unit["id"]})
    sysadmin.ok("POST", "/api/v1/accounts/12019001/grants", 201, json={
        "role": "unit_admin", "unit_id": unit["id"], "categories": ["teaching", "graduate", "research"]})
    author = _first_login(app, "12010001", teacher["one_time_password"])
    form = author.ok("GET", "/api/v1/record-types/R01")
    assert form["field_defaults"]["research_owner"] == {"value": "人文社科部", "editable": False}
    record = create(author, "R01", R01_DATA, submit=True)
    assert record["data"]["research_owner"] == "人文社科部"
    reviewer = _first_login(app, "12019001", admin["one_time_password"])
    task = task_for(reviewer, record["id"])                # the new unit's admin holds the unit step
    assert task is not None
    reviewer.ok("PUT", "/api/v1/me/signature", 201,
                json={"image": "data:image/png;base64," + base64.b64encode(signature_png()).decode()})
    reviewer.ok("POST", f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    assert route_of(login_as, record["id"]) == [DEPT["人文社科部"], HR]


def test_a_unit_holding_people_cannot_be_deactivated_and_every_change_is_audited(login_as):
    sysadmin = login_as(SYSADMIN)
    jsj = _unit_id(sysadmin, "计算机与网络工程学院")
    refused = sysadmin.post(f"/api/v1/units/{jsj}/deactivate")
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["message"] == "单位“计算机与网络工程学院”仍有以下内容，不能停用"
    assert body["errors"][0]["message"].startswith("在职人员 ") and "李明（02010001）" in body["errors"][0]["message"]
    parent = sysadmin.ok("POST", "/api/v1/units", 201, json={"code": "KYY", "name": "新材料研究院", "kind": "科研机构",
                                                             "default_research_owner": "科学技术部"})
    child = sysadmin.ok("POST", "/api/v1/units", 201, json={"code": "KYY1", "name": "新材料研究院先进陶瓷研究所",
                                                            "kind": "科研机构", "default_research_owner": "科学技术部",
                                                            "parent_id": parent["id"]})
    assert child["parent_name"] == "新材料研究院"
    held = sysadmin.post(f"/api/v1/units/{parent['id']}/deactivate").get_json()
    assert held["errors"] == [{"field": "unit", "message": "启用中的下级单位：新材料研究院先进陶瓷研究所"}]
    assert sysadmin.ok("POST", f"/api/v1/units/{child['id']}/deactivate")["is_active"] is False
    assert sysadmin.ok("POST", f"/api/v1/units/{parent['id']}/deactivate")["is_active"] is False
    missing = sysadmin.post("/api/v1/units", json={"code": "X1", "name": "某学院", "kind": "学院"})
    assert missing.get_json()["errors"][0] == {"field": "default_research_owner",
                                               "message": "学院和科研机构必须选择默认科研归口部门"}
    cycle = sysadmin.patch(f"/api/v1/units/{parent['id']}", json={"parent_id": child["id"]})
    assert cycle.get_json()["errors"][0]["message"] == "上级单位不能是本单位或其下级单位"
    renamed = sysadmin.ok("PATCH", f"/api/v1/units/{child['id']}", json={"name": "先进陶瓷研究所"})
    assert renamed["name"] == "先进陶瓷研究所"
    log = sysadmin.ok("GET", "/api/v1/audit-events", query_string={"action": "unit."})["items"]
    assert [e["action_label"] for e in log[:5]] == ["修改单位", "停用单位", "停用单位", "新增单位", "新增单位"]
    assert log[0]["detail"]["changes"] == {"name": ["新材料研究院先进陶瓷研究所", "先进陶瓷研究所"]}


# ---------------------------------------------------------------- grants (§6.2, §6.3 rule 5)

def test_admin_roles_only_for_staff_and_info_admin_changes_reach_hr(login_as):
    sysadmin = login_as(SYSADMIN)
    jsj = _unit_id(sysadmin, "计算机与网络工程学院")
    sysadmin.ok("POST", "/api/v1/accounts", 201, json={"account": "S2023001", "name": "学生助理", "unit_id": jsj,
                                                       "is_staff": False})
    refused = sysadmin.post("/api/v1/accounts/S2023001/grants", json={"role": "info_admin", "unit_id": jsj})
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["message"] == "「信息管理员」只能授予在编教职工账号，不能指派学生助理等非专职人员"
    granted = sysadmin.ok("POST", f"/api/v1/accounts/{TEACHER_JSJ}/grants", 201, json={"role": "info_admin", "unit_id": jsj})
    grant = next(g for g in granted["grants"] if g["role"] == "info_admin")
    assert grant["role_label"] == "信息管理员" and grant["unit_name"] == "计算机与网络工程学院" and granted["level"] == "单位"
    sysadmin.ok("DELETE", f"/api/v1/accounts/{TEACHER_JSJ}/grants/{grant['id']}")
    changes = login_as(HR).ok("GET", "/api/v1/info-admin-changes")["items"]
    assert [c["action_label"] for c in changes[:2]] == ["撤销信息管理员", "指派信息管理员"]
    assert changes[0]["target_account"] == TEACHER_JSJ
    assert login_as(TEACHER_JSJ).get("/api/v1/info-admin-changes").status_code == 403
    no_categories = sysadmin.post(f"/api/v1/accounts/{TEACHER_JSJ}/grants", json={"role": "unit_admin", "unit_id": jsj})
    assert no_categories.get_json()["errors"][0]["message"] == "请选择「二级单位管理员」负责的类目"
    not_dept = sysadmin.post(f"/api/v1/accounts/{TEACHER_JSJ}/grants", json={"role": "dept_reviewer", "unit_id": jsj})
    assert not_dept.get_json()["errors"][0]["message"] == "「职能部门审核员」的范围必须是职能部门"


# ---------------------------------------------------------------- 教师账号批量生成 (§4.2)

ACCOUNT_HEADERS = ["账号", "姓名", "性别", "出生年月", "身份证号码", "所属单位"]


def test_account_import_preview_names_each_bad_row_and_commits_the_good_ones(login_as):
    good = _id_number("46010019900101001")                              # 男, 1990-01
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [ACCOUNT_HEADERS,
            ["02011001", "方舟", "男", "1990-01", good, "计算机与网络工程学院"],          # row 2: good
            ["02011002", "顾青", "男", "1990-01", wrong_check, "计算机与网络工程学院"],   # row 3: check digit
            ["02011001", "叶帆", "男", "1990-01", good, "计算机与网络工程学院"],          # row 4: duplicate 工号
            [TEACHER_JSJ, "李明", "男", "1990-01", good, "计算机与网络工程学院"],          # row 5: existing 工号
            ["02011005", "柳岸", "男", "1990-01", good, "不存在的学院"],                  # row 6: unknown unit
            ["02011006", "程远", "男", "1990-01", good, "文学院"]]                       # row 7: another unit
    admin = login_as(UNIT_ADMIN_JSJ)
    assert "ACCOUNTS" in [t["code"] for t in admin.ok("GET", "/api/v1/imports/types")]
    template = admin.get("/api/v1/imports/types/ACCOUNTS/template")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    response = upload(admin, xlsx_bytes(rows, sheet="教师账号"), "账号.xlsx", "ACCOUNTS")
    assert response.status_code == 201, response.get_json()
    batch = response.get_json()
    assert batch["record_type"] == "ACCOUNTS" and batch["missing_required"] == []
    assert batch["record_type_name"] == "教师账号批量生成"
    preview = admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/preview")
    assert (preview["valid_count"], preview["invalid_count"]) == (1, 5)
    invalid = admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}/rows", query_string={"valid": "false"})["items"]
    texts = {r["row"]: [e["text"] for e in r["errors"]] for r in invalid}
    assert texts == {3: ["第 3 行，“身份证号码”：身份证号码校验位错误"],
                     4: ["第 4 行，“账号”：账号与第 2 行重复"],
                     5: ["第 5 行，“账号”：账号已存在"],
                     6: ["第 6 行，“所属单位”：单位“不存在的学院”不存在"],
                     7: ["第 7 行，“所属单位”：不能为其他单位生成账号"]}
    admin.ok("POST", f"/api/v1/imports/batches/{batch['id']}/commit", 202)
    done = admin.ok("GET", f"/api/v1/imports/batches/{batch['id']}")
    assert (done["status"], done["imported_count"]) == ("committed", 1)
    created = admin.ok("GET", "/api/v1/accounts/02011001")
    assert (created["name"], created["gender"], created["birth_month"], created["id_number"]) == ("方舟", "男", "1990-01", good)
    assert [g["role"] for g in created["grants"]] == ["teacher"] and created["unit_name"] == "计算机与网络工程学院"
    # another admin never sees the batch
    assert login_as(UNIT_ADMIN_WXY).get(f"/api/v1/imports/batches/{batch['id']}").status_code == 404


@pytest.mark.parametrize("value, expected", [("1985-06", "1985-06"), ("1985/6", "1985-06"), ("1985年6月", "1985-06"),
                                             ("1985-06-14", "1985-06"), ("1985-13", None), ("June", None)])
def test_birth_month_forms(value, expected):
    from app.services.imports.account_imports import birth_month
    assert birth_month(value) == expected


def test_id_number_checks():
    from app.services.administration import id_numbers
    number = _id_number("11010519491231002")
    assert id_numbers.problem(number) is None and id_numbers.gender(number) == "女"
    wrong = number[:17] + ("5" if number[17] != "5" else "6")
    assert id_numbers.problem(wrong) == id_numbers.BAD_CHECK_DIGIT
    assert id_numbers.problem(number.lower()) is None or number[17] != "X"
    assert id_numbers.problem("1101051949123100") == id_numbers.NOT_18
    assert id_numbers.consistency_problems(number, "1950-01", "男") == [
        ("birth_month", "出生年月与身份证号码不符"), ("gender", "性别与身份证号码不符")]


def test_account_creation_checks_the_id_number(login_as):
    sysadmin = login_as(SYSADMIN)
    jsj = _unit_id(sysadmin, "计算机与网络工程学院")
    good = _id_number("46010019900101001")
    bad = sysadmin.post("/api/v1/accounts", json={"account": "02012001", "name": "甲", "unit_id": jsj,
                                                  "id_number": good[:17] + ("0" if good[17] != "0" else "1")})
    assert bad.get_json()["errors"][0] == {"field": "id_number", "message": "身份证号码校验位错误"}
    taken = sysadmin.post("/api/v1/accounts", json={"account": TEACHER_JSJ, "name": "甲", "unit_id": jsj})
    assert taken.get_json()["errors"][0] == {"field": "account", "message": f"账号 {TEACHER_JSJ} 已存在"}


def test_a_unit_level_system_admin_reaches_his_unit_and_the_units_below_it(app, login_as):
    sysadmin = login_as(SYSADMIN)
    jsj = _unit_id(sysadmin, "计算机与网络工程学院")
    lab = sysadmin.ok("POST", "/api/v1/units", 201, json={"code": "JSJ-AI", "name": "人工智能研究所", "kind": "科研机构",
                                                          "default_research_owner": "科学技术部", "parent_id": jsj})
    created = sysadmin.ok("POST", "/api/v1/accounts", 201, json={"account": "02018001", "name": "严明", "unit_id": jsj})
    sysadmin.ok("POST", "/api/v1/accounts/02018001/grants", 201, json={"role": "system_admin", "unit_id": jsj})
    unit_sysadmin = _first_login(app, "02018001", created["one_time_password"])
    assert unit_sysadmin.ok("GET", "/api/v1/auth/me")["grants"][-1]["unit_name"] == "计算机与网络工程学院"
    listed = {a["account"] for a in unit_sysadmin.ok("GET", "/api/v1/accounts", query_string={"page_size": 200})["items"]}
    assert {TEACHER_JSJ, UNIT_ADMIN_JSJ} <= listed                       # unit-level admins of his unit too
    assert TEACHER_WXY not in listed and "90070001" not in listed and SYSADMIN not in listed
    teacher = unit_sysadmin.ok("POST", "/api/v1/accounts", 201, json={"account": "02018002", "name": "吕晨",
                                                                      "unit_id": lab["id"]})       # a lower unit
    assert teacher["unit_name"] == "人工智能研究所"
    unit_sysadmin.ok("POST", f"/api/v1/accounts/{TEACHER_JSJ}/grants", 201, json={
        "role": "unit_admin", "unit_id": jsj, "categories": ["teaching"]})
    school_role = unit_sysadmin.post(f"/api/v1/accounts/{TEACHER_JSJ}/grants", json={"role": "hr_reviewer"})
    assert school_role.status_code == 403 and school_role.get_json()["message"] == "当前角色不能授予或撤销「人力资源部审核员」"
    assert unit_sysadmin.get(f"/api/v1/accounts/{HR}").status_code == 404
    assert unit_sysadmin.post("/api/v1/units", json={"code": "Y", "name": "Y", "kind": "机关"}).status_code == 403
    acting = {"X-Active-Role": "system_admin"}
    assert unit_sysadmin.get("/api/v1/records", headers=acting).status_code == 404     # no business data either
