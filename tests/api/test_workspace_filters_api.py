"""The review workspace lists (catalog §5.1, §5.4; seed 000 二(二)2(3)): 审核状态, 环节, 提交时间 and 所属单位
filters on 待审核 / 已审核 / 全部, the 合计 of every tab, pending counts per type, 导出 of the filtered list,
and the active role's scope around every filter.

Five T04 records reach 教务部: 赵志睿 (教师工作部) with 1, 2 and 5 场次 and 王芳 (文学院) with 3 and 4 场次
(工作量 = 4 × 场次). 赵志睿's first record is dated 2025-03-01, the others 2025-06-10 (school clock).
"""
from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from flows import (DEPT, HR, SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_WXY, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, act, create,
                   inbox)

SCHOOL = ZoneInfo("Asia/Shanghai")
JWB = DEPT["教务部"]


def _submitted_on(app, record_ids: list[int], day: datetime) -> None:
    """Back-date the 提交时间 of ``record_ids`` (they were all submitted just now); a bulk UPDATE, so it
    refreshes the copies on the records' tasks itself (app/models/task_projection.py)."""
    from app.models import Record
    from app.models.task_projection import refresh_tasks
    from app.services.uow import unit_of_work
    with app.app_context(), unit_of_work() as session:
        session.execute(sa.update(Record).where(Record.id.in_(record_ids)).values(submitted_at=day.astimezone(UTC)))
        refresh_tasks(session, record_ids)


@pytest.fixture
def at_jwb(app, login_as) -> dict:
    """The five records at 教务部; returns {account: [record ids]} and the unit ids by name."""
    made: dict[str, list[int]] = {}
    for teacher, admin, sessions in ((TEACHER_JSGZB, UNIT_ADMIN_JSGZB, (1, 2, 5)), (TEACHER_WXY, UNIT_ADMIN_WXY, (3, 4))):
        api = login_as(teacher)
        made[teacher] = [create(api, "T04", SEED000_T04 | {"sessions": n}, submit=True)["id"] for n in sessions]
        login_as(admin).ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "filter": {"record_type": "T04"}})
    _submitted_on(app, made[TEACHER_JSGZB][:1], datetime(2025, 3, 1, 9, 30, tzinfo=SCHOOL))
    _submitted_on(app, made[TEACHER_JSGZB][1:] + made[TEACHER_WXY], datetime(2025, 6, 10, 23, 30, tzinfo=SCHOOL))
    units = {u["name"]: u["id"] for u in login_as(HR).ok("GET", "/api/v1/tasks/units")}
    return {"records": made, "units": units}


def _ids(page: dict, *, tasks: bool = True) -> set[int]:
    return {(i["record"]["id"] if tasks else i["id"]) for i in page["items"]}


def _scope(api, **params) -> dict:
    """The 全部 tab: GET /records?view=scope."""
    return api.ok("GET", "/api/v1/records", query_string={"view": "scope", "page_size": 100, **params})


# --------------------------------------------------------------------------- 合计 and the filters

def test_total_by_a_teachers_account_is_the_sum_of_his_visible_records_in_every_tab(at_jwb, login_as):
    dept = login_as(JWB)
    zhao = set(at_jwb["records"][TEACHER_JSGZB])
    for tab in ({"state": "open"}, {"view": "scope"}):
        everything = inbox(dept, record_type="T04", page_size=100, **tab) if "state" in tab else _scope(dept, record_type="T04")
        tasks = "state" in tab
        visible = [(i["record"] if tasks else i) for i in everything["items"]]
        mine = [r for r in visible if r["owner"]["account"] == TEACHER_JSGZB]
        filtered = (inbox(dept, record_type="T04", q=TEACHER_JSGZB, page_size=100) if tasks
                    else _scope(dept, record_type="T04", q=TEACHER_JSGZB))
        assert _ids(filtered, tasks=tasks) == {r["id"] for r in mine} == zhao
        assert filtered["totals"]["workload"] == sum(r["workload"] for r in mine) == 4 * (1 + 2 + 5)
    unit = login_as(UNIT_ADMIN_JSGZB)                  # 已审核: the unit lane's three decisions
    done = inbox(unit, state="done", record_type="T04", q=TEACHER_JSGZB)
    assert _ids(done) == zhao and done["totals"]["workload"] == 32


def test_the_unit_filter_narrows_every_tab_and_its_total(at_jwb, login_as):
    dept, wxy = login_as(JWB), at_jwb["units"]["文学院"]
    wang = set(at_jwb["records"][TEACHER_WXY])
    pending = inbox(dept, record_type="T04", unit_id=wxy)
    assert _ids(pending) == wang and pending["total"] == 2 and pending["totals"]["workload"] == 28
    everything = _scope(dept, record_type="T04", unit_id=wxy)
    assert _ids(everything, tasks=False) == wang and everything["totals"]["workload"] == 28
    assert {i["owner_unit"] for i in everything["items"]} == {"文学院"}
    done = inbox(login_as(UNIT_ADMIN_WXY), state="done", record_type="T04", unit_id=wxy)
    assert _ids(done) == wang


