"""Advances a record's process instance and projects each engine step into relational rows.

Engine state in, engine state out (app.engine); this module writes ``process_instance`` columns,
``user_task`` rows (the inbox) and outbox rows, inside the caller's transaction. Source:
architecture.md §3 steps 3–7, catalog §2.1, §2.6, §2.7.
"""
from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Session

from app import messages
from app.engine import END_CANCELLED, EngineError, EngineStep, ReadyUserTask, WorkflowEngine, get_engine
from app.errors import EngineIncident
from app.models import Incident, ProcessInstance, Record, ReviewEvent, UserTask, utcnow
from app.vocabulary import APPLICANT, Lane, RecordStatus, SignMode, TaskStatus

from app.services.deadlines.due import due_at_for
from app.services.messaging import notifications
from app.services.deployment import Deployed, current_decision, deployed
from app.services.uow import unit_of_work
from app.services.candidates import CandidateGroup, candidate_group, cc_recipients, signers, task_addressees

log = logging.getLogger(__name__)
T = TypeVar("T")

END_STATUS = {"end_approved": (RecordStatus.APPROVED, "completed"), "end_terminated": (RecordStatus.TERMINATED, "terminated"),
              END_CANCELLED: (RecordStatus.DELETED, "cancelled")}


def routing_inputs(record: Record, definition: Deployed, routing_fields: tuple[str, ...]) -> dict[str, object]:
    """The whitelisted routing fields handed to the engine (never the whole record).

    Every decision input the process declares defaults to None, so a record type that lacks a field
    (e.g. 开课主管单位 outside T01) still evaluates; the form's ``routing_fields`` fill in values.
    """
    data: dict[str, object] = dict.fromkeys(definition.extra.get("inputs", []))
    data.update(record_type=record.record_type_code, category=record.record_type.category, origin=record.origin)
    data.update({field: record.data.get(field) for field in routing_fields})
    return data


def start_instance(session: Session, record: Record, definition: Deployed, data: Mapping[str, object], *,
                   trail: ReviewEvent | None = None) -> ProcessInstance:
    """Start a new instance of ``definition`` for ``record`` and project its first step, in one flush: the
    record (inserted with the step's status when it is new, else updated once), the instance, its inbox
    rows and ``trail`` (the 审核记录 entry that starts it, e.g. 提交, bound to the instance here) are
    written together, before the ``task_created`` outbox rows that name their ids."""
    step = _run(record, None, lambda engine: engine.start(str(definition.id), definition.spec, data))
    instance = ProcessInstance(record=record, record_id=record.id, definition_version_id=definition.id,
                               status="running")
    project_columns(record, instance, step)
    session.add(instance)
    if trail is not None:
        trail.record, trail.instance = record, instance
        session.add(trail)
    apply_step(session, record, instance, step, is_new=True)
    return instance


class BulkStart:
    """Many instances of one process version started in one transaction (an import batch, catalog §4.1
    step 6), written with one INSERT per table instead of three flushes and two UPDATEs per instance.

    Starting is a pure function of the definition version and the routing inputs, so instances started
    with equal inputs begin in the same state: the engine runs once per distinct input (``add``) and
    the state is reused. ``add`` also sets the columns the first step decides on the record and the
    instance before either is written (``project_columns``), so no row is updated after its INSERT;
    ``flush`` then projects each first step exactly as :func:`start_instance` does (``apply_step``)
    and writes the inbox rows and ``task_created`` outbox rows of all of them together.
    """

    def __init__(self, definition: Deployed) -> None:
        self.definition = definition
        self._steps: dict[str, EngineStep] = {}
        self._pending: list[tuple[Record, ProcessInstance, EngineStep]] = []

    def add(self, record: Record, data: Mapping[str, object]) -> None:
        """Run (or reuse) the first step of ``record`` (flushed or not) and set the columns it decides.

        Raises:
            EngineIncident: the process could not route the record (the caller's transaction rolls back).
        """
        definition = self.definition
        key = json.dumps(dict(data), sort_keys=True, ensure_ascii=False, default=str)
        step = self._steps.get(key)
        if step is None:
            step = self._steps[key] = _run(record, None, lambda engine: engine.start(str(definition.id),
                                                                                      definition.spec, data))
        instance = ProcessInstance(definition_version_id=definition.id, status="running")
        project_columns(record, instance, step)
        self._pending.append((record, instance, step))

    def flush(self, session: Session) -> list[tuple[Record, ProcessInstance]]:
        """Write the instances added since the last flush (their records flushed) and project their first steps.

        Returns:
            ``(record, instance)`` pairs in the order added, instances with their ids.
        """
        pending, self._pending = self._pending, []
        for record, instance, _step in pending:
            instance.record_id = record.id
        session.add_all([instance for _record, instance, _step in pending])
        session.flush()                             # the inbox rows need the instance ids
        opened = []
        with session.no_autoflush:
            for record, instance, step in pending:
                opened.append((record, apply_step(session, record, instance, step, is_new=True, notify=False)))
        notify_opened(session, opened)
        session.flush()
        return [(record, instance) for record, instance, _step in pending]


