"""Type rules of the record-type forms (app/definitions/type_rules.py, docs/forms.md "Type rules").

Pure tests on the real forms/*.json and the shipped forms/_reference/term_calendar.json; no database.
Catalog: §1.3.1 (T01 unique, T02 in_term, T11 ISBN), §1.3.3 (R03), §1.4.3 (A04/A06), §1.4.8 (A20–A22),
§3.6 (调整), §9 Q15 (A21's 5-year rule off).
"""
from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from app.definitions.discovery import discover
from app.definitions.forms import FormDefinition
from app.definitions.reference import ReferenceDataError, load_term_calendar as load_calendar_direct
from app.definitions.type_rules import (
    RULE_KINDS, RuleContext, UnknownRuleError, apply_prefill, check_rules, is_valid_isbn, load_term_calendar,
)
from app.definitions.validation import FieldError, validate_data
from samples import FORM_DOCS, example, example_codes

ROOT = Path(__file__).resolve().parents[3]
FORMS = {code: FormDefinition(doc) for code, doc in FORM_DOCS.items()}
EXAMPLES = {code: example(code) for code in example_codes()}
TODAY = date(2026, 11, 23)
CALENDAR = load_term_calendar()
UNIT = "山西大同大学计算机与网络工程学院"


def make_ctx(**overrides) -> RuleContext:
    values = {"today": TODAY, "owner_unit_name": UNIT, "find_duplicate": lambda values: False,
              "term_calendar": CALENDAR}
    values.update(overrides)
    return RuleContext(**values)


def example(code: str) -> dict:
    return copy.deepcopy(EXAMPLES[code])


def submit(code: str, data: dict, **ctx) -> list[FieldError]:
    return check_rules(FORMS[code], data, make_ctx(**ctx), for_submit=True)


def save(code: str, data: dict, **ctx) -> list[FieldError]:
    return check_rules(FORMS[code], data, make_ctx(**ctx), for_submit=False)


def case_row(admit: str, discharge: str, n: int = 1) -> dict:
    return {"admission_no": f"ZY{n:04d}", "patient_name": "患者", "gender": "男", "age": 40,
            "admit_date": admit, "discharge_date": discharge, "admit_diagnosis": "胆囊炎",
            "discharge_diagnosis": "治愈", "order": n}


def a20(cases: list[dict], template_entry: str = "是") -> dict:
    data = example("A20")
    data["template_entry"] = template_entry
    data["cases"] = cases
    return data


def recent_cases(count: int) -> list[dict]:
    return [case_row(f"2024-{m:02d}-01", f"2024-{m:02d}-10", m) for m in range(1, count + 1)]


# --------------------------------------------------------------------------- vocabulary and shipped data


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_rule_has_a_known_kind(code):
    for rule in FORMS[code].rules:
        assert rule["kind"] in RULE_KINDS, f"{code}: unknown rule kind {rule['kind']!r}"
    # and check_rules accepts the form (it raises on an unknown kind)
    assert check_rules(FORMS[code], {}, make_ctx(), for_submit=True) == []


def test_unknown_kind_is_refused_not_ignored():
    form = FormDefinition({**FORMS["T02"].doc, "rules": [{"kind": "between", "field": "sessions", "message": "x"}]})
    with pytest.raises(UnknownRuleError, match="between"):
        check_rules(form, {}, make_ctx(), for_submit=False)
    disabled = FormDefinition({**FORMS["T02"].doc, "rules": [{"kind": "between", "enabled": False, "message": "x"}]})
    with pytest.raises(UnknownRuleError):
        check_rules(disabled, {}, make_ctx(), for_submit=True)


def test_unknown_prefill_source_is_refused():
    rules = [{"kind": "prefill", "field": "appraisal_unit", "from": "owner_title", "message": "x"}]
    form = FormDefinition({**FORMS["A06"].doc, "rules": rules})
    with pytest.raises(UnknownRuleError, match="owner_title"):
        check_rules(form, {}, make_ctx(), for_submit=True)
    with pytest.raises(UnknownRuleError):
        apply_prefill(form, {}, make_ctx())


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_every_example_passes_on_submit(code):
    data = example(code)
    apply_prefill(FORMS[code], data, make_ctx())
    assert data == EXAMPLES[code]
    assert check_rules(FORMS[code], data, make_ctx(), for_submit=True) == []