def test_the_submission_range_takes_whole_school_days_at_both_ends(at_jwb, login_as):
    dept = login_as(JWB)
    first, *rest = at_jwb["records"][TEACHER_JSGZB]
    march = inbox(dept, record_type="T04", submitted_from="2025-03-01", submitted_to="2025-03-01")
    assert _ids(march) == {first} and march["totals"]["workload"] == 4
    june = inbox(dept, record_type="T04", submitted_from="2025-06-10", submitted_to="2025-06-10")   # 23:30 local
    assert _ids(june) == set(rest) | set(at_jwb["records"][TEACHER_WXY])
    assert inbox(dept, record_type="T04", submitted_from="2025-06-11")["total"] == 0
    assert _ids(_scope(dept, record_type="T04", submitted_to="2025-05-31"), tasks=False) == {first}
    backwards = dept.get("/api/v1/tasks", query_string={"submitted_from": "2025-06-10", "submitted_to": "2025-03-01"})
    assert backwards.status_code == 422
    assert backwards.get_json()["errors"][0]["field"] == "submitted_to"


def test_status_and_lane_filters_follow_the_records_columns(at_jwb, login_as):
    dept, hr = login_as(JWB), login_as(HR)
    first, second, third = at_jwb["records"][TEACHER_JSGZB]
    act(dept, first)                                   # → 人力资源部
    act(hr, first)                                     # → approved
    act(dept, second)                                  # → 人力资源部
    act(dept, third, "return", comment="请补充监考安排")   # → back to 赵志睿
    everything = _scope(hr, record_type="T04")
    assert _ids(_scope(hr, record_type="T04", status="approved"), tasks=False) == {first}
    assert _ids(_scope(hr, record_type="T04", status="returned"), tasks=False) == {third}
    assert _ids(_scope(hr, record_type="T04", lane="hr"), tasks=False) == {second}
    assert _ids(_scope(hr, record_type="T04", lane="dept"), tasks=False) == set(at_jwb["records"][TEACHER_WXY])
    assert _ids(_scope(hr, record_type="T04", lane="applicant"), tasks=False) == {third}
    for lane in ("hr", "dept", "applicant"):           # each lane filter keeps exactly its rows of 全部
        rows = [i for i in everything["items"] if i["current_lane"] == lane]
        assert _scope(hr, record_type="T04", lane=lane)["total"] == len(rows)
    done = inbox(dept, state="done", record_type="T04", status="approved")
    assert _ids(done) == {first}
    assert _ids(inbox(dept, state="done", record_type="T04", status="returned")) == {third}
    assert inbox(dept, record_type="T04", lane="unit")["total"] == 0
    assert inbox(dept, record_type="T04", lane="dept")["total"] == 2
    assert dept.get("/api/v1/tasks", query_string={"lane": "boss"}).status_code == 422


def test_batch_review_of_every_filtered_row_honours_the_new_filters(at_jwb, login_as):
    dept = login_as(JWB)
    result = dept.ok("POST", "/api/v1/tasks/batch", json={
        "action": "approve", "filter": {"record_type": "T04", "unit_id": at_jwb["units"]["文学院"]}})
    assert result["succeeded"] == 2 and {r["record_id"] for r in result["results"]} == set(at_jwb["records"][TEACHER_WXY])
    assert _ids(inbox(dept, record_type="T04")) == set(at_jwb["records"][TEACHER_JSGZB])


# --------------------------------------------------------------------------- scope

def test_units_offered_are_those_of_the_active_roles_scope(at_jwb, login_as):
    hr_units = login_as(HR).ok("GET", "/api/v1/tasks/units")
    assert {"教务部", "文学院", "教师工作部", "人力资源部"} <= {u["name"] for u in hr_units}
    assert {u["name"] for u in login_as(JWB).ok("GET", "/api/v1/tasks/units")} == {"教师工作部", "文学院"}
    assert [u["name"] for u in login_as(UNIT_ADMIN_WXY).ok("GET", "/api/v1/tasks/units")] == ["文学院"]


