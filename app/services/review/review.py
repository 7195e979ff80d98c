"""Reviewer use cases: 审核 (approve / return / terminate) a user task (catalog §3.2 transitions 8–11)."""
from __future__ import annotations


from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, SignatureRequired, StaleVersion, TaskAlreadyCompleted, ValidationFailed
from sqlalchemy import select

from app.models import Record, ReviewEvent, User, UserTask, school_time, utcnow
from app.vocabulary import SINGLE_REVIEW_ACTIONS, ReviewAction, SignMode, TaskStatus

from app.services.messaging import notifications
from app.services.review import process_steps
from app.services.signatures import signatures
from app.services import scope
from app.services import candidates
from app.services import locks
from app.services.uow import unit_of_work

ACTIONS = SINGLE_REVIEW_ACTIONS
NEEDS_COMMENT = (ReviewAction.RETURN, ReviewAction.TERMINATE, ReviewAction.RETURN_PREVIOUS)
MAX_COMMENT = 500


def complete_user_task(principal: Principal, task_id: int, *, action: str, comment: str | None = None,
                       signature_version: int | None = None, expected_version: int | None = None,
                       needs_signature: bool = False) -> Record:
    """Complete a review task: 审核通过, 退回, 退回上一步 or 终止 (the last three need a comment).

    退回上一步 (``return_previous``) reopens the review step completed before this one for its candidate
    group; at the first review step there is none and the action is refused (退回 goes to the applicant).
    A signer's row of a 会签 step (``sign_mode`` all) that approves while other signers are still open
    leaves the step waiting; the last approval, or any other decision, decides the step and closes the
    other signers' rows. In a 或签 step (any) the first decision decides it.

    Args:
        principal: a member of the task's candidate group (catalog §2.6), its assignee when it was
            转交'd, or the assignee's delegate during a 委托 (the task and the trail row then record
            ``acted_for_id``: 「代 X 审核」).
        task_id: the ``user_task`` id from the inbox.
        action: ``approve`` | ``return`` | ``return_previous`` | ``terminate``.
        comment: 审核意见, at most 500 characters; required for return and terminate.
        signature_version: ignored when ``needs_signature``: the reviewer's current version is recorded.
        needs_signature: a single review (审核, catalog §5.2): the reviewer's current e-signature is
            required and its version recorded on the trail row; batch review passes False.
        expected_version: the record version the reviewer saw; another one is refused (批量审核: 记录已变更).

    Returns:
        The record after the step (``in_review``, ``approved``, ``returned`` or ``terminated``).

    Raises:
        NotFound: the task is not in the caller's candidate groups (404, existence not leaked).
        TaskAlreadyCompleted: someone acted first: 「该记录已由 X 于 hh:mm 处理」 (409); also for a signer whose
            share was closed because another signer decided the step.
        PermissionDenied: the caller owns or submitted the record: 「不能审核本人填报的记录」 (403).
        ValidationFailed: unknown action, missing or too long comment (422).
        InvalidState: the task was withdrawn by the process (撤回, 删除) (409), or 退回上一步 at the first
            review step: 「当前已是第一个审核环节，没有上一步，请使用「退回」退回申请人」 (409).
        StaleVersion: ``expected_version`` is not the record's version (409, 「记录已被修改，请刷新后重试」).
        SignatureRequired: ``needs_signature`` and the reviewer has none yet (428,
            「第一次审核时需要个人电子签名，请先签名」).
    """
    comment = (comment or "").strip() or None
    _check_decision(action, comment)
    with unit_of_work() as session:
        if needs_signature:
            signature_version = signatures.current_signature_version(session, principal.user_id)
            if signature_version is None:
                raise SignatureRequired(messages.SIGNATURE_REQUIRED)
        task = _locked_task(session, principal, task_id)
        if task.status == TaskStatus.CANCELLED:
            decided = _deciding_signer(session, task)
            if decided is None:
                raise InvalidState(messages.STALE_RECORD)
            raise TaskAlreadyCompleted(_already_done_message(session, decided))
        if task.status != TaskStatus.OPEN:
            raise TaskAlreadyCompleted(_already_done_message(session, task))
        record, instance = locks.lock_review(session, task.record_id, task.instance_id)
        scope.ensure_not_own(principal, record)
        if expected_version is not None and expected_version != record.version:
            raise StaleVersion(messages.STALE_RECORD)
        if instance.status in messages.INSTANCE_HOLD_LABELS:       # 挂起 or 异常 (operations)
            raise InvalidState(messages.INSTANCE_ON_HOLD.format(status=messages.INSTANCE_HOLD_LABELS[instance.status]))
        if action == ReviewAction.RETURN_PREVIOUS and task.previous_task_id is None:
            raise InvalidState(messages.NO_PREVIOUS_STEP)
        task.status, task.outcome, task.comment = TaskStatus.COMPLETED, action, comment
        task.completed_by_id, task.completed_at = principal.user_id, utcnow()
        task.acted_for_id = candidates.acting_for(principal, task)
        if action == ReviewAction.RETURN_PREVIOUS:
            process_steps.return_to_previous(session, record, instance, task)
        elif not _other_signers_wait(session, task, action):
            process_steps.complete_engine_task(session, record, instance, task, {"decision": action})
        step_name = f"{task.name}（{SignMode(task.sign_mode).label}）" if task.sign_mode else task.name
        session.add(ReviewEvent(record_id=record.id, instance_id=instance.id, user_task_id=task.id,
                                actor_id=principal.user_id, lane=task.lane, step_name=step_name,
                                unit_id=task.candidate_unit_id or record.owner_unit_id, action=action,
                                comment=comment, signature_version=signature_version,
                                acted_for_id=task.acted_for_id))
        if action == ReviewAction.RETURN:
            _notify_returned(session, record, task, comment)
    return record