def test_examples_cover_every_form():
    assert set(EXAMPLES) == set(FORMS)


def test_shipped_term_calendar():
    assert CALENDAR["2023-2024-1"] == (date(2023, 9, 1), date(2024, 1, 20))
    assert CALENDAR["2023-2024-2"] == (date(2024, 2, 20), date(2024, 7, 10))
    assert load_calendar_direct() == CALENDAR
    about = json.loads((ROOT / "forms" / "_reference" / "term_calendar.json").read_text(encoding="utf-8"))["_about"]
    assert "[designed]" in about


def test_term_calendar_covers_every_term_enum():
    referenced = {(code, key): prop for code, form in FORMS.items() for key, prop in form.properties.items()
                  if prop.get("x-reference") == "term_calendar"}
    assert {code for code, _ in referenced} >= {"T01", "T02", "G02"}
    for (code, key), prop in referenced.items():
        assert set(prop["enum"]) <= set(CALENDAR), f"{code}.{key}: terms missing from the calendar"


def test_reference_data_is_not_a_record_type():
    assert "term_calendar" not in discover(ROOT).forms          # what deploy reads as record types
    assert (ROOT / "forms" / "_reference" / "term_calendar.json").is_file()


def test_term_calendar_loads_relative_to_the_root(tmp_path):
    folder = tmp_path / "forms" / "_reference"
    folder.mkdir(parents=True)
    (folder / "term_calendar.json").write_text(json.dumps(
        {"_about": "test", "terms": [{"term": "2030-2031-1", "start": "2030-09-01", "end": "2031-01-15"}]}),
        encoding="utf-8")
    assert load_term_calendar(tmp_path) == {"2030-2031-1": (date(2030, 9, 1), date(2031, 1, 15))}


@pytest.mark.parametrize("terms", [
    [{"term": "2030-1", "start": "2030-09-01", "end": "2031-01-15"}],
    [{"term": "2030-2032-1", "start": "2030-09-01", "end": "2031-01-15"}],
    [{"term": "2030-2031-1", "start": "2031-01-15", "end": "2030-09-01"}],
    [{"term": "2030-2031-1", "start": "2030-9-1", "end": "2031-01-15"}],
    [{"term": "2030-2031-1", "start": "2030-09-01", "end": "2031-01-15"}] * 2,
    "not a list",
])
def test_malformed_term_calendar_is_refused(tmp_path, terms):
    folder = tmp_path / "forms" / "_reference"
    folder.mkdir(parents=True)
    (folder / "term_calendar.json").write_text(json.dumps({"terms": terms}), encoding="utf-8")
    with pytest.raises(ReferenceDataError):
        load_term_calendar(tmp_path)


def test_missing_term_calendar_is_refused(tmp_path):
    with pytest.raises(ReferenceDataError, match=r"term_calendar\.json"):
        load_term_calendar(tmp_path)


# --------------------------------------------------------------------------- unique (T01, A06)


def test_t01_unique_duplicate_rejected_with_the_catalog_message():
    received = []

    def find_duplicate(values):
        received.append(dict(values))
        return True

    errors = submit("T01", example("T01"), find_duplicate=find_duplicate)
    assert errors == [FieldError("term", "该课程该教学班级已填报")]
    assert received == [{"term": "2024-2025-2", "course_name": "高等数学", "other_course_name": None,
                         "teaching_class": "2024级数学与应用数学1-2班"}]


def test_t01_unique_accepted_when_no_duplicate():
    assert submit("T01", example("T01"), find_duplicate=lambda values: False) == []


def test_t01_unique_other_course_text_is_part_of_the_key():
    data = example("T01") | {"course_name": "其他课程", "other_course_name": "医学统计学"}
    received = []
    submit("T01", data, find_duplicate=lambda values: received.append(dict(values)) or False)
    assert received[0]["other_course_name"] == "医学统计学"


def test_unique_runs_on_submit_only_and_skips_all_empty_values():
    def refuse(values):
        raise AssertionError("find_duplicate must not be called")

    assert save("T01", example("T01"), find_duplicate=refuse) == []
    assert submit("T01", {"remark": "x"}, find_duplicate=refuse) == []