def complete_engine_task(session: Session, record: Record, instance: ProcessInstance, task: UserTask,
                         data: Mapping[str, object]) -> EngineStep | None:
    """Complete ``task`` in the engine with ``data`` and project the resulting step.

    When the step fails (a decision table with no matching row, an unknown ``unit_reviewers`` output,
    a department that is not a unit), the instance holds: its state stays the one before the step, its
    status becomes ``incident`` and an ``incident`` row records the failing element, the message and
    the step (``engine_task_id`` and ``data``) so an operator can retry it once the table is fixed
    (:func:`retry_step`). The caller's action itself stands: the reviewer's decision is recorded,
    nothing is routed silently, no 500. Everything that can fail (the engine, the candidate groups of
    the tasks it opens) runs before the step writes anything (:func:`plan_tasks`), so no savepoint is
    needed to take a failed step back.

    Returns:
        The engine step, or None when the step became an incident.
    """
    try:
        step = _complete_in_engine(session, record, instance, task.engine_task_id, data)
        plan = plan_tasks(session, record, instance, step)
    except EngineIncident as exc:
        hold_incident(session, record, instance, task.engine_task_id, data, exc)
        return None
    apply_step(session, record, instance, step, plan=plan)
    return step


def retry_step(session: Session, record: Record, instance: ProcessInstance, engine_task_id: str,
               data: Mapping[str, object]) -> EngineStep:
    """Run again the step an incident interrupted (operations 重试): the same user-task completion with
    the same data, on the instance's pinned process version; decision tables evaluated when a lane opens
    (``unit_reviewers``) are read in their current version, so a fixed and redeployed table applies.

    Raises:
        EngineIncident: the step fails again (the caller's transaction rolls back; no new incident).
    """
    step = _complete_in_engine(session, record, instance, engine_task_id, data)
    apply_step(session, record, instance, step)
    return step


def _complete_in_engine(session: Session, record: Record, instance: ProcessInstance, engine_task_id: str,
                        data: Mapping[str, object]) -> EngineStep:
    """The engine's step completing ``engine_task_id`` of ``instance`` with ``data`` (nothing projected)."""
    definition = deployed(session, instance.definition_version_id)
    return _run(record, instance, lambda engine: engine.complete_user_task(
        str(definition.id), definition.spec, instance.state, engine_task_id, data))


def return_to_previous(session: Session, record: Record, instance: ProcessInstance, task: UserTask) -> EngineStep:
    """退回上一步: reopen the review step before ``task`` in the engine and project the step (its rows
    open again for that step's candidate group, who are notified; ``task``'s open siblings close)."""
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.return_to_previous(
        str(definition.id), definition.spec, instance.state, task.engine_task_id))
    apply_step(session, record, instance, step)
    return step


def hold_incident(session: Session, record: Record, instance: ProcessInstance, engine_task_id: str | None,
                  data: Mapping[str, object], exc: EngineIncident) -> Incident:
    """Put ``instance`` on hold after a failed step: status ``incident`` and an open ``incident`` row with
    the failing element, the engine's message and the interrupted step, in the caller's transaction."""
    cause = exc.__cause__
    instance.status = "incident"
    record.status, record.current_lane = RecordStatus.IN_REVIEW, None
    incident = Incident(record_id=record.id, instance_id=instance.id,
                        error_type=getattr(cause, "error_type", None) or type(cause or exc).__name__,
                        bpmn_id=getattr(cause, "bpmn_id", None) or getattr(exc, "bpmn_id", None),
                        message=str(getattr(cause, "message", None) or exc.message),
                        engine_task_id=engine_task_id, step_data=dict(data))
    session.add(incident)
    log.error("process incident on record %s (instance %s): %s", record.id, instance.id, incident.message)
    return incident


