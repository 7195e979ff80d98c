"""撤回 an approved record, the unit's decision on a 撤回 request, and the 撤回记录 list (catalog §3.4).

The record type's ``post_approval_policy`` decides what 撤回 does:
- ``withdraw_auto``: a record that is not cited returns to ``draft`` at once (撤回成功);
- ``withdraw_approval``: a request that is not cited starts the ``withdrawal_approval`` process
  (processes/withdrawal_approval.bpmn) and waits (待处理) on its user task; who decides is the
  ``withdrawal_approver`` decision table (rules/withdrawal_approver.dmn, row W1: the owner unit's
  二级单位管理员) and the lane's candidate group (``services/candidates.py``). 同意 → ``draft``; 不同意 closes it.
  The request, the decision and the process show in the record's 审核记录 and 流程图;
- ``change_request`` / ``none``: no 撤回 (「该类业绩不支持撤回」).
Under both 撤回 policies a cited record is refused at once (不予撤回, 「该业绩已被引用，不能撤回」): the
refusal is a logged outcome of the request, not an error.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, NotFound, ValidationFailed
from app.extensions import db
from app.models import ProcessInstance, Record, RecordType, ReviewEvent, User, UserTask, WithdrawalRequest, utcnow
from app.models.withdrawals import WITHDRAWAL_HANDLING, WITHDRAWAL_OUTCOMES
from app.vocabulary import Lane, RecordStatus, ReviewAction, TaskStatus

from app.services.messaging import notifications
from app.services import scope
from app.services.locks import is_cited
from app.services.paging import paging
from app.services.deployment import current_process
from app.services import candidates
from app.services.review import process_steps
from app.services.uow import unit_of_work

WITHDRAW_POLICIES = ("withdraw_auto", "withdraw_approval")
MAX_TEXT = 500
WITHDRAWAL_PROCESS = "withdrawal_approval"
"""Process key of the 撤回 approval (processes/withdrawal_approval.bpmn)."""
END_OUTCOMES = {"end_withdrawn": "withdrawn", "end_rejected": "rejected"}
"""End event of the 撤回 approval → request outcome."""


@dataclass(frozen=True)
class WithdrawalRow:
    """One row of the 撤回记录 page: the request plus what the page shows beside it."""

    request: WithdrawalRequest
    record_type_name: str            # 业绩类别
    requester: User                  # 申请人
    handled_by: User | None          # 处理人 (None while pending, or when the system decided)
    can_decide: bool                 # the caller may 同意 / 不同意 it now

    def __getattr__(self, name: str):
        # the response schema reads the request's own columns straight off the row
        return getattr(self.request, name)


@dataclass
class WithdrawalPage:
    items: list[WithdrawalRow]
    total: int
    page: int
    page_size: int


def withdraw_record(principal: Principal, record_id: int, *, reason: str | None) -> WithdrawalRequest:
    """撤回 an approved record (transition 15), or file a 撤回 request for the unit to decide.

    Args:
        principal: the record's applicant (its submitter: the owner, or the importing unit admin).
        record_id: an ``approved`` record whose type allows 撤回.
        reason: 撤回原因, required, at most 500 characters.

    Returns:
        The 撤回 request, already processed or pending:
        - not cited, ``withdraw_auto``: 已处理 / 撤回成功; the record is ``draft`` again (approved_at
          cleared, so it leaves 已完成 and 数据汇总), with a 撤回 trail row and a notification;
        - not cited, ``withdraw_approval``: 待处理; the record is unchanged until the unit decides;
        - cited: 已处理 / 不予撤回 with 处理说明 「该业绩已被引用，不能撤回」; the record is unchanged.

    Raises:
        NotFound: not the caller's record (404; another teacher's record included).
        InvalidState: the record is not approved, its type does not allow 撤回 (「该类业绩不支持撤回」),
            or a request for it is still pending (409).
        ValidationFailed: 撤回原因 missing or longer than 500 characters (422).

    Source: catalog §3.2 transition 15, §3.3, §3.4, §3.5; §9 Q5, Q8.
    """
    reason = _text(reason, field="reason", required=messages.WITHDRAW_REASON_REQUIRED,
                   too_long=messages.WITHDRAW_REASON_TOO_LONG)
    with unit_of_work() as session:
        record = scope.applicant_record(session, principal, record_id, lock=True)
        if record.status != RecordStatus.APPROVED:
            raise InvalidState(messages.NOT_EDITABLE.format(status=record.status_label, action="撤回"))
        policy = withdraw_policy(record)
        if policy not in WITHDRAW_POLICIES:
            raise InvalidState(messages.WITHDRAW_NOT_SUPPORTED)
        if _has_pending_request(session, record):
            raise InvalidState(messages.WITHDRAW_PENDING)
        request = WithdrawalRequest(record_id=record.id, record_type_code=record.record_type_code,
                                    record_title=record.title, reason=reason, requested_by_id=principal.user_id,
                                    requested_at=utcnow(), handling="pending")
        session.add(request)
        session.flush()
        if is_cited(record):
            _close(request, "refused", note=messages.CITED_LOCKED.format(action="撤回"), handler_id=None)
        elif policy == "withdraw_auto":
            _return_to_draft(session, record, request, actor_id=principal.user_id, task=None, comment=reason)
            _close(request, "withdrawn", note=None, handler_id=None)
        else:
            _start_approval(session, record, request)
    return request


def decide_withdrawal(principal: Principal, request_id: int, *, agree: bool, note: str | None = None) -> WithdrawalRequest:
    """同意 or 不同意 a pending 撤回 request (``withdraw_approval`` types): completes the open task of its
    ``withdrawal_approval`` instance with ``{"decision": "agree" | "disagree"}``; the end event reached
    decides the outcome (``end_withdrawn`` → 撤回成功, ``end_rejected`` → 不同意). Both decisions are
    审核记录 rows of the deciding lane (撤回 / 不同意撤回).

    Args:
        principal: a member of the candidate group of the request's open task (the lane
            ``rules/withdrawal_approver.dmn`` chose; by default the owner unit's 二级单位管理员 whose
            categories cover the record, ``services/candidates.py``).
        request_id: a pending 撤回 request.
        agree: True = 同意 (the record returns to ``draft``); False = 不同意.
        note: 处理说明, at most 500 characters.

    Returns:
        The request, 已处理 with 状态 撤回成功 or 不同意. If the record was cited meanwhile, an
        agreement ends as 不予撤回 (「该业绩已被引用，不能撤回」) and the record stays approved.

    Raises:
        NotFound: no such request for the caller to decide (404).
        PermissionDenied: the caller owns or submitted the record (「不能审核本人填报的记录」, 403).
        InvalidState: the request is already processed, or the record is no longer approved (409).
        ValidationFailed: 处理说明 longer than 500 characters (422).

    Source: catalog §3.4 (withdraw_approval), §2.6 (no self-review), §9 Q5.
    """
    note = _text(note, field="note", required=None, too_long=messages.WITHDRAW_NOTE_TOO_LONG)
    with unit_of_work() as session:
        request = session.scalar(
            select(WithdrawalRequest).join(Record, Record.id == WithdrawalRequest.record_id)
            .where(WithdrawalRequest.id == request_id, or_(_assigned(principal), _legacy(principal)))
            .with_for_update(of=WithdrawalRequest).execution_options(populate_existing=True))
        if request is None:
            raise NotFound(messages.WITHDRAWAL_NOT_FOUND)
        if request.handling != "pending":
            raise InvalidState(messages.WITHDRAWAL_ALREADY_HANDLED)
        record = session.scalars(select(Record).where(Record.id == request.record_id).with_for_update(of=Record)
                                 .execution_options(populate_existing=True)).one()
        scope.ensure_not_own(principal, record)
        if request.instance_id is None:           # filed before 撤回 approvals were processes
            _start_approval(session, record, request, notify=False)
        task = session.scalar(select(UserTask).where(
            UserTask.instance_id == request.instance_id, UserTask.status == TaskStatus.OPEN,
            candidates.candidate_clause(principal)).with_for_update().execution_options(populate_existing=True))
        if task is None:
            raise InvalidState(messages.WITHDRAWAL_ALREADY_HANDLED)
        refused = agree and record.status == RecordStatus.APPROVED and is_cited(record)
        if agree and record.status != RecordStatus.APPROVED:
            raise InvalidState(messages.NOT_EDITABLE.format(status=record.status_label, action="撤回"))
        decision = "agree" if agree and not refused else "disagree"
        comment = messages.CITED_LOCKED.format(action="撤回") if refused else note
        instance = session.scalars(select(ProcessInstance).where(ProcessInstance.id == request.instance_id)
                                   .with_for_update().execution_options(populate_existing=True)).one()
        task.status, task.outcome, task.comment = TaskStatus.COMPLETED, decision, comment
        task.completed_by_id, task.completed_at = principal.user_id, utcnow()
        step, opened = process_steps.complete_side_task(session, record, instance, task, {"decision": decision})
        if not step.is_completed:                 # a further step of the approval: it stays pending
            action = ReviewAction.APPROVE if agree else ReviewAction.WITHDRAW_REJECT
            _trail(session, record, task, principal.user_id, action, comment)
            _notify_candidates(session, record, request, opened)
            return request
        outcome = END_OUTCOMES.get(step.end_event or "")
        if outcome == "withdrawn":
            _return_to_draft(session, record, request, actor_id=principal.user_id, task=task,
                             comment=note or request.reason)
            _close(request, "withdrawn", note=note, handler_id=principal.user_id)
        elif outcome == "rejected":
            _trail(session, record, task, principal.user_id, ReviewAction.WITHDRAW_REJECT, comment)
            _close(request, "refused" if refused else "rejected", note=comment, handler_id=principal.user_id)
            _notify_applicant(session, record, request, messages.WITHDRAW_REJECTED_NOTICE)
        else:
            raise InvalidState(messages.PROCESS_INCIDENT.format(detail=f"撤回流程结束于 {step.end_event}"))
    return request


def list_withdrawals(principal: Principal, *, q: str | None = None, record_type: str | None = None,
                     handling: str | None = None, outcome: str | None = None, page: int = 1,
                     page_size: int = 20) -> WithdrawalPage:
    """撤回记录: the caller's requests and the requests whose 撤回 approval reaches the caller, newest first.

    A member of the deciding candidate group (by default the owner unit's 二级单位管理员) sees the
    pending requests assigned to his groups and the ones he decided.

    Args:
        q: part of 业绩名称 (按照业绩名称查询).
        record_type: 业绩类别, a record-type code.
        handling: 处理情况, ``pending`` (待处理) | ``processed`` (已处理).
        outcome: 状态, ``withdrawn`` (撤回成功) | ``refused`` (不予撤回) | ``rejected`` (不同意).

    Raises:
        ValidationFailed: an unknown ``handling`` or ``outcome``.

    Source: catalog §3.4 撤回记录 page (S004 图1-2).
    """
    _check_filters(handling, outcome)
    page, page_size = paging(page, page_size)
    requester, handler = aliased(User), aliased(User)
    pending = WithdrawalRequest.handling == "pending"
    mine = or_(WithdrawalRequest.requested_by_id == principal.user_id, Record.owner_id == principal.user_id)
    to_decide = or_(_assigned(principal), _legacy(principal))
    where = [or_(mine, and_(to_decide, or_(pending, WithdrawalRequest.handled_by_id == principal.user_id)))]
    if q and q.strip():
        where.append(WithdrawalRequest.record_title.like(f"%{q.strip()}%"))
    if record_type:
        where.append(WithdrawalRequest.record_type_code == record_type)
    if handling:
        where.append(WithdrawalRequest.handling == handling)
    if outcome:
        where.append(WithdrawalRequest.outcome == outcome)
    not_own = and_(Record.owner_id != principal.user_id, Record.submitter_id != principal.user_id)
    decidable = or_(_assigned(principal, open_only=True), _legacy(principal))
    can_decide = case((and_(pending, decidable, not_own), True), else_=False)
    base = (select(WithdrawalRequest, RecordType.name, requester, handler, can_decide)
            .join(Record, Record.id == WithdrawalRequest.record_id)
            .join(RecordType, RecordType.code == WithdrawalRequest.record_type_code)
            .join(requester, requester.id == WithdrawalRequest.requested_by_id)
            .outerjoin(handler, handler.id == WithdrawalRequest.handled_by_id)
            .where(and_(*where)))
    total = db.session.scalar(select(func.count(WithdrawalRequest.id))
                              .join(Record, Record.id == WithdrawalRequest.record_id).where(and_(*where)))
    rows = db.session.execute(base.order_by(WithdrawalRequest.requested_at.desc(), WithdrawalRequest.id.desc())
                              .offset((page - 1) * page_size).limit(page_size)).all()
    items = [WithdrawalRow(req, name, who, by, bool(decidable)) for req, name, who, by, decidable in rows]
    return WithdrawalPage(items, total or 0, page, page_size)


def withdraw_policy(record: Record) -> str:
    """The record type's ``post_approval_policy`` (catalog §3.4), synced from its current form version
    at deploy."""
    return record.record_type.post_approval_policy


def handling_label(request: WithdrawalRequest) -> str:
    """处理情况: 待处理 / 已处理."""
    return messages.WITHDRAWAL_HANDLING_LABELS.get(request.handling, request.handling)


def outcome_label(request: WithdrawalRequest) -> str:
    """状态: 撤回成功 / 不予撤回 / 不同意, or — while pending."""
    return messages.WITHDRAWAL_OUTCOME_LABELS.get(request.outcome or "", messages.WITHDRAWAL_NO_OUTCOME)


def _has_pending_request(session: Session, record: Record) -> bool:
    return (session.scalar(select(func.count(WithdrawalRequest.id)).where(
        WithdrawalRequest.record_id == record.id, WithdrawalRequest.handling == "pending")) or 0) > 0


def _return_to_draft(session: Session, record: Record, request: WithdrawalRequest, *, actor_id: int,
                     task: UserTask | None, comment: str | None) -> None:
    """approved → draft: the record leaves 已完成 and 数据汇总; a 撤回 trail row (the applicant's, or the
    deciding task's); the applicant is told."""
    record.status, record.approved_at, record.current_lane = RecordStatus.DRAFT, None, None
    record.updated_at = utcnow()
    if task is None:
        session.add(ReviewEvent(record_id=record.id, actor_id=actor_id, lane=Lane.APPLICANT,
                                step_name=Lane.APPLICANT.label, unit_id=record.owner_unit_id,
                                action=ReviewAction.WITHDRAW, comment=comment))
    else:
        _trail(session, record, task, actor_id, ReviewAction.WITHDRAW, comment)
    _notify_applicant(session, record, request, messages.WITHDRAWN_NOTICE)


def _start_approval(session: Session, record: Record, request: WithdrawalRequest, *, notify: bool = True) -> None:
    """Start the 撤回 approval (``withdrawal_approval``, routed by ``withdrawal_approver``) for ``request``;
    a 申请撤回 trail row (by the requester); the deciding candidate group is told when ``notify``."""
    definition = current_process(session, WITHDRAWAL_PROCESS)
    data = process_steps.routing_inputs(record, definition, ())
    instance, opened = process_steps.start_side_instance(session, record, definition, data)
    request.instance_id = instance.id
    session.add(ReviewEvent(record_id=record.id, instance_id=instance.id, actor_id=request.requested_by_id,
                            lane=Lane.APPLICANT, step_name=Lane.APPLICANT.label,
                            unit_id=record.owner_unit_id, action=ReviewAction.WITHDRAW_REQUEST, comment=request.reason))
    if notify:
        _notify_candidates(session, record, request, opened)


def _legacy(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on WithdrawalRequest joined to Record: a pending request filed before 撤回 approvals were
    processes (no instance). Its owner unit's 二级单位管理员 decide it, as they did then; the process is started
    when one of them does (``decide_withdrawal``)."""
    return and_(WithdrawalRequest.instance_id.is_(None), WithdrawalRequest.handling == "pending",
                scope.unit_admin_records(principal))


def _assigned(principal: Principal, *, open_only: bool = False) -> ColumnElement[bool]:
    """WHERE clause on WithdrawalRequest: a task of its 撤回 approval is (or was) in the caller's candidate
    groups (``services/candidates.py``); ``open_only``: a task still waiting."""
    clauses = [UserTask.instance_id == WithdrawalRequest.instance_id, candidates.candidate_clause(principal)]
    if open_only:
        clauses.append(UserTask.status == TaskStatus.OPEN)
    return exists().where(*clauses)


def _trail(session: Session, record: Record, task: UserTask, actor_id: int, action: str, comment: str | None) -> None:
    """A 审核记录 row for a decision on a 撤回 approval task (same shape as a review's row)."""
    session.add(ReviewEvent(record_id=record.id, instance_id=task.instance_id, user_task_id=task.id,
                            actor_id=actor_id, lane=task.lane, step_name=task.name,
                            unit_id=task.candidate_unit_id or record.owner_unit_id, action=action, comment=comment))


def _close(request: WithdrawalRequest, outcome: str, *, note: str | None, handler_id: int | None) -> None:
    request.handling, request.outcome, request.note = "processed", outcome, note
    request.handled_by_id, request.handled_at = handler_id, utcnow()


def _notify_applicant(session: Session, record: Record, request: WithdrawalRequest, title: str) -> None:
    notifications.enqueue(session, "record_withdrawal", {
        "title": title.format(type_name=record.record_type.name), "body": record.title or "",
        "link": f"/records/{record.id}", "recipient_ids": sorted({record.owner_id, record.submitter_id}),
    }, dedupe_key=f"record_withdrawal:{request.id}")


def _notify_candidates(session: Session, record: Record, request: WithdrawalRequest, opened: list[UserTask]) -> None:
    """Tell the candidate group of each task the 撤回 approval opened (the group is the task's own)."""
    for task in opened:
        notifications.enqueue(session, "withdrawal_requested", {
            "title": messages.WITHDRAW_REQUESTED_NOTICE.format(type_name=record.record_type.name, owner=record.owner.name),
            "body": request.reason, "link": "/withdrawals", "candidate_role": task.candidate_role,
            "candidate_unit_id": task.candidate_unit_id, "candidate_category": task.candidate_category,
        }, dedupe_key=f"withdrawal_requested:{request.id}:{task.id}")


def _text(value: str | None, *, field: str, required: str | None, too_long: str) -> str | None:
    text = (value or "").strip() or None
    if text is None and required:
        raise ValidationFailed(required, errors=[{"field": field, "message": required}])
    if text and len(text) > MAX_TEXT:
        raise ValidationFailed(too_long, errors=[{"field": field, "message": too_long}])
    return text


def _check_filters(handling: str | None, outcome: str | None) -> None:
    if handling and handling not in WITHDRAWAL_HANDLING:
        raise ValidationFailed(messages.WITHDRAWAL_HANDLING_INVALID,
                               errors=[{"field": "handling", "message": messages.WITHDRAWAL_HANDLING_INVALID}])
    if outcome and outcome not in WITHDRAWAL_OUTCOMES:
        raise ValidationFailed(messages.WITHDRAWAL_OUTCOME_INVALID,
                               errors=[{"field": "outcome", "message": messages.WITHDRAWAL_OUTCOME_INVALID}])


__all__ = ["WithdrawalPage", "WithdrawalRow", "decide_withdrawal", "handling_label", "list_withdrawals",
           "outcome_label", "withdraw_policy", "withdraw_record"]