def _locked_task(session, principal: Principal, task_id: int) -> UserTask:
    """The caller's review task, locked ``FOR UPDATE`` and fresh (the first lock of a review step).

    A signer's row of a 会签/或签 step is locked together with every row of its step, in id order: deciding
    the step closes the other signers' rows, so signers deciding at once must queue on the step rather
    than each hold his own row while waiting for the next lock.
    """
    single = candidates.locked_single_review_task(session, principal, task_id)
    if single is not None:          # the usual step: one candidate group, one row, one locking read
        return single
    task = candidates.reviewer_task(session, principal, task_id)
    if task.sign_mode is None:      # changed since (e.g. 转交'd away): read again under the lock, or 404
        return candidates.reviewer_task(session, principal, task_id, lock=True)
    session.scalars(select(UserTask).where(
        UserTask.instance_id == task.instance_id, UserTask.engine_task_id == task.engine_task_id)
        .order_by(UserTask.id).with_for_update().execution_options(populate_existing=True)).all()
    return task


def _deciding_signer(session, task: UserTask) -> UserTask | None:
    """For a closed signer row (或签 decided by another, 会签 ended by a 退回): the row that decided the step,
    i.e. the latest completed row of the same engine task (earlier 会签 approvals did not decide it)."""
    if not task.sign_mode:
        return None
    return session.scalar(select(UserTask).where(
        UserTask.instance_id == task.instance_id, UserTask.engine_task_id == task.engine_task_id,
        UserTask.status == TaskStatus.COMPLETED).order_by(UserTask.id.desc()).limit(1))


def _other_signers_wait(session, task: UserTask, action: str) -> bool:
    """True when ``task`` is one signer's approval of a 会签 step and other signers' rows are still open:
    the step keeps waiting and the engine is not called. The step's rows are locked by the caller, so two
    signers approving at once are serialized and the later one sees the earlier one's row completed."""
    if task.sign_mode != SignMode.ALL or action != ReviewAction.APPROVE:
        return False
    return session.scalar(select(UserTask.id).where(
        UserTask.instance_id == task.instance_id, UserTask.engine_task_id == task.engine_task_id,
        UserTask.status == TaskStatus.OPEN, UserTask.id != task.id).limit(1)) is not None


def _check_decision(action: str, comment: str | None) -> None:
    if action not in ACTIONS:
        raise ValidationFailed("审核结果无效",
                               errors=[{"field": "action", "message": "审核结果只能是 通过、退回、退回上一步 或 终止"}])
    if action in NEEDS_COMMENT and not comment:
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