def cancel_instance(session: Session, record: Record, instance: ProcessInstance) -> None:
    """Cancel a running instance (a returned record is deleted, catalog §3.2 transition 14)."""
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.cancel(str(definition.id), definition.spec, instance.state))
    instance.state = step.state
    instance.status, instance.ended_at = "cancelled", utcnow()
    for task in session.scalars(select(UserTask).where(UserTask.instance_id == instance.id, UserTask.status == TaskStatus.OPEN)):
        task.status = TaskStatus.CANCELLED


def terminate_instance(session: Session, record: Record, instance: ProcessInstance) -> None:
    """End a review early (operations 终止): the engine cancels every open task, the instance is
    ``terminated``, the record 已终止, the applicant notified, in the caller's transaction."""
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.cancel(str(definition.id), definition.spec, instance.state))
    instance.state, instance.next_timer_at = step.state, None
    instance.status, instance.ended_at = "terminated", utcnow()
    record.status, record.current_lane = RecordStatus.TERMINATED, None
    for task in session.scalars(select(UserTask).where(UserTask.instance_id == instance.id, UserTask.status == TaskStatus.OPEN)):
        task.status = TaskStatus.CANCELLED
    _notify_applicant(session, record, instance, "record_terminated")


def passed_steps(session: Session, instance: ProcessInstance) -> list[tuple[str, str]]:
    """``(bpmn_id, name)`` of the user tasks ``instance`` has completed: where 跳转 may send it back to."""
    definition = deployed(session, instance.definition_version_id)
    return get_engine().passed_user_tasks(str(definition.id), definition.spec, instance.state)


def jump_back(session: Session, record: Record, instance: ProcessInstance, bpmn_id: str) -> EngineStep:
    """Send ``instance`` back to the user task ``bpmn_id`` it has passed (operations 跳转) and project the
    step: the open tasks are cancelled, the target task opens for its candidate group.

    Raises:
        EngineIncident: the engine refused (500 + incident); check :func:`passed_steps` first.
    """
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.reset_to_user_task(
        str(definition.id), definition.spec, instance.state, bpmn_id))
    apply_step(session, record, instance, step)
    return step


def fire_due_timers(now: datetime | None = None, limit: int = 200) -> int:
    """Fire the BPMN timer events that are due (architecture.md timers; engine-notes.md §6).

    Instances whose ``next_timer_at`` has passed are taken one at a time ``FOR UPDATE SKIP LOCKED`` (a
    sweep running beside this one takes others), loaded, ``refresh_timers()`` + ``do_engine_steps()``,
    projected like any step, and each uncaught event (an escalation such as ``review_overdue``) becomes
    a ``deadline_escalation`` outbox row for the open tasks' candidate groups, in the same transaction.
    The new ``next_timer_at`` is stored, so a timer fires once. An engine failure becomes an incident
    and the sweep goes on with the next instance.

    Returns:
        How many instances were stepped.
    """
    now = now or utcnow()
    seen: list[int] = []
    fired = 0
    while len(seen) < limit:
        try:
            with unit_of_work() as session:
                instance = session.scalar(select(ProcessInstance).where(
                    ProcessInstance.status == "running", ProcessInstance.next_timer_at <= now,
                    ProcessInstance.id.not_in(seen) if seen else sa_true())
                    .order_by(ProcessInstance.next_timer_at).limit(1)
                    .with_for_update(skip_locked=True).execution_options(populate_existing=True))
                if instance is None:
                    return fired
                seen.append(instance.id)
                _fire(session, instance)
                fired += 1
        except EngineIncident as exc:
            for callback in getattr(exc, "after_rollback", []):
                callback()
    return fired


def _fire(session: Session, instance: ProcessInstance) -> None:
    record = session.get(Record, instance.record_id)
    assert record is not None
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.fire_timers(str(definition.id), definition.spec, instance.state))
    apply_step(session, record, instance, step)
    for name in step.events:
        _notify_timer_event(session, record, instance, name)


