"""Personal template imports (catalog §4.3): 病案 for A19 and the 病案列表 of A20/A21, 参考文献 for A22."""
from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from flows import TEACHER_JSJ, create, record_of
from imports_support import xls_bytes, xlsx_bytes
from samples import example

CASES_HEADERS = ["序号", "住院(门诊)号", "病人姓名", "入院日期", "出院日期", "年龄", "性别", "入院诊断", "出院诊断"]
A19_HEADERS = ["序号", "住院号", "姓名", "入院日期", "出院日期", "手术类别", "入院诊断", "出院诊断", "抢救或治疗结果"]


def _day(days_ago: int) -> str:
    return (date.today() - timedelta(days=days_ago)).isoformat()


def _upload(api, template: str, content: bytes, name: str = "病案.xlsx", **form):
    response = api.post(f"/api/v1/imports/personal/{template}/batches", content_type="multipart/form-data",
                        data={"file": (io.BytesIO(content), name), **form})
    return response


def _a20(teacher) -> dict:
    data = {k: v for k, v in example("A20").items() if k not in ("plagiarism_doc", "cases")}
    return create(teacher, "A20", data)


def test_templates_have_the_catalog_columns(login_as):
    teacher = login_as(TEACHER_JSJ)
    for template, headers in (("cases", CASES_HEADERS), ("a19-cases", A19_HEADERS), ("references", ["序号", "年度", "文献名称"])):
        response = teacher.get(f"/api/v1/imports/personal/{template}/template")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
        assert [c.value for c in sheet[1]] == headers
    assert teacher.get("/api/v1/imports/personal/nothing/template").status_code == 404


def test_cases_rows_get_verdicts_and_only_an_all_allowed_file_imports(login_as):
    teacher = login_as(TEACHER_JSJ)
    draft = _a20(teacher)
    bad = [CASES_HEADERS,
           [1, "ZY001", "患者甲", _day(40), _day(30), 35, "男", "胆囊炎", "治愈"],
           [2, "ZY002", "患者乙", _day(30), _day(40), 36, "女", "胆囊炎", "治愈"],          # discharge before admit
           [3, "ZY003", "患者丙", _day(6 * 366), _day(6 * 366 - 5), 37, "男", "胆囊炎", "治愈"],   # outside 5 years
           [4, "ZY004", "患者丁", _day(20), _day(10), 151, "未知", "胆囊炎", "治愈"],      # age, gender
           [5, "ZY001", "患者甲", _day(40), _day(30), 35, "男", "胆囊炎", "治愈"]]          # duplicate of row 2 (序号 aside)
    response = _upload(teacher, "cases", xlsx_bytes(bad), record_id=draft["id"])
    assert response.status_code == 201, response.get_json()
    batch = response.get_json()
    verdicts = {r["row"]: (r["status"], [e["text"] for e in r["errors"]]) for r in batch["rows"]}
    assert verdicts[2] == ("允许导入", [])
    assert verdicts[3] == (None, ["第 3 行，“出院日期”：出院日期不能早于入院日期"])
    assert verdicts[4][1] and all("近5年内" in t for t in verdicts[4][1])
    assert verdicts[5][0] is None
    assert set(verdicts[5][1]) == {"第 5 行，“性别”：“未知”不在可选值中", "第 5 行，“年龄”：不能大于 150"}
    assert verdicts[6] == (None, ["第 6 行：与第 2 行重复"])
    assert batch["can_import"] is False
    refused = teacher.post(f"/api/v1/imports/personal/batches/{batch['id']}/commit")
    assert refused.status_code == 409 and refused.get_json()["message"] == "存在不允许导入的数据，不能正式导入"
    assert record_of(teacher, draft["id"])["data"].get("cases") in (None, [])

    good = [CASES_HEADERS,
            [2, "ZY002", "患者乙", _day(50), _day(45), 36, "女", "胆囊炎", "治愈"],
            [1, "ZY001", "患者甲", _day(40), _day(30), 35, "男", "胆囊炎", "治愈"]]
    batch = _upload(teacher, "cases", xls_bytes(good), "病案.xls", record_id=draft["id"]).get_json()
    assert batch["can_import"] is True and {r["status"] for r in batch["rows"]} == {"允许导入"}
    done = teacher.ok("POST", f"/api/v1/imports/personal/batches/{batch['id']}/commit")
    assert done["imported_count"] == 2 and done["record_ids"] == [draft["id"]]
    cases = record_of(teacher, draft["id"])["data"]["cases"]
    assert [(c["order"], c["admission_no"]) for c in cases] == [(1, "ZY001"), (2, "ZY002")]      # 序号 sets the order
    again = teacher.post(f"/api/v1/imports/personal/batches/{batch['id']}/commit")
    assert again.status_code == 409


def test_a19_rows_become_draft_records(login_as):
    teacher = login_as(TEACHER_JSJ)
    rows = [A19_HEADERS,
            [None, "ZY101", "患者甲", "2025-03-01", "2025-03-09", "二级手术", "阑尾炎", "阑尾炎术后", "治愈"],
            [None, "ZY102", "患者乙", "2025-04-01", "2025-04-03", "无", "胆结石", "胆结石", "好转"]]
    batch = _upload(teacher, "a19-cases", xlsx_bytes(rows)).get_json()
    assert batch["can_import"] is True
    done = teacher.ok("POST", f"/api/v1/imports/personal/batches/{batch['id']}/commit")
    assert done["imported_count"] == 2
    for record_id in done["record_ids"]:
        record = record_of(teacher, record_id)
        assert (record["record_type"], record["status"], record["status_label"]) == ("A19", "draft", "编辑中")


def test_references_are_appended_without_files_and_a_parent_is_needed(login_as):
    teacher = login_as(TEACHER_JSJ)
    rows = [["序号", "年度", "文献名称"], [1, 2024, "急性胆囊炎研究进展"], [2, "２０２３", "腹腔镜技术综述"]]
    missing = _upload(teacher, "references", xlsx_bytes(rows), "文献.xlsx")
    assert missing.status_code == 422 and missing.get_json()["message"] == "请先保存记录，再导入参考文献"
    data = {k: v for k, v in example("A22").items() if k not in ("review_doc", "references")}
    draft = create(teacher, "A22", data)
    other = login_as("02010002")
    assert _upload(other, "references", xlsx_bytes(rows), "文献.xlsx", record_id=draft["id"]).status_code == 404
    batch = _upload(teacher, "references", xlsx_bytes(rows), "文献.xlsx", record_id=draft["id"]).get_json()
    teacher.ok("POST", f"/api/v1/imports/personal/batches/{batch['id']}/commit")
    references = record_of(teacher, draft["id"])["data"]["references"]
    assert [(r["year"], r["ref_title"], r.get("ref_file")) for r in references] == [
        (2024, "急性胆囊炎研究进展", None), (2023, "腹腔镜技术综述", None)]


def test_missing_required_column_is_a_file_level_refusal(login_as):
    teacher = login_as(TEACHER_JSJ)
    response = _upload(teacher, "a19-cases", xlsx_bytes([A19_HEADERS[:3], [1, "ZY1", "甲"]]))
    assert response.status_code == 422 and response.get_json()["message"] == "必填字段“入院日期”未映射"
