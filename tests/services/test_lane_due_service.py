"""A review task's due time comes from its lane's ``due`` property in the BPMN (a duration, or a date field
of the record's form), else from TASK_DUE_HOURS (issue 13 item 3)."""
from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from flows import SEED000_T04, TEACHER_JSGZB, create

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "processes" / "lane_due.bpmn"
DUE_LANE = b'''<bpmn:extensionElements>
          <spiffworkflow:properties><spiffworkflow:property name="due" value="PT6H"/></spiffworkflow:properties>
        </bpmn:extensionElements>
'''


def _open_task(session, record_id: int):
    from app.models import UserTask
    return session.scalar(select(UserTask).where(UserTask.record_id == record_id, UserTask.status == "open"))


def _sample_version(session):
    from app.engine import get_engine
    from app.models import DefinitionVersion
    xml = SAMPLE.read_text(encoding="utf-8")
    compiled = get_engine().compile_process(xml.encode(), [], "lane_due")
    version = DefinitionVersion(kind="process", key="lane_due_sample", version=1, source=xml,
                                sha256=hashlib.sha256(xml.encode()).hexdigest(), extra={"due": dict(compiled.lane_due)},
                                spec_json=compiled.spec_json)
    session.add(version)
    session.flush()
    return version


def test_a_duration_and_a_date_field_set_the_due_time_and_an_empty_field_falls_back(app, ctx, login_as):
    from app.models import Record, utcnow
    from app.services.deployment import deployed
    from app.services.review import process_steps
    from app.services.uow import unit_of_work
    teacher = login_as(TEACHER_JSGZB)
    with_date, without = create(teacher, "T04", SEED000_T04), create(teacher, "T04", SEED000_T04)
    with unit_of_work() as session:
        definition = deployed(session, _sample_version(session).id)
        due = {}
        for draft, exam_date in ((with_date, "2025-06-14"), (without, None)):
            record = session.get(Record, draft["id"])
            record.data = {**record.data, "exam_date": exam_date}
            before = utcnow()
            instance = process_steps.start_instance(session, record, definition, {"dept_lane": "教务部"})
            unit_task = _open_task(session, record.id)
            assert unit_task.lane == "unit"
            assert before + timedelta(hours=6) <= unit_task.due_at <= utcnow() + timedelta(hours=6)    # PT6H
            unit_task.status = "completed"
            process_steps.complete_engine_task(session, record, instance, unit_task, {"decision": "approve"})
            due[exam_date] = (_open_task(session, record.id).lane, _open_task(session, record.id).due_at, utcnow())
    lane, at, _ = due["2025-06-14"]
    assert lane == "dept" and at == datetime(2025, 6, 14, 16, 0, tzinfo=UTC)   # end of 14 June in Beijing
    lane, at, now = due[None]
    assert lane == "dept" and now + timedelta(hours=71) < at <= now + timedelta(hours=72)     # TASK_DUE_HOURS


def test_a_deployed_process_stores_its_lane_due_times_and_a_submit_uses_them(app, ctx, login_as, tmp_path):
    from app.extensions import db
    from app.models import utcnow
    from app.services.deployment import current_process, deploy_from_folder
    for folder in ("forms", "rules"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    shutil.copytree(ROOT / "processes", tmp_path / "processes")
    bpmn = tmp_path / "processes" / "workload_approval.bpmn"
    xml = bpmn.read_bytes()
    for lane in (b"unit", b"dept", b"hr"):
        marker = b'<bpmn:lane id="lane_' + lane + b'" name="' + lane + b'">\n'
        head, tail = xml.split(marker)
        documentation, rest = tail.split(b"</bpmn:documentation>\n", 1)
        xml = head + marker + documentation + b"</bpmn:documentation>\n        " + DUE_LANE + rest
    bpmn.write_bytes(xml)
    report = deploy_from_folder(tmp_path, deployed_by="test")
    assert any(line.startswith("process workload_approval") for line in report.created)
    assert current_process(db.session, "workload_approval").extra["due"] == {"unit": "PT6H", "dept": "PT6H", "hr": "PT6H"}
    before = utcnow()
    record = create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    task = _open_task(db.session, record["id"])
    assert before + timedelta(hours=6) <= task.due_at <= utcnow() + timedelta(hours=6)