def _notify_timer_event(session: Session, record: Record, instance: ProcessInstance, name: str) -> None:
    tasks = list(session.scalars(select(UserTask).where(UserTask.instance_id == instance.id,
                                                        UserTask.status == TaskStatus.OPEN,
                                                        UserTask.candidate_role != APPLICANT)))
    for task in tasks:
        notifications.enqueue(session, "deadline_escalation", {
            "title": f"审核已超时：{task.name} · {record.record_type.name}（{record.owner.name}）",
            "body": record.title or "", "link": f"/records/{record.id}", **task_addressees(task),
        }, dedupe_key=f"timer:{instance.id}:{name}:{task.id}:{instance.version}")


def running_instance(session: Session, record: Record, *, lock: bool = False) -> ProcessInstance | None:
    query = select(ProcessInstance).where(ProcessInstance.record_id == record.id, ProcessInstance.status == "running")
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query.order_by(ProcessInstance.id.desc()).limit(1))


def apply_step(session: Session, record: Record, instance: ProcessInstance, step: EngineStep, *,
               is_new: bool = False, notify: bool = True, plan: TaskPlan | None = None) -> list[UserTask]:
    """Project an engine step: instance columns, inbox rows, record status, outbox rows.

    ``is_new``: the instance was just started, so it has no user-task rows to reconcile yet.
    ``notify=False`` (bulk starts): the opened rows are not announced; the caller calls
    :func:`notify_opened` once for many steps. The new rows are written by the next flush.
    ``plan``: the step's :func:`plan_tasks`, when the caller read it already.

    Raises:
        EngineIncident: a candidate group of a task the step opens cannot be resolved; raised before
            anything is changed (:func:`plan_tasks`).

    Returns:
        The user-task rows opened by this step.
    """
    plan = plan or plan_tasks(session, record, instance, step, is_new=is_new)
    project_columns(record, instance, step)
    opened = sync_tasks(session, record, instance, step, plan=plan, notify=notify)
    if step.is_completed:
        record_status, instance_status = END_STATUS.get(step.end_event or "", (RecordStatus.TERMINATED, "cancelled"))
        record.status, instance.status, instance.ended_at = record_status, instance_status, utcnow()
        record.current_lane = None
        if record_status == RecordStatus.APPROVED:
            record.approved_at = utcnow()
        _notify_applicant(session, record, instance, "record_" + record_status)
        if record_status in (RecordStatus.APPROVED, RecordStatus.TERMINATED):
            _copy_result(session, record, instance, record_status, f"cc:{instance.id}:{record_status}")
    elif record.status == RecordStatus.RETURNED and not is_new:
        returned_to = next(t.engine_task_id for t in step.ready_user_tasks if t.lane == Lane.APPLICANT)
        _copy_result(session, record, instance, RecordStatus.RETURNED, f"cc:{instance.id}:returned:{returned_to}")
    return opened


def project_columns(record: Record, instance: ProcessInstance, step: EngineStep) -> None:
    """The columns a step sets without reading anything: the instance's state and routing outputs, and,
    while it runs, the record's status and current lane (the end of an instance is ``apply_step``'s)."""
    instance.state = step.state
    instance.next_timer_at = step.next_timer_at
    outputs = step.outputs
    if "unit_step" in outputs:
        instance.unit_step = bool(outputs["unit_step"])
    if "hr_step" in outputs:
        instance.hr_step = bool(outputs["hr_step"])
    if "dept_lane" in outputs:
        instance.dept_lane = record.dept_lane = dept_lane_after(instance, step)
    if outputs.get("final_lane"):
        instance.final_lane = str(outputs["final_lane"])
    if not step.is_completed:
        lanes = [t.lane for t in step.ready_user_tasks]
        record.status = RecordStatus.RETURNED if Lane.APPLICANT in lanes else RecordStatus.IN_REVIEW
        record.current_lane = lanes[0] if lanes else None


def dept_lane_after(instance: ProcessInstance, step: EngineStep) -> str | None:
    """The department lane once ``step`` is projected: the one its routing outputs name, else the
    instance's own."""
    if "dept_lane" not in step.outputs:
        return instance.dept_lane
    return str(step.outputs["dept_lane"]) if step.outputs["dept_lane"] else None


