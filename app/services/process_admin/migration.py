"""Moving running instances from an old version of a process onto the current one (issue 14 item 1;
engine-notes §5).

An instance can move when no task it waits at disappears: neither from the diagram (the engine's diff of
the two specs) nor from its route (the current version's tables send the record elsewhere: the 职能部门审核
of a department a table no longer names). A moved instance keeps its waiting tasks (same inbox rows) and
takes the current version's routing outputs for the steps ahead. Each instance moves in its own transaction,
under the same locks as a review (record, then instance), and each move is audited.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.engine import EngineError, get_engine
from app.errors import AppError
from app.extensions import db
from app.models import DefinitionVersion, ProcessInstance, Record, UserTask
from app.vocabulary import Lane, TaskStatus

from app.services.audit import audit
from app.services.deployment import Deployed, current_process, deployed, form_of
from app.services.review.process_steps import routing_inputs, sync_tasks
from app.services.uow import unit_of_work

from .access import require_process_admin
from .route_preview import Route, _deployed_decider, walk


@dataclass
class Assessment:
    """Whether one running instance can move onto the current version, and why not."""

    instance_id: int
    record_id: int
    record_title: str | None
    record_type: str
    owner: str
    version: int
    waiting: list[str]
    can_move: bool
    reason: str | None
    route: list[str]


def migration_preview(principal: Principal, process_key: str) -> dict:
    """Every instance of ``process_key`` running on an older version, each with whether it can move.

    Returns:
        ``{"process_key", "current_version", "instances": [Assessment]}``; an assessment's ``waiting`` names
        the steps it waits at (``职能部门审核（保卫部）``), ``route`` the current version's path for its record.
    """
    require_process_admin(principal)
    session = db.session
    try:
        current = current_process(session, process_key)
        instances = _old_instances(session, process_key, current.id)
        return {"process_key": process_key, "current_version": current.version,
                "instances": [_assess(session, instance, current)[0] for instance in instances]}
    finally:
        session.rollback()


def migrate(principal: Principal, process_key: str, instance_ids: list[int] | None = None) -> dict:
    """Move the instances (all of ``process_key``'s older-version instances, or those of ``instance_ids``) onto
    the current version, one transaction each; an instance that cannot move stays and is reported.

    Returns:
        ``{"process_key", "current_version", "moved": n, "results": [{"instance_id", "record_id", "moved",
        "reason"}]}``.
    """
    require_process_admin(principal)
    current = current_process(db.session, process_key)
    candidates = [i.id for i in _old_instances(db.session, process_key, current.id)]
    db.session.rollback()
    wanted = candidates if instance_ids is None else [i for i in candidates if i in set(instance_ids)]
    results = []
    for instance_id in wanted:
        with unit_of_work() as session:
            results.append(_migrate_one(session, principal, instance_id, current))
    return {"process_key": process_key, "current_version": current.version,
            "moved": sum(r["moved"] for r in results), "results": results}


def _migrate_one(session: Session, principal: Principal, instance_id: int, current: Deployed) -> dict:
    record_id = session.scalar(select(ProcessInstance.record_id).where(ProcessInstance.id == instance_id))
    record = session.scalars(select(Record).where(Record.id == record_id).with_for_update(of=Record)
                             .execution_options(populate_existing=True)).one()
    instance = session.scalars(select(ProcessInstance).where(ProcessInstance.id == instance_id)
                               .with_for_update().execution_options(populate_existing=True)).one()
    if instance.status != "running" or instance.definition_version_id == current.id:
        return {"instance_id": instance_id, "record_id": record.id, "moved": False, "reason": "流程实例已不在旧版本上运行"}
    assessment, route = _assess(session, instance, current)
    if not assessment.can_move:
        audit(session, principal.user_id, "process.migrate_refused", "process_instance", instance_id,
              from_version=assessment.version, to_version=current.version, reason=assessment.reason)
        return {"instance_id": instance_id, "record_id": record.id, "moved": False, "reason": assessment.reason}
    old = deployed(session, instance.definition_version_id)
    outputs: dict[str, object] = dict(route.outputs)      # the engine's routing outputs only
    step = get_engine().migrate(str(old.id), old.spec, instance.state, str(current.id), current.spec, outputs)
    instance.definition_version_id, instance.state, instance.next_timer_at = current.id, step.state, step.next_timer_at
    if "dept_lane" in outputs:
        instance.dept_lane = record.dept_lane = str(outputs["dept_lane"]) if outputs["dept_lane"] else None
    if "unit_step" in outputs:
        instance.unit_step = bool(outputs["unit_step"])
    if "hr_step" in outputs:
        instance.hr_step = bool(outputs["hr_step"])
    if outputs.get("final_lane"):
        instance.final_lane = str(outputs["final_lane"])
    sync_tasks(session, record, instance, step)
    audit(session, principal.user_id, "process.migrate", "process_instance", instance_id, record_id=record.id,
          from_version=old.version, to_version=current.version)
    return {"instance_id": instance_id, "record_id": record.id, "moved": True, "reason": None}


def _old_instances(session: Session, process_key: str, current_id: int) -> list[ProcessInstance]:
    return list(session.scalars(select(ProcessInstance).join(
        DefinitionVersion, DefinitionVersion.id == ProcessInstance.definition_version_id).where(
        DefinitionVersion.kind == "process", DefinitionVersion.key == process_key,
        ProcessInstance.status == "running", ProcessInstance.definition_version_id != current_id)
        .order_by(ProcessInstance.id)))


def _assess(session: Session, instance: ProcessInstance, current: Deployed) -> tuple[Assessment, Route]:
    """Check one instance: the engine's diff, then its waiting review steps against the current route."""
    record = session.get(Record, instance.record_id)
    assert record is not None
    old = deployed(session, instance.definition_version_id)
    tasks = list(session.scalars(select(UserTask).where(UserTask.instance_id == instance.id,
                                                        UserTask.status == TaskStatus.OPEN)))
    waiting = [_step_label(t.name, t.lane, instance.dept_lane) for t in tasks]
    form = form_of(session, record.form_version_id)
    route = walk(session, record, current, routing_inputs(record, current, form.routing_fields),
                 _deployed_decider(session), f"v{current.version}")
    reason = None
    try:
        check = get_engine().check_migration(str(old.id), old.spec, instance.state, str(current.id), current.spec)
        if not check.can_move:
            reason = f"等待中的环节 {', '.join(check.removed_waiting)} 在 v{current.version} 中已删除"
    except (EngineError, AppError) as exc:
        reason = f"无法比较两个版本：{getattr(exc, 'message', exc)}"
    if reason is None and route.error:
        reason = f"v{current.version} 的路线无法确定：{route.error}"
    path = {(s["bpmn_id"], s["department"] if s["lane"] == Lane.DEPT else None) for s in route.steps}
    for task in tasks:
        if reason is None and task.lane != Lane.APPLICANT:
            department = instance.dept_lane if task.lane == Lane.DEPT else None
            if (task.bpmn_id, department) not in path:
                label = _step_label(task.name, task.lane, instance.dept_lane)
                reason = f"等待中的环节「{label}」在 v{current.version} 的路线中已不存在"
    return Assessment(instance.id, record.id, record.title, record.record_type_code, record.owner.name, old.version,
                      waiting, reason is None, reason,
                      [_step_label(s["name"], s["lane"], s["department"]) for s in route.steps]), route


def _step_label(name: str, lane: str, department: str | None) -> str:
    return f"{name}（{department}）" if lane == Lane.DEPT and department else name
