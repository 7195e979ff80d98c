"""State written by an older serializer version is migrated on load and runs to the end (issue 7 item 5).

The fixtures in ``tests/fixtures/engine_states/`` are T01 instances waiting at 二级单位审核 and at
职能部门审核, serialized by ``BpmnWorkflowSerializer(version=...)`` with the version strings SpiffWorkflow
3.2 knows for its previous formats (1.4, 1.3, 1.2). Loading goes through SpiffWorkflow's own migration
functions (``app.engine.serialization.migrate_state``); the next save writes the current version.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_support import compiled

from app.engine import SERIALIZER_VERSION, EngineError
from app.engine.serialization import MIGRATION_REACHES, load_spec, load_state, migrate_state, state_version

FIXTURES = Path(__file__).parents[2] / "fixtures" / "engine_states"
OLD_VERSIONS = ("1.4", "1.3", "1.2")


def fixture(name: str, version: str) -> str:
    return (FIXTURES / f"workload_T01_{name}_v{version}.json").read_text(encoding="utf-8")


def test_every_migration_chain_ends_at_the_current_version():
    for start in MIGRATION_REACHES:
        version = start
        while version != SERIALIZER_VERSION:
            version = MIGRATION_REACHES[version]
    assert SERIALIZER_VERSION == "1.5"


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_a_state_of_an_older_serializer_version_completes_on_the_current_one(engine, version):
    state = fixture("unit_review", version)
    assert state_version(state) == version
    step = engine.complete_user_task("migrate", compiled().spec_json, state, _ready(state), {"decision": "approve"})
    assert [t.bpmn_id for t in step.ready_user_tasks] == ["dept_review"]
    assert step.outputs["dept_lane"] == "教务部"
    assert state_version(step.state) == SERIALIZER_VERSION          # saved again in the current format
    while step.ready_user_tasks:
        step = engine.complete_user_task("migrate", compiled().spec_json, step.state,
                                         step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})
    assert step.is_completed and step.end_event == "end_approved"


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_older_state_can_be_returned_resubmitted_and_approved(engine, version):
    state = fixture("dept_review", version)
    spec_json = compiled().spec_json
    step = engine.complete_user_task("migrate", spec_json, state, _ready(state), {"decision": "return"})
    assert [t.bpmn_id for t in step.ready_user_tasks] == ["resubmit"]
    step = engine.complete_user_task("migrate", spec_json, step.state, step.ready_user_tasks[0].engine_task_id,
                                     {"decision": "resubmit", "record_type": "T01", "category": "teaching",
                                      "origin": "teacher", "course_owner_dept": "教务部", "research_owner": None})
    lanes = []
    while step.ready_user_tasks:
        lanes.append(step.ready_user_tasks[0].bpmn_id)
        step = engine.complete_user_task("migrate", spec_json, step.state, step.ready_user_tasks[0].engine_task_id,
                                         {"decision": "approve"})
    assert lanes == ["unit_review", "dept_review", "hr_review"] and step.end_event == "end_approved"


def test_element_states_of_an_older_state(engine):
    states = engine.element_states("migrate", compiled().spec_json, fixture("dept_review", "1.4"))
    assert "unit_review" in states.completed and states.active == ("dept_review",)


def test_current_state_is_not_touched_and_unknown_versions_are_refused(engine):
    bundle = load_spec(compiled().spec_json)
    dct = json.loads(fixture("unit_review", "1.4"))
    current = dict(dct, serializer_version=SERIALIZER_VERSION)
    assert migrate_state(dict(current), bundle) == {k: v for k, v in current.items() if k != "serializer_version"}
    for version in ("0.9", "1.6", None):
        with pytest.raises(ValueError):
            migrate_state(dict(dct, serializer_version=version), bundle)
        with pytest.raises(EngineError):
            engine.element_states("migrate", compiled().spec_json, json.dumps(dict(dct, serializer_version=version)))
    load_state(fixture("unit_review", "1.3"), bundle)      # the migrated dict restores directly too


def _ready(state: str) -> str:
    """Engine task id of the READY user task in a fixture (read from the stored state, as the inbox row would)."""
    tasks = json.loads(state)["tasks"].values()
    return next(t["id"] for t in tasks if t["state"] == 16 and t["task_spec"].endswith("_review"))
