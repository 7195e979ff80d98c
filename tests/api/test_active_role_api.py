"""The browser's active role (X-Active-Role, seed 000 二(一)2): grants narrowed per request; /auth/me labels."""
from flows import SEED000_T04, TEACHER_JSJ, UNIT_ADMIN_JSGZB, UNIT_ADMIN_JSJ, create, inbox


def test_me_lists_every_role_with_its_chinese_label_whatever_the_active_role(login_as):
    api = login_as(UNIT_ADMIN_JSJ)                      # 黄磊: teacher + 二级单位管理员 of 计算机与网络工程学院
    me = api.ok("GET", "/api/v1/auth/me", headers={"X-Active-Role": "teacher"})
    assert me["role_options"] == [
        {"role": "teacher", "label": "教职工", "units": []},
        {"role": "unit_admin", "label": "二级单位管理员", "units": ["计算机与网络工程学院"]},
    ]


def test_acting_as_teacher_narrows_a_unit_admin_to_his_own_records(login_as):
    teacher, admin = login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSJ)
    theirs = create(teacher, "T04", SEED000_T04, submit=True)
    own = create(admin, "T04", SEED000_T04 | {"exam_type": "研究生入学考试"})
    as_admin = {"X-Active-Role": "unit_admin"}
    as_teacher = {"X-Active-Role": "teacher"}

    pending = admin.ok("GET", "/api/v1/tasks", headers=as_admin, query_string={"record_type": "T04"})
    assert [t["record"]["id"] for t in pending["items"]] == [theirs["id"]]
    assert admin.ok("GET", "/api/v1/tasks", headers=as_teacher)["total"] == 0
    assert admin.get(f"/api/v1/records/{theirs['id']}", headers=as_teacher).status_code == 404
    assert admin.get(f"/api/v1/records/{theirs['id']}", headers=as_admin).status_code == 200
    scope = admin.ok("GET", "/api/v1/records", headers=as_teacher, query_string={"view": "scope"})
    assert [r["id"] for r in scope["items"]] == [own["id"]]
    # no header: every grant applies, as before
    assert inbox(admin, record_type="T04")["total"] == 1


def test_an_ungranted_or_unknown_active_role_is_403_with_a_chinese_message(login_as):
    api = login_as(UNIT_ADMIN_JSGZB)                    # 曹阳: 二级单位管理员 only
    for role, label in (("hr_reviewer", "人力资源部审核员"), ("nonsense", "nonsense")):
        response = api.get("/api/v1/records", headers={"X-Active-Role": role})
        body = response.get_json()
        assert response.status_code == 403 and body["code"] == "permission_denied"
        assert body["message"] == f"当前账号没有「{label}」角色，请重新选择角色"
    assert api.get("/api/v1/auth/me", headers={"X-Active-Role": "nonsense"}).status_code == 200


def test_pending_counts_per_type_follow_the_active_role(login_as):
    teacher, admin = login_as(TEACHER_JSJ), login_as(UNIT_ADMIN_JSJ)
    create(teacher, "T04", SEED000_T04, submit=True)
    create(teacher, "T04", SEED000_T04 | {"exam_type": "计算机等级考试", "assessment_year": 2024}, submit=True)
    counts = admin.ok("GET", "/api/v1/tasks/counts", headers={"X-Active-Role": "unit_admin"})
    assert counts == {"counts": {"T04": 2}, "total": 2}
    assert admin.ok("GET", "/api/v1/tasks/counts", headers={"X-Active-Role": "teacher"}) == {"counts": {}, "total": 0}
    by_year = admin.ok("GET", "/api/v1/tasks", headers={"X-Active-Role": "unit_admin"},
                       query_string={"record_type": "T04", "year": 2024})
    assert by_year["total"] == 1 and by_year["items"][0]["record"]["assessment_year"] == 2024
