"""``flask seed-demo``'s records (app/services/demo_content.py): the promised spread, filed through the
services, idempotent; ``--no-content`` seeds the organisation only."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Record, ReferenceSetting, ReviewEvent, User, UserTask, WithdrawalRequest
from app.services.demo_content import seed_demo_records
from app.services.reference.values import DEFAULT_YEAR_KEY, default_assessment_year
from app.services.uow import unit_of_work


@pytest.fixture
def seeded(app, ctx, store):
    report = seed_demo_records(app.config["DEMO_RECORDS_FILE"])
    return report, db.session.scalars(select(Record)).all()


def test_every_status_and_every_review_lane_is_shown(seeded):
    report, records = seeded
    assert report["records_created"] == len(records) >= 20
    statuses = {r.status for r in records}
    assert {"draft", "in_review", "returned", "approved"} <= statuses
    lanes = {r.current_lane for r in records if r.status == "in_review"}
    assert {"unit", "dept", "hr"} <= lanes, lanes
    open_lanes = {t.lane for t in db.session.scalars(select(UserTask).where(UserTask.status == "open"))}
    assert {"unit", "dept", "hr", "applicant"} <= open_lanes


def test_returned_records_carry_the_reviewers_comment(seeded):
    _, records = seeded
    returned = [r for r in records if r.status == "returned"]
    assert len(returned) >= 2
    for record in returned:
        event = db.session.scalar(select(ReviewEvent).where(ReviewEvent.record_id == record.id,
                                                            ReviewEvent.action == "return"))
        assert event is not None and len(event.comment) >= 10, record.id


def test_a_withdrawn_record_is_a_draft_again_with_its_withdrawal(seeded):
    _, records = seeded
    withdrawal = db.session.scalar(select(WithdrawalRequest))
    assert withdrawal is not None and withdrawal.reason
    assert next(r for r in records if r.id == withdrawal.record_id).status == "draft"


def test_several_teachers_units_and_record_types_workload_and_library(seeded):
    _, records = seeded
    assert len({r.owner_id for r in records}) >= 5
    assert len({r.owner_unit_id for r in records}) >= 4
    types = {r.record_type_code for r in records}
    assert {"T01", "T04", "T05", "A01", "A19", "A22"} <= types
    a22 = next(r for r in records if r.record_type_code == "A22")
    assert len(a22.data["references"]) >= 20 and all(row["ref_file"] for row in a22.data["references"])
    assert a22.data["review_doc"]
    t05 = next(r for r in records if r.record_type_code == "T05")
    assert t05.origin == "unit_import" and t05.submitter_id != t05.owner_id


def test_the_seed000_teacher_sees_every_status(seeded):
    _, records = seeded
    zhao = db.session.scalar(select(User).where(User.account == "01090023"))
    mine = [r for r in records if r.owner_id == zhao.id]
    assert {"draft", "in_review", "returned", "approved"} <= {r.status for r in mine}
    assert {r.record_type_code for r in mine} >= {"T01", "T04", "A01"}


def test_seeding_twice_adds_nothing(app, seeded):
    report, records = seeded
    again = seed_demo_records(app.config["DEMO_RECORDS_FILE"])
    assert again == {"records_created": 0, "records_skipped": report["records_created"], "statuses": {},
                     "default_year_seeded": None}
    assert db.session.scalar(select(func.count(Record.id))) == len(records)


def test_the_cli_seeds_the_organisation_only_with_no_content(app, db_session):
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--no-content"])
        assert result.exit_code == 0, result.output
        assert "demo organisation:" in result.output and "demo records" not in result.output
        assert db.session.scalar(select(func.count(Record.id))) == 0


@pytest.mark.parametrize("account", ["10019001", "90010001", "90070001", "02019001", "05019001"])
def test_each_demo_reviewer_has_something_to_review(seeded, login_as, account):
    inbox = login_as(account).ok("GET", "/api/v1/tasks")
    assert inbox["total"] >= 1, account


@pytest.mark.parametrize("account", ["01090023", "02010001", "02010002", "03010001", "05010001", "05010002"])
def test_each_demo_teacher_sees_records_on_my_dashboard(seeded, login_as, account):
    dashboard = login_as(account).ok("GET", "/api/v1/record-types/dashboard")
    assert dashboard, account
    listing = login_as(account).ok("GET", "/api/v1/records", query_string={"view": "mine"})
    assert listing["total"] >= 2, account


def test_a_new_record_in_the_demo_starts_in_the_year_of_its_records(seeded):
    report, records = seeded
    years = {r.assessment_year for r in records if r.assessment_year is not None}
    assert years == {2025}
    assert report["default_year_seeded"] == 2025
    assert default_assessment_year(db.session) == 2025


def test_the_demo_keeps_a_default_year_already_set(app, ctx, store, tmp_path):
    with unit_of_work() as session:
        session.add(ReferenceSetting(key=DEFAULT_YEAR_KEY, value=2030))
    demo = tmp_path / "demo-records.json"
    demo.write_text('{"default_assessment_year": 2025, "records": []}', encoding="utf-8")
    assert seed_demo_records(demo)["default_year_seeded"] is None
    assert default_assessment_year(db.session) == 2030
