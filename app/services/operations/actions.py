"""The operator's repair actions (issue 14 item 2): 重试 an incident, 改派 a task to a named user, 跳转 back
to a step the instance has passed, 挂起 / 恢复, 终止, 重发 a failed outbox row.

Each is one transaction (``unit_of_work``) that takes the same row locks as a reviewer's 审核
(``locks.lock_review``: the task, then the record, then the instance) and writes an ``audit_event``
with who acted and why (``reason``, required). Every one raises NotFound (404) for a non-operator.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import EngineIncident, InvalidState, NotFound, ValidationFailed
from app.models import Incident, OutboxMessage, ProcessInstance, Record, User, UserTask, utcnow
from app.vocabulary import APPLICANT, TaskStatus

from app.services import candidates, locks
from app.services.audit import audit
from app.services.messaging import notifications
from app.services.operations.access import ensure_operator
from app.services.review import process_steps
from app.services.uow import unit_of_work

MAX_REASON = 500
HOLDABLE = ("running",)


def retry_incident(principal: Principal, incident_id: int, *, reason: str) -> Incident:
    """重试: run again the step the incident interrupted (``process_steps.retry_step``), e.g. once the
    decision table is fixed and redeployed; the instance runs on and the incident is resolved.

    Raises:
        NotFound: no such incident (or not an operator).
        InvalidState: resolved already, or nothing to retry (an incident of a submission that never
            started an instance: the applicant submits again), or the step failed again
            (「重试仍然失败：…」; the incident stays open).
    """
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        incident = _incident(session, incident_id)
        if incident.instance_id is None or incident.record_id is None or not incident.engine_task_id:
            raise InvalidState("该异常发生在提交时，没有可重试的流程步骤；请修复定义后由申请人重新提交")
        record, instance = locks.lock_review(session, incident.record_id, incident.instance_id)
        if instance.status != "incident":
            raise InvalidState("流程不在异常状态，无需重试")
        instance.status = "running"
        try:
            with session.begin_nested():
                process_steps.retry_step(session, record, instance, incident.engine_task_id, incident.step_data or {})
        except EngineIncident as exc:
            raise InvalidState(f"重试仍然失败：{getattr(exc.__cause__, 'message', None) or exc.message}") from exc
        incident.resolved_at, incident.resolved_by_id = utcnow(), principal.user_id
        audit(session, principal.user_id, "incident.retry", "incident", incident.id, reason=reason,
              instance=instance.id, record=record.id, bpmn_id=incident.bpmn_id)
    return incident


def reassign_task(principal: Principal, task_id: int, *, user_id: int, reason: str) -> UserTask:
    """改派: hand an open review task to one named eligible user (``candidates.eligible_assignees``).

    The task gets ``assignee_id``: it is then in that user's inbox and his alone to complete, he may
    read the record and he is notified (``candidates.assigned_to``).

    Raises:
        NotFound: no such open review task, or not an operator.
        InvalidState: the task is not open or its instance does not run.
        ValidationFailed: ``user_id`` is not eligible (field ``user_id``).
    """
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        task = _review_task(session, task_id)
        record, instance = locks.lock_review(session, task.record_id, task.instance_id)
        if instance.status not in HOLDABLE:
            raise InvalidState("流程当前不在运行中，不能改派")
        eligible = {u.id: u for u in candidates.eligible_assignees(session, task, record)}
        user = eligible.get(user_id)
        if user is None:
            message = "改派对象必须是有审核角色的在岗账号，且不能是该记录的填报人"
            raise ValidationFailed(message, errors=[{"field": "user_id", "message": message}])
        previous = task.assignee_id
        task.assignee_id = user.id
        audit(session, principal.user_id, "task.reassign", "user_task", task.id, reason=reason, record=record.id,
              to_user=user.account, from_user_id=previous)
        notifications.enqueue(session, "task_created", {
            "title": f"待审核（运维改派）：{record.record_type.name}（{record.owner.name}）", "body": record.title or "",
            "link": f"/records/{record.id}", "recipient_ids": [user.id],
        }, dedupe_key=f"task_reassigned:{task.id}:{user.id}:{instance.version}")
    return task


def assignee_options(principal: Principal, task_id: int) -> list[User]:
    """The accounts :func:`reassign_task` accepts for ``task_id`` (the dialog's choices).

    Raises:
        NotFound: no such open review task, or not an operator.
    """
    ensure_operator(principal)
    with unit_of_work() as session:
        task = _review_task(session, task_id, lock=False)
        record = session.get(Record, task.record_id)
        assert record is not None
        return candidates.eligible_assignees(session, task, record)


def suspend_instance(principal: Principal, instance_id: int, *, reason: str) -> None:
    """挂起: a running instance holds; its open tasks stay but no one may complete them (409 「已被运维人员挂起」).

    Raises:
        NotFound: no such instance, or not an operator. InvalidState: the instance is not running.
    """
    _set_status(principal, instance_id, reason, "instance.suspend", "running", "suspended", "只有运行中的流程可以挂起")


def resume_instance(principal: Principal, instance_id: int, *, reason: str) -> None:
    """恢复: a suspended instance runs again. Raises NotFound; InvalidState when it is not suspended."""
    _set_status(principal, instance_id, reason, "instance.resume", "suspended", "running", "只有已挂起的流程可以恢复")


def terminate_instance(principal: Principal, instance_id: int, *, reason: str) -> None:
    """终止: end a running, suspended or failed instance; the record becomes 已终止 and its applicant is
    notified (``process_steps.terminate_instance``).

    Raises:
        NotFound: no such instance, or not an operator. InvalidState: the instance has ended already.
    """
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        record, instance = _lock_instance(session, instance_id)
        if instance.status not in ("running", "suspended", "incident"):
            raise InvalidState("流程已结束，不能终止")
        process_steps.terminate_instance(session, record, instance)
        for incident in session.scalars(select(Incident).where(Incident.instance_id == instance.id,
                                                               Incident.resolved_at.is_(None))):
            incident.resolved_at, incident.resolved_by_id = utcnow(), principal.user_id
        audit(session, principal.user_id, "instance.terminate", "process_instance", instance.id, reason=reason,
              record=record.id)


def step_options(principal: Principal, instance_id: int) -> list[tuple[str, str]]:
    """``(bpmn_id, name)`` of the user tasks a running instance has passed: where :func:`jump_to_step` may
    send it (loads this one instance's state).

    Raises:
        NotFound: no such instance, or not an operator.
    """
    ensure_operator(principal)
    with unit_of_work() as session:
        instance = session.get(ProcessInstance, instance_id)
        if instance is None:
            raise NotFound("流程实例不存在")
        if instance.status != "running":
            return []
        return process_steps.passed_steps(session, instance)


def jump_to_step(principal: Principal, instance_id: int, *, bpmn_id: str, reason: str) -> None:
    """跳转: send a running instance back to a user task it has passed (e.g. 职能部门审核 → 二级单位审核
    again); its open tasks are cancelled and the step opens for its candidate group, who are notified.

    Raises:
        NotFound: no such instance, or not an operator.
        InvalidState: the instance is not running.
        ValidationFailed: ``bpmn_id`` is not a step it has passed (field ``bpmn_id``).
    """
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        record, instance = _lock_instance(session, instance_id)
        if instance.status != "running":
            raise InvalidState("只有运行中的流程可以跳转")
        passed = dict(process_steps.passed_steps(session, instance))
        if bpmn_id not in passed:
            message = "只能跳转到该流程已经过的审核环节"
            raise ValidationFailed(message, errors=[{"field": "bpmn_id", "message": message}])
        process_steps.jump_back(session, record, instance, bpmn_id)
        audit(session, principal.user_id, "instance.jump", "process_instance", instance.id, reason=reason,
              record=record.id, to_step=bpmn_id, to_step_name=passed[bpmn_id])


def retry_outbox(principal: Principal, message_id: int, *, reason: str) -> OutboxMessage:
    """重发: a failed outbox row goes back to the relay (``notifications.retry_message``), audited.

    Raises:
        NotFound: no such row, or not an operator. InvalidState: the row has not failed.
    """
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        message = notifications.retry_message(message_id)
        audit(session, principal.user_id, "outbox.retry", "outbox_message", message_id, reason=reason,
              event_type=message.event_type)
    return message


def _set_status(principal: Principal, instance_id: int, reason: str, action: str, before: str, after: str,
                refused: str) -> None:
    ensure_operator(principal)
    reason = _reason(reason)
    with unit_of_work() as session:
        record, instance = _lock_instance(session, instance_id)
        if instance.status != before:
            raise InvalidState(refused)
        instance.status = after
        audit(session, principal.user_id, action, "process_instance", instance.id, reason=reason, record=record.id)


def _lock_instance(session: Session, instance_id: int):
    """The instance's record and the instance, locked as a review step locks them (its open tasks first)."""
    record_id = session.scalar(select(ProcessInstance.record_id).where(ProcessInstance.id == instance_id))
    if record_id is None:
        raise NotFound("流程实例不存在")
    session.scalars(select(UserTask.id).where(UserTask.instance_id == instance_id, UserTask.status == TaskStatus.OPEN)
                    .order_by(UserTask.id).with_for_update()).all()
    return locks.lock_review(session, record_id, instance_id)


def _incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("异常不存在")
    if incident.resolved_at is not None:
        raise InvalidState("该异常已处理")
    return incident


def _review_task(session: Session, task_id: int, *, lock: bool = True) -> UserTask:
    query = select(UserTask).where(UserTask.id == task_id, UserTask.candidate_role != APPLICANT)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    task = session.scalar(query)
    if task is None:
        raise NotFound("待办任务不存在")
    if task.status != TaskStatus.OPEN:
        raise InvalidState("该任务已处理或已取消，不能改派")
    return task


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写操作原因", errors=[{"field": "reason", "message": "请填写操作原因"}])
    if len(reason) > MAX_REASON:
        raise ValidationFailed("操作原因不能超过 500 字", errors=[{"field": "reason", "message": "操作原因不能超过 500 字"}])
    return reason
