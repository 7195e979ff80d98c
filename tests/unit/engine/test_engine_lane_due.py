"""A lane's due time as a BPMN property (超时催办, issue 13 item 3): the lint accepts a duration or a date
field name, refuses anything else with its line, and the compiled process carries it per lane."""
from datetime import timedelta
from pathlib import Path

import pytest

from app.engine import DefinitionInvalidError, parse_duration

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "processes" / "lane_due.bpmn"


def _with_unit_due(value: str) -> bytes:
    return SAMPLE.read_bytes().replace(b'name="due" value="PT6H"', f'name="due" value="{value}"'.encode())


def test_the_lint_accepts_a_duration_and_a_date_field_and_the_compiled_process_carries_them(engine):
    assert engine.lint_bpmn(SAMPLE.read_bytes()) == []
    compiled = engine.compile_process(SAMPLE.read_bytes(), [], "lane_due")
    assert compiled.lane_due == {"unit": "PT6H", "dept": "exam_date"}
    assert [t.lane for t in engine.start("due-sample", compiled.spec_json, {}).ready_user_tasks] == ["unit"]


@pytest.mark.parametrize("value", ["3 days", "P1M", "P1Y", "P0D", "PT", "P3X", "", "exam-date"])
def test_a_malformed_due_value_is_refused_with_its_line(engine, value):
    line = SAMPLE.read_text(encoding="utf-8").splitlines().index(
        '            <spiffworkflow:property name="due" value="PT6H"/>') + 1
    issues = [i for i in engine.lint_bpmn(_with_unit_due(value)) if "property due" in i.message]
    assert len(issues) == 1
    assert issues[0].line == line and f"lane 'unit' property due '{value}'" in issues[0].message
    with pytest.raises(DefinitionInvalidError):
        engine.compile_process(_with_unit_due(value), [], "lane_due")


def test_a_lane_declaring_due_twice_is_refused(engine):
    twice = SAMPLE.read_bytes().replace(b'<spiffworkflow:property name="due" value="PT6H"/>',
                                        b'<spiffworkflow:property name="due" value="PT6H"/>'
                                        b'<spiffworkflow:property name="due" value="P1D"/>')
    assert any("declares the property due twice" in i.message for i in engine.lint_bpmn(twice))


@pytest.mark.parametrize(("text", "length"), [("P3D", timedelta(days=3)), ("PT48H", timedelta(hours=48)),
                                              ("P1DT12H", timedelta(days=1, hours=12)), ("P2W", timedelta(weeks=2)),
                                              ("PT90M", timedelta(minutes=90)), ("P1M", None), ("P0D", None),
                                              ("P", None), ("exam_date", None)])
def test_durations(text, length):
    assert parse_duration(text) == length
