"""A running review survives an engine upgrade (issue 7 item 5): instance state and process spec written by an
older SpiffWorkflow serializer version are migrated (state) and compiled again from the stored XML (spec)."""
import json

from sqlalchemy import select

from flows import DEPT, HR, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, act, create, record_of

OLD = "1.4"


def test_a_review_started_under_the_previous_serializer_version_completes(login_as, app):
    from app.engine import SERIALIZER_VERSION
    from app.extensions import db
    from app.models import DefinitionVersion, ProcessInstance
    from app.services import deployment
    teacher = login_as(TEACHER_JSGZB)
    record = create(teacher, "T04", SEED000_T04, submit=True)
    with app.app_context():
        instance = db.session.scalar(select(ProcessInstance).where(ProcessInstance.record_id == record["id"]))
        definition = db.session.get(DefinitionVersion, instance.definition_version_id)
        instance.state = json.dumps(dict(json.loads(instance.state), serializer_version=OLD), ensure_ascii=False)
        definition.spec_json = json.dumps(dict(json.loads(definition.spec_json), serializer_version=OLD))
        db.session.commit()
        deployment._DEPLOYED.clear()          # as after a restart on the new engine
    for account in (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR):
        act(login_as(account), record["id"])
    assert record_of(teacher, record["id"])["status"] == "approved"
    with app.app_context():
        instance = db.session.scalar(select(ProcessInstance).where(ProcessInstance.record_id == record["id"]))
        assert json.loads(instance.state)["serializer_version"] == SERIALIZER_VERSION     # saved in the new format
        assert deployment.deployed(db.session, instance.definition_version_id).spec_json != definition.spec_json