def test_a06_one_record_per_year():
    data = example("A06")
    assert submit("A06", data, find_duplicate=lambda values: values == {"year": 2025}) == [
        FieldError("year", "该年度的年度考核已填报")]
    assert submit("A06", data, find_duplicate=lambda values: False) == []


# --------------------------------------------------------------------------- in_term (T02)


@pytest.mark.parametrize("exam_date", ["2025-09-01", "2026-01-08", "2026-01-20"])
def test_t02_exam_date_in_term_accepted(exam_date):
    assert submit("T02", example("T02") | {"exam_date": exam_date}) == []


@pytest.mark.parametrize("exam_date", ["2025-08-31", "2026-01-21", "2026-03-01"])
def test_t02_exam_date_outside_term_rejected(exam_date):
    assert submit("T02", example("T02") | {"exam_date": exam_date}) == [
        FieldError("exam_date", "考试日期须在所选学年学期内")]


def test_t02_term_missing_from_calendar_rejected():
    calendar = {k: v for k, v in CALENDAR.items() if k != "2025-2026-1"}
    assert submit("T02", example("T02"), term_calendar=calendar) == [
        FieldError("exam_date", "考试日期须在所选学年学期内")]


def test_t02_in_term_skips_empty_values_and_does_not_run_on_save():
    data = example("T02") | {"exam_date": "2030-01-01"}
    assert save("T02", data) == []
    assert submit("T02", {k: v for k, v in data.items() if k != "term"}) == []
    assert submit("T02", {k: v for k, v in data.items() if k != "exam_date"}) == []
    assert submit("T02", data | {"exam_date": "2026/01/08"}) == []    # malformed: format: date reports it


# --------------------------------------------------------------------------- isbn (T11, R03, A17)


@pytest.mark.parametrize("isbn", ["978-7-04-059673-1", "9787040596731", "978 7 04 059673 1",
                                  "0-306-40615-2", "0306406152", "0-8044-2957-X", "0-8044-2957-x"])
def test_t11_valid_isbn_accepted(isbn):
    assert submit("T11", example("T11") | {"isbn": isbn}) == []


@pytest.mark.parametrize("isbn", ["978-7-04-059673-2", "0-306-40615-3", "0-8044-2957-9", "978-7-04-05967-31X",
                                  "12345", "97870405967311"])
def test_t11_invalid_isbn_rejected(isbn):
    assert submit("T11", example("T11") | {"isbn": isbn}) == [FieldError("isbn", "ISBN格式不正确或校验位错误")]


def test_isbn_runs_on_save_with_each_form_message():
    assert save("T11", example("T11") | {"isbn": "978-7-04-059673-2"}) == [
        FieldError("isbn", "ISBN格式不正确或校验位错误")]
    assert save("R03", example("R03") | {"isbn": "0-306-40615-3"}) == [
        FieldError("isbn", "ISBN格式不正确或校验位错误")]
    assert submit("A17", example("A17") | {"isbn": "978-7-5203-8765-2"}) == [
        FieldError("isbn", "标准书号格式不正确或校验位错误")]
    assert save("T11", example("T11") | {"isbn": ""}) == []


def test_is_valid_isbn():
    assert is_valid_isbn("978-7-5203-8765-1") and is_valid_isbn("0-8044-2957-X")
    assert not is_valid_isbn("0-8044-2957-X0") and not is_valid_isbn("X-8044-2957-0")


# --------------------------------------------------------------------------- lte (本人排名 ≤ 参与人数)


def test_lte_rank_not_above_participants():
    form = FORMS["A11"]
    assert (form.label("rank"), form.label("participants")) == ("本人排名", "参与人数")
    data = example("A11")
    assert submit("A11", data | {"participants": 3, "rank": 3}) == []
    assert submit("A11", data | {"participants": 3, "rank": 4}) == [FieldError("rank", "本人排名不能大于参与人数")]
    assert save("A11", {"participants": 2, "rank": 5}) == [FieldError("rank", "本人排名不能大于参与人数")]
    assert save("A11", {"rank": 5}) == []
    assert save("A04", {"participants": 7, "rank": 8}) == [FieldError("rank", "个人排名不能大于参与人数")]


