"""Standalone decisions (catalog §2.2 research_owner_default, §1.2 workload_T04) and DMN cell forms."""
from __future__ import annotations

import pytest
from engine_support import RULES, read

from app.engine import DefinitionInvalidError, ExpressionFailedError

RESEARCH_OWNER_DEFAULT = read(RULES / "research_owner_default.dmn")
WORKLOAD_T04 = read(RULES / "workload_T04.dmn")


@pytest.mark.parametrize(
    ("unit_type", "default_owner", "expected"),
    [
        ("学院", "科学技术部", {"research_owner": "科学技术部", "research_owner_editable": False}),
        ("科研机构", "人文社科部", {"research_owner": "人文社科部", "research_owner_editable": False}),
        ("学院", None, {"research_owner": None, "research_owner_editable": False}),
        ("机关", None, {"research_owner": None, "research_owner_editable": True}),
        ("教辅", "科学技术部", {"research_owner": None, "research_owner_editable": True}),
    ],
)
def test_research_owner_default_rows(engine, unit_type, default_owner, expected):
    inputs = {"unit_type": unit_type, "default_research_owner": default_owner}
    assert engine.evaluate_decision("research_owner_default", RESEARCH_OWNER_DEFAULT, inputs) == expected


def test_research_owner_default_unknown_unit_type_matches_nothing(engine):
    inputs = {"unit_type": "附属医院", "default_research_owner": "科学技术部"}
    assert engine.evaluate_decision("research_owner_default", RESEARCH_OWNER_DEFAULT, inputs) == {}


@pytest.mark.parametrize(
    ("task_type", "sessions", "workload"),
    [("监考", 1, 4), ("监考", 3, 12), ("考务", 1, 4), ("考务", 5, 20)],
)
def test_workload_t04_is_four_per_session(engine, task_type, sessions, workload):
    """S000 一(二)6–7: 监考, 1 场 → 工作量 4 (coefficient to be confirmed by the school)."""
    result = engine.evaluate_decision("workload_T04", WORKLOAD_T04, {"task_type": task_type, "sessions": sessions})
    assert result == {"workload": workload}


@pytest.mark.parametrize("inputs", [{"task_type": "监考", "sessions": 0}, {"task_type": "命题", "sessions": 2}])
def test_workload_t04_without_matching_row_is_empty(engine, inputs):
    assert engine.evaluate_decision("workload_T04", WORKLOAD_T04, inputs) == {}


def test_workload_t04_with_missing_input_fails(engine):
    with pytest.raises(ExpressionFailedError) as caught:
        engine.evaluate_decision("workload_T04", WORKLOAD_T04, {"task_type": "监考"})
    assert caught.value.bpmn_id == "workload_T04"


def test_compile_decision_describes_the_table(engine):
    compiled = engine.compile_decision(RESEARCH_OWNER_DEFAULT)
    assert compiled.decision_id == "research_owner_default"
    assert compiled.inputs == ("unit_type", "default_research_owner")
    assert compiled.outputs == ("research_owner", "research_owner_editable")
    assert engine.decision_id_of(WORKLOAD_T04) == "workload_T04"


@pytest.mark.parametrize("path", sorted(RULES.rglob("*.dmn")), ids=lambda p: str(p.relative_to(RULES)))
def test_every_shipped_table_lints_clean_and_id_is_the_file_stem(engine, path):
    assert engine.lint_dmn(read(path)) == []
    assert engine.compile_decision(read(path)).decision_id == path.stem


def table(entries: list[tuple[str, str]], input_expression: str = "x") -> bytes:
    """A one-input DMN table; entries are (input entry, output entry)."""
    rules = "".join(
        f'<rule id="r{i}"><inputEntry id="i{i}"><text>{cell}</text></inputEntry>'
        f'<outputEntry id="o{i}"><text>{out}</text></outputEntry></rule>'
        for i, (cell, out) in enumerate(entries))
    return (f'<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" '
            f'id="d" name="t" namespace="http://example.edu/test"><decision id="t" name="t">'
            f'<decisionTable id="dt" hitPolicy="UNIQUE"><input id="in"><inputExpression id="ie" typeRef="string">'
            f'<text>{input_expression}</text></inputExpression></input><output id="out" name="y" typeRef="string"/>'
            f'{rules}</decisionTable></decision></definitions>').encode()


CELLS = table([('"a"', '"literal"'), ('? in ("b", "c")', '"in-list"'), ("-2", '"negative"'), ("None", '"none"'),
               ("True", '"bool"'), ("5 &lt; ? &lt; 10", '"range"'), ("-", '"any"')])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a", "literal"), ("b", "in-list"), ("c", "in-list"), (7, "range"), (-2, "negative"), (None, "none"),
     (True, "bool"), (42, "any")],
)
def test_dmn_cells_literal_question_mark_and_dash_forms(engine, value, expected):
    assert engine.lint_dmn(CELLS) == []
    assert engine.evaluate_decision("cells", CELLS, {"x": value}) == {"y": expected}


def test_range_cell_on_a_non_number_fails_closed(engine):
    """Python semantics: '5 < ? < 10' on a string raises TypeError; the decision fails, it never guesses."""
    with pytest.raises(ExpressionFailedError) as caught:
        engine.evaluate_decision("cells", CELLS, {"x": "zzz"})
    assert caught.value.error_type == "TypeError"


def test_question_mark_inside_quotes_is_a_literal(engine):
    dmn = table([('"why?"', '"quoted"'), ("-", '"other"')])
    assert engine.evaluate_decision("quoted", dmn, {"x": "why?"}) == {"y": "quoted"}


@pytest.mark.parametrize(
    ("cell", "reason"),
    [('"学工部","保卫部"', "must be a literal"), ('not("x")', "must be a literal"),
     ('in ("a", "b")', "must be a literal"), ("&gt; 4", "must be a literal"),
     ("? in x.keys()", "not allowed")],
)
def test_feel_style_input_entries_are_refused(engine, cell, reason):
    """engine-notes §2 traps: these silently never match (or fail) in SpiffWorkflow, so the lint refuses them."""
    dmn = table([(cell, '"hit"')])
    issues = engine.lint_dmn(dmn)
    assert issues and reason in issues[0].message and str(issues[0]).startswith("line 1: ")
    with pytest.raises(DefinitionInvalidError):
        engine.compile_decision(dmn)


def test_empty_output_entry_and_bad_hit_policy_are_refused(engine):
    dmn = table([("-", "")]).replace(b'hitPolicy="UNIQUE"', b'hitPolicy="COLLECT"')
    messages = [issue.message for issue in engine.lint_dmn(dmn)]
    assert any("COLLECT" in m for m in messages) and any("empty" in m for m in messages)