@dataclass(frozen=True)
class TaskPlan:
    """What projecting a step does to the inbox rows, read before anything is written."""

    open_rows: list[UserTask]                   # the instance's open rows before the step
    groups: dict[str, CandidateGroup]           # engine task id → candidate group, for each task the step opens
    completed: dict[str, UserTask] = field(default_factory=dict)
    """engine task id → its latest completed row (退回上一步 of the task that follows it goes there)"""

    def previous_review_row(self, previous_engine_task_id: str | None) -> int | None:
        """The latest completed row of the user task the engine names as the previous one, when it is a
        review step; None when the previous task is the applicant's or there is none."""
        row = self.completed.get(previous_engine_task_id) if previous_engine_task_id is not None else None
        return row.id if row is not None and row.candidate_role != APPLICANT else None


def plan_tasks(session: Session, record: Record, instance: ProcessInstance, step: EngineStep, *,
               is_new: bool = False) -> TaskPlan:
    """Read what projecting ``step`` needs: the instance's open rows (none when ``is_new``) and the
    candidate group of each READY task that has no open row yet (``candidates.candidate_group``,
    with the department lane the step routes to). Changes nothing.

    Raises:
        EngineIncident: a candidate group cannot be resolved (unknown lane, a department that is not a
            unit, an unknown ``unit_reviewers`` output); ``bpmn_id`` names the task.
    """
    with session.no_autoflush:              # it reads; the step's changes are written together, later
        return _plan_tasks(session, record, instance, step, is_new)


def _plan_tasks(session: Session, record: Record, instance: ProcessInstance, step: EngineStep,
                is_new: bool) -> TaskPlan:
    open_rows: list[UserTask] = []
    completed: dict[str, UserTask] = {}
    if not is_new:
        # one read for both: a row's status as this transaction left it (completed here, not flushed: so)
        for row in session.scalars(_INSTANCE_ROWS, {"instance_id": instance.id}):
            if row.status == TaskStatus.OPEN:
                open_rows.append(row)
            elif row.status == TaskStatus.COMPLETED and (
                    row.engine_task_id not in completed or completed[row.engine_task_id].id < row.id):
                completed[row.engine_task_id] = row
    already_open = {row.engine_task_id for row in open_rows}
    dept_lane, decide = dept_lane_after(instance, step), _decider(session, record)
    groups: dict[str, CandidateGroup] = {}
    for ready in step.ready_user_tasks:
        if ready.engine_task_id in already_open:
            continue
        try:
            groups[ready.engine_task_id] = candidate_group(session, record, ready.lane, dept_lane, decide=decide)
        except EngineIncident as exc:
            exc.bpmn_id = ready.bpmn_id         # type: ignore[attr-defined]  # the task whose reviewers failed
            raise
    return TaskPlan(open_rows, groups, completed)


def sync_tasks(session: Session, record: Record, instance: ProcessInstance, step: EngineStep, *,
               is_new: bool = False, notify: bool = True, plan: TaskPlan | None = None) -> list[UserTask]:
    """Reconcile the instance's open ``user_task`` rows with the step's READY user tasks.

    Rows whose engine task is no longer READY are cancelled (closed, kept for the 审核记录: e.g. the other
    signers of a 或签 step once one approved). Each new READY task gets its row(s) (:func:`_open_task`,
    added to the session, written by the next flush) and, when ``notify``, ``task_created`` outbox rows.
    ``plan``: the step's :func:`plan_tasks`, read by the caller before it changed anything; read here
    otherwise (raising EngineIncident as it does).

    Returns:
        The rows opened by this step.
    """
    plan = plan or plan_tasks(session, record, instance, step, is_new=is_new)
    ready = {t.engine_task_id for t in step.ready_user_tasks}
    for row in plan.open_rows:
        if row.engine_task_id not in ready:
            row.status = TaskStatus.CANCELLED
    opened = [row for ready_task in step.ready_user_tasks if ready_task.engine_task_id in plan.groups
              for row in _open_task(session, record, instance, ready_task, plan.groups[ready_task.engine_task_id],
                                    plan.previous_review_row(ready_task.previous_task_id))]
    if notify:
        notify_opened(session, [(record, opened)], step_mark=instance.version)
    return opened