def test_a_unit_outside_the_callers_scope_is_refused_everywhere(at_jwb, login_as):
    wxy_admin, jsgzb = login_as(UNIT_ADMIN_WXY), at_jwb["units"]["教师工作部"]
    science = login_as(DEPT["科学技术部"])              # T04 never routes through 科学技术部
    for api in (wxy_admin, science):
        for url, params in (("/api/v1/tasks", {}), ("/api/v1/tasks", {"state": "done"}), ("/api/v1/tasks/export", {}),
                            ("/api/v1/records", {"view": "scope"}), ("/api/v1/records/export", {"view": "scope"})):
            response = api.get(url, query_string={"unit_id": jsgzb, **params})
            assert response.status_code == 422, (api.account, url)
            assert response.get_json()["errors"] == [{"field": "unit_id", "message": "所属单位不在当前角色的查询范围内"}]
        refused = api.post("/api/v1/tasks/batch", json={"action": "approve", "filter": {"unit_id": jsgzb}})
        assert refused.status_code == 422
    # the unit admin's own unit is accepted and shows only what his role sees
    own = inbox(wxy_admin, state="done", unit_id=at_jwb["units"]["文学院"])
    assert _ids(own) == set(at_jwb["records"][TEACHER_WXY])


# --------------------------------------------------------------------------- pending counts

def test_pending_counts_per_type_equal_each_types_inbox_total(at_jwb, login_as):
    create(login_as(TEACHER_WXY), "T01", T01_DATA, submit=True)
    for account in (JWB, HR, UNIT_ADMIN_WXY, UNIT_ADMIN_JSGZB):
        api = login_as(account)
        counts = api.ok("GET", "/api/v1/tasks/counts")
        assert counts["total"] == inbox(api)["total"] == sum(counts["counts"].values())
        for code, n in counts["counts"].items():
            assert inbox(api, record_type=code)["total"] == n, (account, code)
    assert login_as(JWB).ok("GET", "/api/v1/tasks/counts")["counts"] == {"T04": 5}
    assert login_as(UNIT_ADMIN_WXY).ok("GET", "/api/v1/tasks/counts")["counts"] == {"T01": 1}


# --------------------------------------------------------------------------- 导出

def _book(api, url: str, **params):
    response = api.get(url, query_string=params)
    assert response.status_code == 200, response.get_json() if response.is_json else response.status
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


def _rows(sheet) -> tuple[list[str], list[dict], list]:
    values = [list(row) for row in sheet.iter_rows()]
    headers = [c.value for c in values[0]]
    body, total = values[1:-1], values[-1]
    assert total[0].value == "合计"
    return headers, [dict(zip(headers, row, strict=True)) for row in body], [c.value for c in total]


def test_pending_export_holds_exactly_the_filtered_rows_with_typed_cells(at_jwb, login_as):
    dept = login_as(JWB)
    params = {"record_type": "T04", "unit_id": at_jwb["units"]["教师工作部"], "submitted_from": "2025-06-01"}
    shown = inbox(dept, **params, page_size=100)
    headers, rows, total = _rows(_book(dept, "/api/v1/tasks/export", **params).active)
    assert headers[-1] == "当前环节" and "审核状态" in headers
    by_id = {i["record"]["id"]: i for i in shown["items"]}
    assert len(rows) == shown["total"] == 2
    assert [r["工作量"].value for r in rows] == [by_id[i]["record"]["workload"] for i in sorted(by_id)]
    for row in rows:
        assert row["账号"].value == TEACHER_JSGZB and row["账号"].data_type == "s"     # 工号 stays text
        assert row["工作量"].data_type == "n" and row["监考/考务场次"].data_type == "n"
        assert row["申报日期"].is_date and row["申报日期"].value.date() == date(2025, 6, 10)
        assert row["当前环节"].value == "职能部门审核"
    assert Decimal(str(total[headers.index("工作量")])) == Decimal(str(shown["totals"]["workload"])) == 28


def test_done_and_all_exports_follow_their_tabs_and_keep_formulas_as_text(at_jwb, login_as):
    teacher, dept = login_as(TEACHER_WXY), login_as(JWB)
    tricky = create(teacher, "T04", SEED000_T04 | {"sessions": 6, "remark": "=SUM(A1:A9)"}, submit=True)
    act(login_as(UNIT_ADMIN_WXY), tricky["id"])
    act(dept, tricky["id"])
    headers, rows, total = _rows(_book(dept, "/api/v1/tasks/export", state="done", record_type="T04").active)
    assert headers[-4:] == ["审核环节", "处理结果", "处理人", "处理时间"]
    assert len(rows) == 1 and rows[0]["处理结果"].value == "通过" and rows[0]["处理人"].value == "邓超"
    assert rows[0]["处理时间"].is_date
    assert rows[0]["备注"].value == "=SUM(A1:A9)" and rows[0]["备注"].data_type == "s" and rows[0]["备注"].quotePrefix
    everything = _scope(dept, record_type="T04", unit_id=at_jwb["units"]["文学院"])
    headers, rows, total = _rows(_book(dept, "/api/v1/records/export", view="scope", record_type="T04",
                                       unit_id=at_jwb["units"]["文学院"]).active)
    assert len(rows) == everything["total"] == 3
    assert {r["工作量"].value for r in rows} == {12, 16, 24}
    assert total[headers.index("工作量")] == everything["totals"]["workload"] == 52
