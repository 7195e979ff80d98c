"""Route preview: the path a record takes (lanes, departments, the actual candidate reviewers, the steps it
skips) under the deployed version and under a draft, creating nothing (issue 14 item 1).

The path is walked by the engine itself (start, then 审核通过 at every review) with the routing inputs a
submission hands it (``process_steps.routing_inputs``) and each review's candidate group from
``candidates.candidate_group``, so preview and reality cannot disagree.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.definitions.discovery import DefinitionFiles
from app.engine import DefinitionInvalidError, EngineError, get_engine
from app.errors import AppError, NotFound, ValidationFailed
from app.extensions import db
from app.models import Record, RecordType, Unit, User
from app.vocabulary import Lane, RecordStatus

from app.services.candidates import Decide, candidate_group, group_members
from app.services.deployment import Deployed, current_decision, current_process, form_of
from app.services.records.record_data import RecordContext, prepare_data
from app.services.review.process_steps import routing_inputs

from .access import require_process_admin
from .drafts import draft_files, own_draft

MAX_STEPS = 20
"""A path longer than this is a loop in the diagram (every review approves, so none should repeat)."""


@dataclass
class Route:
    """The path of one record under one process version.

    ``steps``: ``[{"bpmn_id", "name", "lane", "lane_label", "department", "candidate_role", "reviewers":
    [{"account", "name"}]}]`` in order; ``skipped``: the user tasks of the process never reached
    (``[{"bpmn_id", "name", "lane", "lane_label"}]``, the applicant's 修改后重新提交 left out); ``outputs``:
    the routing outputs (``unit_step``, ``dept_lane``, ``hr_step``, ``final_lane``); ``end``: the end event
    reached; ``error``: why the path stops (the incident a real submission would get), else None.
    """

    label: str
    steps: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    end: str | None = None
    error: str | None = None
    problems: list[dict] = field(default_factory=list)


def preview(principal: Principal, *, record_type: str, data: Mapping[str, Any] | None = None,
            owner_account: str | None = None, origin: str = "teacher", record_id: int | None = None,
            draft_id: int | None = None) -> dict:
    """The path of a sample record (``record_type`` + ``data`` filed by ``owner_account`` with ``origin``) or
    of the existing record ``record_id``, under the deployed version and, with ``draft_id``, under the draft.

    Returns:
        ``{"record_type", "process_key", "current": Route, "draft": Route | None}``.

    Raises:
        NotFound: unknown record type, owner, record or draft.
        ValidationFailed: the sample data is malformed (the form's own field messages).
    """
    require_process_admin(principal)
    session = db.session
    try:
        record = _record(session, record_type, data or {}, owner_account, origin, record_id)
        process_key = record.record_type.process_key
        definition = current_process(session, process_key)
        form = form_of(session, record.record_type.form_version_id)
        current = walk(session, record, definition, routing_inputs(record, definition, form.routing_fields),
                       _deployed_decider(session), f"当前版本 v{definition.version}")
        result: dict[str, Any] = {"record_type": record.record_type_code, "process_key": process_key,
                                  "current": current, "draft": None}
        if draft_id is not None:
            draft = own_draft(session, principal, draft_id)
            result["draft"] = _draft_route(session, record, process_key, draft_files(session, draft),
                                           form.routing_fields, f"草稿（{draft.key}）")
        return result
    finally:
        session.rollback()          # nothing a preview touched stays (the owner lock of the data preparation)


def walk(session: Session, record: Record, definition: Deployed, inputs: Mapping[str, object], decide: Decide,
         label: str) -> Route:
    """Walk ``definition`` for ``record`` as a submission followed by 审核通过 at every review would."""
    return _walk(session, record, str(definition.id), definition.spec, inputs, decide, label)


def _walk(session: Session, record: Record, cache_key: str, spec_json: str, inputs: Mapping[str, object],
          decide: Decide, label: str) -> Route:
    engine = get_engine()
    route = Route(label)
    reached: set[str] = set()
    try:
        step = engine.start(cache_key, spec_json, inputs)
        while not step.is_completed and step.ready_user_tasks and len(route.steps) < MAX_STEPS:
            ready = step.ready_user_tasks[0]
            route.outputs = dict(step.outputs)
            reached.add(ready.bpmn_id)
            if ready.lane == Lane.APPLICANT:
                route.error = f"流程停在「{ready.name}」"
                break
            route.steps.append(_step(session, record, ready, step.outputs.get("dept_lane"), decide))
            step = engine.complete_user_task(cache_key, spec_json, step.state, ready.engine_task_id,
                                             {"decision": "approve"})
        route.outputs = dict(step.outputs) or route.outputs
        route.end = step.end_event
    except EngineError as exc:
        route.error = messages.PROCESS_INCIDENT.format(detail=exc.message)
    except AppError as exc:         # a candidate group that cannot be staffed (unknown department): an incident
        route.error = exc.message
    route.skipped = [{"bpmn_id": t.bpmn_id, "name": t.name, "lane": t.lane, "lane_label": _lane_label(t.lane)}
                     for t in engine.user_tasks(cache_key, spec_json)
                     if t.bpmn_id not in reached and t.lane != Lane.APPLICANT]
    return route


def _step(session: Session, record: Record, ready, dept_lane: object, decide: Decide) -> dict:
    group = candidate_group(session, record, ready.lane, str(dept_lane) if dept_lane else None, decide=decide)
    members = group_members(session, group.role, group.unit_id, group.category) - {record.owner_id, record.submitter_id}
    people = session.execute(select(User.account, User.name).where(User.id.in_(members)).order_by(User.account)).all()
    unit = session.get(Unit, group.unit_id) if group.unit_id else None
    return {"bpmn_id": ready.bpmn_id, "name": ready.name, "lane": ready.lane, "lane_label": _lane_label(ready.lane),
            "department": unit.name if unit else None, "candidate_role": group.role,
            "reviewers": [{"account": a, "name": n} for a, n in people]}


def _draft_route(session: Session, record: Record, process_key: str, files: DefinitionFiles,
                 routing_fields: tuple[str, ...], label: str) -> Route:
    """The path under the draft: the process compiled in memory with the draft in place of its file."""
    engine = get_engine()
    bpmn = files.processes.get(process_key)
    if bpmn is None:
        return Route(label, error=f"流程 {process_key} 不存在")
    try:
        called = engine.referenced_decisions(bpmn)
        missing = [d for d in called if d not in files.decisions]
        if missing:
            return Route(label, error=f"引用的决策表不存在：{', '.join(missing)}")
        compiled = engine.compile_process(bpmn, [files.decisions[d] for d in called], process_key)
    except DefinitionInvalidError as exc:
        return Route(label, error="草稿未通过校验", problems=[{"line": i.line, "message": str(i)} for i in exc.issues])
    inputs = sorted({name for d in called for name in engine.compile_decision(files.decisions[d]).inputs
                     if name.isidentifier()})
    definition = Deployed(0, "process", process_key, 0, "", compiled.spec_json, {"inputs": inputs})
    data = routing_inputs(record, definition, routing_fields)

    def decide(decision_id: str, values: Mapping[str, object]) -> dict[str, object]:
        xml = files.decisions[decision_id]
        return engine.evaluate_decision(f"draft:{decision_id}", xml, values)
    return _walk(session, record, f"draft:{process_key}", compiled.spec_json, data, decide, label)


def _deployed_decider(session: Session) -> Decide:
    """Evaluate the current version of a table, as ``process_steps`` does when a task opens."""
    def decide(decision_id: str, values: Mapping[str, object]) -> dict[str, object]:
        version = current_decision(session, decision_id)
        return get_engine().evaluate_decision(str(version.id), version.source.encode("utf-8"), values)
    return decide


def _record(session: Session, code: str, data: Mapping[str, Any], owner_account: str | None, origin: str,
            record_id: int | None) -> Record:
    """The existing record, or a sample one that is never added to the session."""
    if record_id is not None:
        record = session.get(Record, record_id)
        if record is None or record.deleted_at is not None:
            raise NotFound(messages.NOT_FOUND)
        return record
    rtype = session.get(RecordType, code)
    owner = session.scalar(select(User).where(User.account == owner_account)) if owner_account else None
    if rtype is None or owner is None:
        raise NotFound("记录类型或填报人不存在")
    if owner.unit_id is None:
        raise ValidationFailed(messages.UNIT_NOT_BOUND, errors=[{"field": "owner_account", "message": messages.UNIT_NOT_BOUND}])
    form = form_of(session, rtype.form_version_id)
    clean, _workload = prepare_data(session, form, RecordContext(owner, code), dict(data), for_submit=False)
    return Record(record_type_code=code, record_type=rtype, owner_id=owner.id, owner=owner, owner_unit_id=owner.unit_id,
                  submitter_id=owner.id, origin=origin, category=rtype.category, data=clean,
                  status=RecordStatus.DRAFT, form_version_id=rtype.form_version_id)


def _lane_label(lane: str | None) -> str:
    return Lane(lane).label if lane is not None and lane in Lane.__members__.values() else (lane or "")