def start_side_instance(session: Session, record: Record, definition: Deployed,
                        data: Mapping[str, object]) -> tuple[ProcessInstance, list[UserTask]]:
    """Start a process about ``record`` that does not drive its status (the 撤回 approval, catalog §3.4).

    The instance and its user tasks are projected as for the record's approval (same inbox rows,
    candidate groups, 流程图); the record's status and the notifications are the caller's business
    (no ``task_created`` row is written here).

    Returns:
        ``(instance, the user-task rows opened)``.

    Raises:
        EngineIncident: the engine failed (incident recorded after the rollback, 500).
    """
    step = _run(record, None, lambda engine: engine.start(str(definition.id), definition.spec, data))
    instance = ProcessInstance(record_id=record.id, definition_version_id=definition.id, state=step.state)
    session.add(instance)
    session.flush()
    return instance, _apply_side_step(session, record, instance, step, is_new=True)


def complete_side_task(session: Session, record: Record, instance: ProcessInstance, task: UserTask,
                       data: Mapping[str, object]) -> tuple[EngineStep, list[UserTask]]:
    """Complete ``task`` of a side process (:func:`start_side_instance`) with ``data``.

    Returns:
        ``(the engine step, the user-task rows it opened)``; ``step.end_event`` names the end reached.

    Raises:
        EngineIncident: the engine failed (e.g. a decision no gateway accepts), 500 + incident.
    """
    definition = deployed(session, instance.definition_version_id)
    step = _run(record, instance, lambda engine: engine.complete_user_task(
        str(definition.id), definition.spec, instance.state, task.engine_task_id, data))
    return step, _apply_side_step(session, record, instance, step)


def _apply_side_step(session: Session, record: Record, instance: ProcessInstance, step: EngineStep, *,
                     is_new: bool = False) -> list[UserTask]:
    instance.state = step.state
    instance.next_timer_at = step.next_timer_at
    opened = sync_tasks(session, record, instance, step, is_new=is_new, notify=False)
    if opened:
        session.flush()                             # the caller names the rows (its outbox keys)
    if step.is_completed:
        instance.status, instance.ended_at = "completed", utcnow()
    return opened


def _open_task(session: Session, record: Record, instance: ProcessInstance, ready: ReadyUserTask,
               group: CandidateGroup, previous_id: int | None) -> list[UserTask]:
    """Open the inbox row(s) of a READY user task for its candidate ``group`` (added to the session, not
    flushed).

    One row for the lane's candidate group; a step whose ``sign_mode`` property is ``all`` (会签) or
    ``any`` (或签) gets one row per signer (``candidates.signers``), each assigned to that signer. A
    multi-signer step whose group has nobody to sign falls back to one group row, so the step never
    vanishes from every inbox. ``previous_id``: the row 退回上一步 returns to (``TaskPlan.previous_review_row``).
    """
    role, unit_id, category = group.role, group.unit_id, group.category
    due = None
    if role != APPLICANT:           # the lane's due property in the BPMN, else the configured default
        rule = deployed(session, instance.definition_version_id).extra.get("due", {}).get(ready.lane)
        due = due_at_for(ready.lane, rule=rule, data=record.data)
    mode = ready.properties.get("sign_mode") if role != APPLICANT else None
    signer_ids = signers(session, record, group) if mode in SignMode._value2member_map_ else []
    assignees: list[int | None] = list(signer_ids) if signer_ids else [group.assignee_id]
    rows = [UserTask(instance=instance, instance_id=instance.id, record=record, record_id=record.id,
                     engine_task_id=ready.engine_task_id,
                     bpmn_id=ready.bpmn_id, name=ready.name, lane=ready.lane or "", candidate_role=role,
                     candidate_unit_id=unit_id, candidate_category=category, assignee_id=assignee,
                     sign_mode=mode if signer_ids else None, previous_task_id=previous_id, due_at=due)
            for assignee in assignees]
    session.add_all(rows)
    return rows


# statements of every step, built once (bind parameters by name)
_INSTANCE_ROWS = select(UserTask).where(UserTask.instance_id == bindparam("instance_id"),
                                        UserTask.status.in_((TaskStatus.OPEN, TaskStatus.COMPLETED)))


