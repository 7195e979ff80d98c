"""Reviewer use cases: 审核 (approve / return / terminate) a user task (catalog §3.2 transitions 8–11)."""
from __future__ import annotations


from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, SignatureRequired, StaleVersion, TaskAlreadyCompleted, ValidationFailed
from app.models import Record, ReviewEvent, User, UserTask, school_time, utcnow
from app.vocabulary import DECISIONS, ReviewAction, TaskStatus

from app.services.messaging import notifications
from app.services.review import process_steps
from app.services.signatures import signatures
from app.services import scope
from app.services import candidates
from app.services import locks
from app.services.uow import unit_of_work

ACTIONS = DECISIONS
MAX_COMMENT = 500


def complete_user_task(principal: Principal, task_id: int, *, action: str, comment: str | None = None,
                       signature_version: int | None = None, expected_version: int | None = None,
                       needs_signature: bool = False) -> Record:
    """Complete a review task: 审核通过, 退回 (comment required) or 终止 (comment required).

    Args:
        principal: a member of the task's candidate group (catalog §2.6).
        task_id: the ``user_task`` id from the inbox.
        action: ``approve`` | ``return`` | ``terminate``.
        comment: 审核意见, at most 500 characters; required for return and terminate.
        signature_version: ignored when ``needs_signature``: the reviewer's current version is recorded.
        needs_signature: a single review (审核, catalog §5.2): the reviewer's current e-signature is
            required and its version recorded on the trail row; batch review passes False.
        expected_version: the record version the reviewer saw; another one is refused (批量审核: 记录已变更).

    Returns:
        The record after the step (``in_review``, ``approved``, ``returned`` or ``terminated``).

    Raises:
        NotFound: the task is not in the caller's candidate groups (404, existence not leaked).
        TaskAlreadyCompleted: someone acted first: 「该记录已由 X 于 hh:mm 处理」 (409).
        PermissionDenied: the caller owns or submitted the record: 「不能审核本人填报的记录」 (403).
        ValidationFailed: unknown action, missing or too long comment (422).
        InvalidState: the task was withdrawn by the process (撤回, 删除) (409).
        StaleVersion: ``expected_version`` is not the record's version (409, 「记录已被修改，请刷新后重试」).
        SignatureRequired: ``needs_signature`` and the reviewer has none yet (428,
            「第一次审核时需要个人电子签名，请先签名」).
    """
    comment = (comment or "").strip() or None
    _check_decision(action, comment)
    with unit_of_work() as session:
        if needs_signature:
            signature = signatures.current_signature(session, principal.user_id)
            if signature is None:
                raise SignatureRequired(messages.SIGNATURE_REQUIRED)
            signature_version = signature.version
        task = candidates.reviewer_task(session, principal, task_id, lock=True)
        if task.status == TaskStatus.CANCELLED:
            raise InvalidState(messages.STALE_RECORD)
        if task.status != TaskStatus.OPEN:
            raise TaskAlreadyCompleted(_already_done_message(session, task))
        record, instance = locks.lock_review(session, task.record_id, task.instance_id)
        scope.ensure_not_own(principal, record)
        if expected_version is not None and expected_version != record.version:
            raise StaleVersion(messages.STALE_RECORD)
        if instance.status in messages.INSTANCE_HOLD_LABELS:       # 挂起 or 异常 (operations)
            raise InvalidState(messages.INSTANCE_ON_HOLD.format(status=messages.INSTANCE_HOLD_LABELS[instance.status]))
        task.status, task.outcome, task.comment = TaskStatus.COMPLETED, action, comment
        task.completed_by_id, task.completed_at = principal.user_id, utcnow()
        process_steps.complete_engine_task(session, record, instance, task, {"decision": action})
        session.add(ReviewEvent(record_id=record.id, instance_id=instance.id, user_task_id=task.id,
                                actor_id=principal.user_id, lane=task.lane, step_name=task.name,
                                unit_id=task.candidate_unit_id or record.owner_unit_id, action=action,
                                comment=comment, signature_version=signature_version))
        if action == ReviewAction.RETURN:
            _notify_returned(session, record, task, comment)
    return record


def _check_decision(action: str, comment: str | None) -> None:
    if action not in ACTIONS:
        raise ValidationFailed("审核结果无效", errors=[{"field": "action", "message": "审核结果只能是 通过、退回 或 终止"}])
    if action in (ReviewAction.RETURN, ReviewAction.TERMINATE) and not comment:
        raise ValidationFailed(messages.COMMENT_REQUIRED, errors=[{"field": "comment", "message": messages.COMMENT_REQUIRED}])
    if comment and len(comment) > MAX_COMMENT:
        raise ValidationFailed(messages.COMMENT_TOO_LONG, errors=[{"field": "comment", "message": messages.COMMENT_TOO_LONG}])


def _already_done_message(session, task: UserTask) -> str:
    if task.completed_by_id is None or task.completed_at is None:
        return messages.TASK_DONE.format(name="他人", time="--:--")
    user = session.get(User, task.completed_by_id)
    return messages.TASK_DONE.format(name=user.name, time=school_time(task.completed_at).strftime("%H:%M"))


def _notify_returned(session, record: Record, task: UserTask, comment: str | None) -> None:
    notifications.enqueue(session, "record_returned", {
        "title": f"{record.record_type.name}被退回", "body": comment or "", "comment": comment,
        "link": f"/records/{record.id}",
        "recipient_ids": sorted({record.owner_id, record.submitter_id}),
    }, dedupe_key=f"record_returned:{task.id}")