# --------------------------------------------------------------------------- date_order


def test_date_order_top_level():
    data = example("A01")
    assert submit("A01", data | {"start_date": "2020-03-01", "end_date": "2020-03-01"}) == []
    assert submit("A01", data | {"start_date": "2020-03-02", "end_date": "2020-03-01"}) == [
        FieldError("end_date", "结束日期不能早于开始日期")]
    assert save("A01", {"start_date": "2020-03-02", "end_date": "2020-03-01"}) == [
        FieldError("end_date", "结束日期不能早于开始日期")]
    assert save("A01", {"start_date": "2020-03-02"}) == []


def test_date_order_in_child_rows():
    cases = recent_cases(10)
    cases[1] = case_row("2024-05-10", "2024-05-01", 2)
    assert submit("A20", a20(cases)) == [FieldError("cases[1].discharge_date", "第 2 条病案：出院日期不能早于入院日期")]
    assert save("A20", a20(cases)) == [FieldError("cases[1].discharge_date", "第 2 条病案：出院日期不能早于入院日期")]
    assert submit("A21", example("A21") | {"cases": cases[:2]}) == [
        FieldError("cases[1].discharge_date", "第 2 条病案：出院日期不能早于入院日期")]


# --------------------------------------------------------------------------- recent_years (A20, A21)


def test_a20_case_six_years_old_rejected_with_its_row_number():
    cases = recent_cases(10)
    cases[2] = case_row("2020-11-01", "2020-11-15", 3)
    assert submit("A20", a20(cases)) == [FieldError("cases[2].admit_date", "第 3 条病案：日期须在近5年内")]


def test_a20_all_cases_within_five_years_accepted():
    assert submit("A20", a20(recent_cases(10))) == []
    boundary = recent_cases(10)
    boundary[0] = case_row("2021-11-23", "2026-11-23", 1)      # exactly today − 5 years, and today
    assert submit("A20", a20(boundary)) == []


@pytest.mark.parametrize(("admit", "discharge", "field"), [
    ("2021-11-22", "2021-12-01", "admit_date"),      # one day too old
    ("2026-11-20", "2026-11-24", "discharge_date"),  # after today
])
def test_a20_five_year_window_edges(admit, discharge, field):
    cases = recent_cases(10)
    cases[9] = case_row(admit, discharge, 10)
    assert submit("A20", a20(cases)) == [FieldError(f"cases[9].{field}", "第 10 条病案：日期须在近5年内")]


def test_a20_today_is_the_submit_or_adjust_date():
    cases = recent_cases(10)
    cases[0] = case_row("2021-12-01", "2021-12-10", 1)
    assert submit("A20", a20(cases)) == []
    assert submit("A20", a20(cases), today=date(2026, 12, 2)) == [
        FieldError("cases[0].admit_date", "第 1 条病案：日期须在近5年内")]


def test_a20_recent_years_runs_on_submit_not_on_save():
    cases = recent_cases(10)
    cases[4] = case_row("2019-01-01", "2019-01-10", 5)
    assert save("A20", a20(cases)) == []
    assert submit("A20", a20(cases)) == [FieldError("cases[4].admit_date", "第 5 条病案：日期须在近5年内")]


def test_a20_nine_cases_fail_through_validate_data_and_check_rules():
    data, form = a20(recent_cases(9)), FORMS["A20"]
    assert check_rules(form, data, make_ctx(), for_submit=True) == []
    errors = validate_data(form, data, for_submit=True) + check_rules(form, data, make_ctx(), for_submit=True)
    assert errors == [FieldError("cases", "病案数量不少于10份")]
    assert validate_data(form, data, for_submit=False) == []

    data["cases"][0] = case_row("2010-01-01", "2010-01-02", 1)
    errors = validate_data(form, data, for_submit=True) + check_rules(form, data, make_ctx(), for_submit=True)
    assert errors == [FieldError("cases", "病案数量不少于10份"),
                      FieldError("cases[0].admit_date", "第 1 条病案：日期须在近5年内")]


