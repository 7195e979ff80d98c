"""保存/提交 preparation is one pure function over the form and the facts the service gathered (issue 7 item 2).

No database, no clock: every fact is passed in, so each rule of the pipeline is checked here directly.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from samples import FORM_DOCS

from app.definitions.forms import FormDefinition
from app.definitions.preparation import PreparationFacts, prepare_record_data
from app.definitions.reference import load_term_calendar
from app.definitions.type_rules import RuleContext

T04 = FormDefinition(FORM_DOCS["T04"])
R01 = FormDefinition(FORM_DOCS["R01"])
T04_DATA = {"assessment_year": 2025, "task_type": "监考", "sessions": 3, "exam_type": "大学四级考试"}


def facts(*, decisions=None, workload=None, file_ids=None, row_files=None, duplicate=False) -> PreparationFacts:
    rules = RuleContext(today=date(2025, 6, 1), owner_unit_name="计算机与网络工程学院",
                        find_duplicate=lambda values: duplicate, term_calendar=load_term_calendar())
    return PreparationFacts(field_decisions=decisions or {}, workload=workload, file_ids=file_ids,
                            row_files=row_files or {}, rules=rules)


def test_workload_comes_from_the_decision_output_never_from_the_client():
    seen = []
    prepared = prepare_record_data(T04, {**T04_DATA, "workload": 999},
                                   facts(workload=lambda inputs: seen.append(dict(inputs)) or {"workload": 12}),
                                   for_submit=True)
    assert prepared.errors == [] and prepared.data["workload"] == 12 and prepared.workload == Decimal("12")
    assert seen[0]["sessions"] == 3 and seen[0].get("workload") != 999          # read-only: never the client's


def test_a_table_that_cannot_run_leaves_workload_empty_on_save():
    prepared = prepare_record_data(T04, {"task_type": "监考"}, facts(workload=lambda inputs: {}), for_submit=False)
    assert "workload" not in prepared.data and prepared.workload is None


def test_file_fields_are_the_servers_and_absent_before_the_first_save():
    sent = {**T04_DATA, "attachments": [99]}
    new = prepare_record_data(T04, sent, facts(workload=lambda i: {"workload": 12}), for_submit=False)
    assert "attachments" not in new.data
    saved = prepare_record_data(T04, sent, facts(workload=lambda i: {"workload": 12}, file_ids={"attachments": [3, 5]}),
                                for_submit=False)
    assert saved.data["attachments"] == [3, 5]


def test_decided_fields_are_filled_and_cannot_be_overridden():
    decided = {"research_owner": {"value": "科学技术部", "editable": False}}
    prepared = prepare_record_data(R01, {"research_owner": "人文社科部"}, facts(decisions=decided), for_submit=False)
    assert prepared.data["research_owner"] == "科学技术部"
    assert any(e["field"] == "research_owner" for e in prepared.errors)
    missing = prepare_record_data(R01, {}, facts(decisions={"research_owner": {"value": None, "editable": False}}),
                                  for_submit=True)
    assert any(e["field"] == "research_owner" and "科研归属单位" in e["message"] for e in missing.errors)


def test_the_duplicate_finder_is_a_fact():
    unique = [r for r in T04.rules if r.get("kind") == "unique"]
    once = prepare_record_data(T04, T04_DATA, facts(workload=lambda i: {"workload": 12}), for_submit=True)
    twice = prepare_record_data(T04, T04_DATA, facts(workload=lambda i: {"workload": 12}, duplicate=True),
                                for_submit=True)
    assert once.errors == []
    assert bool(twice.errors) is bool(unique)


def test_data_that_is_not_an_object_is_one_error():
    prepared = prepare_record_data(T04, ["not", "an", "object"], facts(), for_submit=False)
    assert prepared.errors == [{"field": "data", "message": "表单数据必须是对象"}]
