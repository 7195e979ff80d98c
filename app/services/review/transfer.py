"""转交: a reviewer hands an open review task to another member of the same candidate group.

The task gets ``assignee_id`` (``candidates.assign_task``: from then on it is in that member's inbox
only, and only he, or his delegate during a 委托, completes it); the 审核记录 gets a 转交 row naming
the new assignee, and he is told through the outbox, all in one transaction.
"""
from __future__ import annotations


from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, ValidationFailed
from app.extensions import db
from app.models import Record, ReviewEvent, User
from app.vocabulary import ReviewAction, TaskStatus

from app.services import candidates
from app.services import scope
from app.services.messaging import notifications
from app.services.review import delegations
from app.services.uow import unit_of_work

MAX_COMMENT = 500


def transfer_candidates(principal: Principal, task_id: int) -> list[candidates.Colleague]:
    """The members the caller may 转交 the open ``task_id`` to: active members of its candidate group
    (``candidates.group_members``), except the caller, the current assignee and the record's owner and
    submitter (nobody reviews his own record, catalog §2.6), ordered by 账号.

    Raises:
        NotFound: the task is not in the caller's candidate groups (404).
        PermissionDenied: the caller owns or submitted the record (403, 「不能审核本人填报的记录」).
    """
    task = candidates.reviewer_task(db.session, principal, task_id)
    record = db.session.get(Record, task.record_id)
    assert record is not None
    scope.ensure_not_own(principal, record)
    excluded = {principal.user_id, task.assignee_id, record.owner_id, record.submitter_id}
    ids = candidates.group_members(db.session, task.candidate_role, task.candidate_unit_id,
                                   task.candidate_category) - excluded
    return candidates.colleagues(db.session, ids)


def transfer_task(principal: Principal, task_id: int, assignee_id: int, comment: str | None = None) -> User:
    """转交 the open review task ``task_id`` to ``assignee_id``.

    Args:
        principal: a member of the task's candidate group (or its assignee, or his delegate).
        assignee_id: an active member of the same candidate group (``transfer_candidates``).
        comment: 转交说明, optional, at most 500 characters; shown on the 审核记录.

    Returns:
        The new assignee.

    Raises:
        NotFound: the task is not in the caller's candidate groups (404).
        InvalidState: the task is no longer open (409, 「该任务已处理或已撤销，不能转交」).
        PermissionDenied: the caller owns or submitted the record (403).
        ValidationFailed: to the caller himself, to a user outside the candidate group (422,
            「X 不是「…」环节的审核人，不能转交…」), or a comment over 500 characters.
    """
    comment = (comment or "").strip() or None
    if comment and len(comment) > MAX_COMMENT:
        raise ValidationFailed(messages.COMMENT_TOO_LONG, errors=[{"field": "comment", "message": messages.COMMENT_TOO_LONG}])
    if assignee_id == principal.user_id:
        raise ValidationFailed(messages.TRANSFER_TO_SELF, errors=[{"field": "assignee_id", "message": messages.TRANSFER_TO_SELF}])
    with unit_of_work() as session:
        task = candidates.reviewer_task(session, principal, task_id, lock=True)
        if task.status != TaskStatus.OPEN:
            raise InvalidState(messages.TRANSFER_NOT_OPEN)
        record = session.get(Record, task.record_id)
        assert record is not None
        scope.ensure_not_own(principal, record)
        acted_for = candidates.acting_for(principal, task)
        assignee = candidates.assign_task(session, task, assignee_id)
        event = ReviewEvent(record_id=record.id, instance_id=task.instance_id, user_task_id=task.id,
                            actor_id=principal.user_id, lane=task.lane, step_name=task.name,
                            unit_id=task.candidate_unit_id or record.owner_unit_id, action=ReviewAction.TRANSFER,
                            comment=comment, acted_for_id=acted_for, target_user_id=assignee.id)
        session.add(event)
        session.flush()
        recipients = {assignee.id} | delegations.active_delegates(session, assignee.id, task)
        notifications.enqueue(session, "task_transferred", {
            "title": f"转交给您审核：{record.record_type.name}（{record.owner.name}）",
            "body": f"{principal.name}将「{task.name}」转交给您" + (f"：{comment}" if comment else ""),
            "link": f"/review/records/{record.id}", "recipient_ids": sorted(recipients),
        }, dedupe_key=f"task_transferred:{event.id}")
    return assignee


__all__ = ["transfer_candidates", "transfer_task"]