def test_a21_five_year_rule_is_disabled():
    rule = next(r for r in FORMS["A21"].rules if r["kind"] == "recent_years")
    assert rule["enabled"] is False
    data = example("A21") | {"cases": [case_row("2010-01-01", "2010-01-10", 1)]}
    assert submit("A21", data) == []


def test_when_gates_the_rule():
    cases = recent_cases(10)
    cases[0] = case_row("2010-01-01", "2010-01-10", 1)
    assert submit("A20", a20(cases, template_entry="否")) == []
    no_answer = a20(cases)
    del no_answer["template_entry"]
    assert submit("A20", no_answer) == []
    assert submit("A20", a20(cases, template_entry="是")) == [
        FieldError("cases[0].admit_date", "第 1 条病案：日期须在近5年内")]


# --------------------------------------------------------------------------- each_attachment (A22)


def test_a22_reference_without_attachment_rejected():
    data = example("A22")
    data["references"][4]["ref_file"] = []
    del data["references"][11]["ref_file"]
    assert submit("A22", data) == [FieldError("references[4].ref_file", "第 5 条参考文献未上传附件"),
                                   FieldError("references[11].ref_file", "第 12 条参考文献未上传附件")]


def test_a22_every_reference_with_attachment_accepted():
    data = example("A22")
    assert all(row["ref_file"] for row in data["references"])
    assert submit("A22", data) == []
    assert save("A22", data | {"references": [{"year": 2020, "ref_title": "文献", "ref_file": []}]}) == []


def test_a22_empty_file_list_passes_the_schema_and_fails_the_rule():
    data = example("A22")
    data["references"][0]["ref_file"] = []
    assert validate_data(FORMS["A22"], data, for_submit=True) == []
    assert submit("A22", data) == [FieldError("references[0].ref_file", "第 1 条参考文献未上传附件")]


# --------------------------------------------------------------------------- prefill (A06)


def test_a06_prefill_fills_the_unit_over_a_typed_value():
    data = example("A06") | {"appraisal_unit": "手填单位"}
    apply_prefill(FORMS["A06"], data, make_ctx(owner_unit_name="教务部"))
    assert data["appraisal_unit"] == "教务部"
    assert submit("A06", data, owner_unit_name="教务部") == []


def test_a06_without_unit_saves_but_cannot_submit():
    data = example("A06") | {"appraisal_unit": "手填单位"}
    for unit in (None, "", "  "):
        apply_prefill(FORMS["A06"], data, make_ctx(owner_unit_name=unit))
        assert data["appraisal_unit"] == "手填单位"
        assert save("A06", data, owner_unit_name=unit) == []
        assert submit("A06", data, owner_unit_name=unit) == [
            FieldError("appraisal_unit", "未绑定工作单位，只能保存不能提交")]


def test_apply_prefill_leaves_forms_without_prefill_alone():
    data = example("T01")
    apply_prefill(FORMS["T01"], data, make_ctx())
    assert data == EXAMPLES["T01"]


# --------------------------------------------------------------------------- only_fields (调整, catalog §3.6)


def test_only_fields_restricts_to_rules_touching_the_adjusted_list():
    cases = recent_cases(10)
    cases[0] = case_row("2010-01-01", "2010-01-10", 1)
    cases[1] = case_row("2024-05-10", "2024-05-01", 2)
    form, data, ctx = FORMS["A20"], a20(cases), make_ctx()
    expected = [FieldError("cases[0].admit_date", "第 1 条病案：日期须在近5年内"),
                FieldError("cases[1].discharge_date", "第 2 条病案：出院日期不能早于入院日期")]
    assert check_rules(form, data, ctx, for_submit=True, only_fields={"cases"}) == expected
    assert check_rules(form, data, ctx, for_submit=True, only_fields={"topic_name"}) == []
    assert check_rules(form, data, ctx, for_submit=True, only_fields={"template_entry"}) == []


def test_only_fields_skips_unique_lookup_for_other_fields():
    def refuse(values):
        raise AssertionError("find_duplicate must not be called")

    assert check_rules(FORMS["T01"], example("T01"), make_ctx(find_duplicate=refuse), for_submit=True,
                       only_fields=["remark"]) == []