def notify_opened(session: Session, opened: Iterable[tuple[Record, list[UserTask]]], *,
                  step_mark: int | None = None) -> None:
    """A ``task_created`` outbox row for each new review task of each record, in one statement (the
    退回 notification of the applicant's task, with its comment, is written by the review service),
    addressed as :func:`candidates.task_addressees` says (a signer's row to the signer).

    The row is keyed by the task's own identity without its id, so the task need not be flushed first:
    instance, engine task, assignee, and ``step_mark`` (the instance's version before this step), which
    tells a step reopened by 退回上一步 (same engine task id) from its first opening. A record or instance
    not written yet (a review starting) is flushed first, with its rows: the outbox rows name its ids."""
    opened = list(opened)
    if any(record.id is None or any(task.instance_id is None for task in tasks) for record, tasks in opened):
        session.flush()

    def key(task: UserTask) -> str:
        return (f"task_created:{task.instance_id}:{task.engine_task_id}:{task.assignee_id or 'group'}"
                + (f":v{step_mark}" if step_mark is not None else ""))

    notifications.enqueue_many(session, (("task_created", {
        "title": f"待审核：{record.record_type.name}（{record.owner.name}）", "body": record.title or "",
        "link": f"/records/{record.id}", **task_addressees(task)}, key(task))
        for record, tasks in opened for task in tasks if task.candidate_role != APPLICANT))


def _notify_applicant(session: Session, record: Record, instance: ProcessInstance, event: str) -> None:
    labels = {"record_approved": "已审核通过", "record_terminated": "已被终止", "record_cancelled": "流程已取消"}
    recipients = sorted({record.owner_id, record.submitter_id})
    notifications.enqueue(session, event, {
        "title": f"{record.record_type.name}{labels.get(event, '')}", "body": record.title or "",
        "link": f"/records/{record.id}", "recipient_ids": recipients,
    }, dedupe_key=f"{event}:{instance.id}")


_RESULT_LABELS = {RecordStatus.APPROVED: "已审核通过", RecordStatus.RETURNED: "已退回申请人",
                  RecordStatus.TERMINATED: "已被终止"}


def _copy_result(session: Session, record: Record, instance: ProcessInstance, result: RecordStatus,
                 dedupe_key: str) -> None:
    """抄送: the final result (approved, returned to the applicant, terminated) to the roles the process
    names in its ``cc_roles`` property (issue 11 item 4), as one ``cc`` outbox row in the transaction of
    the state change. ``dedupe_key`` makes it once per result."""
    roles = deployed(session, instance.definition_version_id).extra.get("cc_roles") or []
    recipients = sorted(cc_recipients(session, record, instance.dept_lane, roles)) if roles else []
    if not recipients:
        return
    notifications.enqueue(session, "cc", {
        "title": f"抄送：{record.record_type.name}（{record.owner.name}）{_RESULT_LABELS[result]}",
        "body": record.title or "", "link": f"/records/{record.id}", "recipient_ids": recipients,
    }, dedupe_key=dedupe_key)


def _decider(session: Session, record: Record) -> Callable[[str, Mapping[str, object]], dict[str, object]]:
    """Evaluate the current version of a decision table for ``record``; a failure is an incident."""
    def decide(decision_id: str, inputs: Mapping[str, object]) -> dict[str, object]:
        version = current_decision(session, decision_id)
        return _run(record, None, lambda engine: engine.evaluate_decision(
            str(version.id), version.source.encode("utf-8"), inputs))
    return decide


def _run(record: Record, instance: ProcessInstance | None, call: Callable[[WorkflowEngine], T]) -> T:
    """Call the engine; an engine failure becomes an incident (own transaction) and a 500 envelope."""
    try:
        return call(get_engine())
    except EngineError as exc:
        incident = EngineIncident(messages.PROCESS_INCIDENT.format(detail=exc.message))
        record_id, instance_id = record.id, instance.id if instance else None
        incident.after_rollback = [functools.partial(record_incident, record_id, instance_id, exc)]
        raise incident from exc


def record_incident(record_id: int | None, instance_id: int | None, exc: EngineError) -> None:
    """Write an incident in its own transaction, after the failed change was rolled back."""
    log.error("process incident on record %s: %s", record_id, exc)
    with unit_of_work() as session:
        if record_id is not None and session.get(Record, record_id) is None:
            record_id = None            # the record itself was part of the rolled-back change
        if instance_id is not None and session.get(ProcessInstance, instance_id) is None:
            instance_id = None
        session.add(Incident(record_id=record_id, instance_id=instance_id,
                             error_type=getattr(exc, "error_type", None) or type(exc).__name__,
                             bpmn_id=getattr(exc, "bpmn_id", None), message=str(exc.message)))
