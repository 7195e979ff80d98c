"""Definitions deploy as content-hashed versions; routes change by editing tables, not code."""
import shutil

import pytest
from sqlalchemy import func, select

from conftest import ROOT
from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, create, record_of, route_of
from samples import copy_definitions


def _versions(kind: str, key: str) -> int:
    from app.extensions import db
    from app.models import DefinitionVersion
    return db.session.scalar(select(func.count(DefinitionVersion.id)).where(
        DefinitionVersion.kind == kind, DefinitionVersion.key == key))


def test_same_content_makes_no_new_version(ctx):
    from app.services.deployment import deploy_from_folder
    before = _versions("process", "workload_approval")
    report = deploy_from_folder(ROOT)
    assert report.created == [] and _versions("process", "workload_approval") == before


def test_a_changed_decision_table_makes_a_new_version_of_every_process_using_it(ctx, tmp_path):
    from app.services.deployment import deploy_from_folder
    root = copy_definitions(tmp_path)
    before = _versions("process", "workload_approval")
    dmn = root / "rules" / "route_steps.dmn"
    dmn.write_text(dmn.read_text(encoding="utf-8").replace("</definitions>", "<!-- edited --></definitions>"), encoding="utf-8")
    report = deploy_from_folder(root)
    assert any(line.startswith("process workload_approval v") for line in report.created)
    assert any(line.startswith("decision route_steps v") for line in report.created)
    assert _versions("process", "workload_approval") == before + 1


def test_the_alternative_policy_table_changes_the_route_without_code(login_as, app, tmp_path):
    """catalog §2.3 / §9 Q2: with rules/alternatives/route_steps.dmn 教务部 is final and HR is skipped."""
    from app.extensions import db
    from app.services.deployment import deploy_from_folder
    teacher = login_as(TEACHER_JSGZB)
    before = create(teacher, "T04", SEED000_T04, submit=True)                  # pinned to the default policy
    root = copy_definitions(tmp_path)
    shutil.copy(ROOT / "rules" / "alternatives" / "route_steps.dmn", root / "rules" / "route_steps.dmn")
    with app.app_context():
        deploy_from_folder(root, deployed_by="tests")
        db.session.close()
    after = create(teacher, "T04", SEED000_T04, submit=True)
    assert route_of(login_as, after["id"]) == [UNIT_ADMIN_JSGZB, DEPT["教务部"]]
    assert route_of(login_as, before["id"]) == [UNIT_ADMIN_JSGZB, DEPT["教务部"], HR]   # running instance kept its version
    assert record_of(teacher, after['id'])["status"] == "approved"


@pytest.mark.parametrize("needle, payload", [
    ('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">unit_step == True</bpmn:conditionExpression>',
     '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">__import__(\'os\').system(\'id\')</bpmn:conditionExpression>'),
])
def test_a_bpmn_with_python_in_a_condition_is_refused_at_deploy_with_its_line(ctx, tmp_path, needle, payload):
    from app.errors import ValidationFailed
    from app.services.deployment import deploy_from_folder
    root = copy_definitions(tmp_path)
    bpmn = root / "processes" / "workload_approval.bpmn"
    text = bpmn.read_text(encoding="utf-8")
    assert needle in text, "fixture drifted from processes/workload_approval.bpmn"
    bpmn.write_text(text.replace(needle, payload, 1), encoding="utf-8")
    before = _versions("process", "workload_approval")
    with pytest.raises(ValidationFailed) as raised:
        deploy_from_folder(root)
    problem = next(e for e in raised.value.errors if e["file"] == "processes/workload_approval.bpmn")
    assert problem["message"].startswith("line ") and problem["line"]
    assert _versions("process", "workload_approval") == before


def test_a_dmn_cell_with_python_is_refused_at_deploy(ctx, tmp_path):
    from app.errors import ValidationFailed
    from app.services.deployment import deploy_from_folder
    root = copy_definitions(tmp_path)
    dmn = root / "rules" / "workload_T04.dmn"
    text = dmn.read_text(encoding="utf-8")
    dmn.write_text(text.replace("sessions * 4", "__import__('os').system('id')", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as raised:
        deploy_from_folder(root)
    assert any(e["file"] == "rules/workload_T04.dmn" and e["message"].startswith("line ") for e in raised.value.errors)


def test_a_form_bound_to_a_missing_process_is_refused(ctx, tmp_path):
    import json

    from app.errors import ValidationFailed
    from app.services.deployment import deploy_from_folder
    root = copy_definitions(tmp_path)
    form = json.loads((root / "forms" / "T04.json").read_text(encoding="utf-8"))
    form["process_key"] = "nope"
    (root / "forms" / "T04.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as raised:
        deploy_from_folder(root)
    assert {"file": "forms/T04.json", "message": "绑定的流程 nope 不存在"} in raised.value.errors


def test_a_reused_version_id_is_never_served_from_the_cache(app, db_session):
    """SQLite hands a rolled-back id out again: the caches of deployed versions and forms are keyed by
    (id, sha256), so the same id with other content is read afresh (issue 7, item 1)."""
    import json

    from app.extensions import db
    from app.models import DefinitionVersion
    from app.services.deployment import deployed
    from app.services.deployment import form_of
    with app.app_context():
        row = DefinitionVersion(kind="form", key="Z99", version=1, sha256="a" * 64,
                                source=json.dumps({"title": "旧"}), extra={})
        db.session.add(row)
        db.session.commit()
        version_id = row.id
        assert deployed(db.session, version_id).source == json.dumps({"title": "旧"})
        assert form_of(db.session, version_id).doc["title"] == "旧"
    with app.app_context():             # the same id, other content (as after a rollback and a new deploy)
        row = db.session.get(DefinitionVersion, version_id)
        row.sha256, row.source = "b" * 64, json.dumps({"title": "新"})
        db.session.commit()
    with app.app_context():
        assert deployed(db.session, version_id).sha256 == "b" * 64
        assert form_of(db.session, version_id).doc["title"] == "新"
