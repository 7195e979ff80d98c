"""Record use cases for the applicant: 新增/保存, 编辑, 删除, 提交 (catalog §3.2, §3.3).

Each state-changing function is one transaction: lock, check scope and state, change, write the
trail and outbox, commit.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, NotFound, PermissionDenied, StaleVersion, ValidationFailed
from app.models import ProcessInstance, Record, RecordType, ReviewEvent, RoleGrant, User, UserTask, utcnow
from app.vocabulary import APPLICANT, EDITABLE_STATUSES, Lane, RecordStatus, ReviewAction, Role, TaskStatus

from app.services import locks
from app.services.review import process_steps
from app.services import scope
from app.services.deployment import current_process, deployed, form_of, record_type_of
from app.services.records.record_data import RecordContext, locked_owner, prepare_data
from app.services.uow import unit_of_work



def create_record(principal: Principal, *, record_type: str, data: Any, submit: bool = False,
                  owner_account: str | None = None) -> Record:
    """新增申请 → 保存 (or 提交 at once when ``submit``).

    Only an account holding the teacher role files for himself (origin ``teacher``); sysadmin,
    operator, process admin, query and reviewer-only accounts cannot file (issue 8, finding 6). A
    二级单位管理员 may file for another teacher of his unit (never for himself) by naming ``owner_account``
    (origin ``unit_import``: import types, and records the unit itself enters; such records skip the unit
    lane, catalog §2.3 U2, §2.5). The submitter is then the unit admin: only he may edit, resubmit or
    delete it; the teacher may only read it (catalog §3.3).

    Args:
        principal: the caller (the submitter).
        record_type: a record-type code, e.g. ``"T04"``.
        data: the form's fields; 保存 checks only filled fields, 提交 checks everything.
        submit: also submit it, in the same transaction.
        owner_account: the teacher the record belongs to, when a unit admin files it.

    Returns:
        The record, ``draft`` (or ``in_review`` when submitted).

    Raises:
        NotFound: unknown record type, or ``owner_account`` not a person of a unit the caller
            administers for the type's category.
        PermissionDenied: the caller is not a teacher (「只有教师可以填报本人业绩」); a teacher filing an
            import type (「…由二级单位管理员导入，教师不能自行填报」); a unit admin naming himself.
        ValidationFailed: field errors, one per field.

    Source: catalog §3.2 transitions 1, 2 and 5; §1.2 (who enters records).
    """
    with unit_of_work() as session:
        rtype = record_type_of(session, record_type)
        if rtype is None:
            raise NotFound(messages.UNKNOWN_RECORD_TYPE.format(code=record_type))
        # a teacher files for himself: his row is read with the owner lock every save takes (lock_owner)
        submitter = locked_owner(session, principal.user_id) if owner_account is None \
            else session.get_one(User, principal.user_id)
        if owner_account is None:
            if not principal.has_role(Role.TEACHER):
                raise PermissionDenied(messages.TEACHER_ONLY)
            if rtype.entry_mode != "teacher":
                raise PermissionDenied(messages.IMPORT_TYPE_ONLY.format(title=rtype.name))
            owner, origin = submitter, "teacher"
        else:
            owner, origin = _unit_member(session, principal, owner_account, _scope_category(rtype)), "unit_import"
        form = form_of(session, rtype.form_version_id)
        clean, workload = prepare_data(session, form, RecordContext(owner, rtype.code), data, for_submit=submit)
        # the keys beside their relationships: a record submitted at once is read (routing, reviewers)
        # before its INSERT, which is what would fill them in
        record = Record(record_type=rtype, record_type_code=rtype.code, owner=owner, owner_id=owner.id,
                        owner_unit_id=owner.unit_id, submitter=submitter, submitter_id=submitter.id,
                        origin=origin, category=_scope_category(rtype), form_version_id=rtype.form_version_id)
        _store_data(record, form, clean, workload)
        session.add(record)
        if submit:                  # written once, with its new status, when the review starts
            _submit(session, principal, record, prepared=True)
        else:
            session.flush()         # its id, for a caller whose transaction this one joins (个人导入)
    return record


def imported_record(session: Session, *, rtype: RecordType, owner: User, submitter: User, clean: dict, workload,
                    import_batch_id: int) -> Record:
    """A new, not yet flushed record for one imported row (catalog §4.1 step 6): ``origin = unit_import``,
    ``submitter`` = the admin, ``owner`` = the teacher; ``clean``/``workload`` were checked by the preview.
    The caller adds a batch of them at once (one multi-row INSERT), then calls ``start_imported`` for
    each and ``finish_imported`` once."""
    form = form_of(session, rtype.form_version_id)
    record = Record(record_type=rtype, owner=owner, owner_unit_id=owner.unit_id, submitter=submitter,
                    origin="unit_import", category=_scope_category(rtype), form_version_id=rtype.form_version_id,
                    import_batch_id=import_batch_id)
    _store_data(record, form, clean, workload)
    return record


def start_imported(session: Session, principal: Principal, record: Record, *, starts: process_steps.BulkStart) -> None:
    """Queue the review of a new imported record in ``starts`` (the batch's current process version):
    the engine routes it now (once per distinct routing input) and the record is 审核中 at the first lane
    ``route_steps`` gives (import types skip the unit lane, catalog §2.3) before its INSERT;
    ``finish_imported`` writes the rest once the records are flushed.

    Raises:
        EngineIncident: the process could not route the record (the caller's transaction rolls back).
    """
    form = form_of(session, record.form_version_id)
    starts.add(record, process_steps.routing_inputs(record, starts.definition, form.routing_fields))
    record.submitted_at = utcnow()


def finish_imported(session: Session, principal: Principal, starts: process_steps.BulkStart) -> int:
    """Write the reviews queued by ``start_imported`` (their records flushed) inside the caller's
    transaction: instances, inbox rows, outbox rows and the trail entry 导入 of each.

    Returns:
        How many records were started.
    """
    started = starts.flush(session)
    if started:
        session.execute(insert(ReviewEvent), [
            {"record_id": record.id, "instance_id": instance.id, "actor_id": principal.user_id, "lane": Lane.APPLICANT,
             "step_name": Lane.APPLICANT.label, "unit_id": record.owner_unit_id, "action": ReviewAction.IMPORT}
            for record, instance in started])
    return len(started)


def _unit_member(session: Session, principal: Principal, account: str, category: str) -> User:
    """The teacher ``account`` of a unit the caller administers for ``category``.

    Raises:
        PermissionDenied: ``account`` is the caller (「不能为本人代填…」: a unit admin's own record goes
            through his unit's review like any teacher's, issue 8 finding 6).
        NotFound: not an active account holding the teacher role in a unit the caller administers for
            ``category``.
    """
    if account == principal.account and principal.has_role(Role.UNIT_ADMIN):
        raise PermissionDenied(messages.NO_SELF_IMPORT)
    owner = session.scalar(select(User).where(User.account == account, User.is_active.is_(True)))
    if owner is None or not any(
            g.unit_id == owner.unit_id and g.covers_category(category) for g in principal.grants_for(Role.UNIT_ADMIN)):
        raise NotFound(messages.OWNER_NOT_IN_UNIT.format(account=account))
    if session.scalar(select(RoleGrant.id).where(RoleGrant.user_id == owner.id, RoleGrant.role == Role.TEACHER).limit(1)) is None:
        raise NotFound(messages.OWNER_NOT_IN_UNIT.format(account=account))
    return owner


def update_record(principal: Principal, record_id: int, *, data: Any, version: int | None) -> Record:
    """编辑 → 保存: replace a draft's or returned record's data (status unchanged).

    Raises:
        NotFound: not the caller's record. StaleVersion: ``version`` is not the current one (409).
        InvalidState: not draft/returned (409). ValidationFailed: field errors.

    Source: catalog §3.2 transitions 3 and 12.
    """
    with unit_of_work() as session:
        record = _editable(session, principal, record_id, version, "修改")
        rtype = record.record_type
        form = form_of(session, rtype.form_version_id)
        clean, workload = prepare_data(session, form, RecordContext.of(record), data, for_submit=False)
        record.form_version_id = rtype.form_version_id
        _store_data(record, form, clean, workload)
    return record


def delete_record(principal: Principal, record_id: int, *, version: int | None = None) -> None:
    """删除 a draft or returned record (soft delete; a returned record's instance is cancelled).

    Source: catalog §3.2 transitions 4 and 14; §9 Q6.
    """
    with unit_of_work() as session:
        record = _editable(session, principal, record_id, version, "删除")
        instance = process_steps.running_instance(session, record, lock=True)
        if instance is not None:
            process_steps.cancel_instance(session, record, instance)
        record.status, record.deleted_at = RecordStatus.DELETED, utcnow()
        session.add(ReviewEvent(record_id=record.id, instance_id=instance.id if instance else None,
                                actor_id=principal.user_id, lane=Lane.APPLICANT, step_name=Lane.APPLICANT.label,
                                unit_id=record.owner_unit_id, action=ReviewAction.DELETE))


def submit_record(principal: Principal, record_id: int, *, version: int | None = None) -> Record:
    """提交 a draft or returned record and start (or resume) its review.

    A draft starts a process instance on the record type's current process definition; a returned
    record completes the applicant's 「修改后重新提交」 task in the same instance, so the decision
    tables are evaluated again and review restarts at the first lane (catalog §2.1, §2.7).

    Raises:
        NotFound: not the caller's record. StaleVersion: stale ``version``.
        InvalidState: not draft/returned. ValidationFailed: field errors, or no bound unit
            (「未绑定工作单位，只能保存不能提交」, catalog §3.2a).
        PermissionDenied: the caller's own record, but he no longer holds the teacher role
            (「只有教师可以填报本人业绩」, issue 8).
        EngineIncident: the process could not route the record; an incident was recorded.

    Source: catalog §3.2 transitions 2 and 13.
    """
    with unit_of_work() as session:
        record = _editable(session, principal, record_id, version, "提交")
        if record.origin == "teacher" and not principal.has_role("teacher"):
            raise PermissionDenied(messages.TEACHER_ONLY)       # a draft left from before the role was withdrawn
        _submit(session, principal, record)
    return record


def _submit(session: Session, principal: Principal, record: Record, *, prepared: bool = False) -> None:
    """Start or resume the review; ``prepared`` when the data was just checked for submission. Nothing is
    written until the end: the record, the instance, the inbox rows and the 提交 entry go in one flush."""
    if record.owner_unit_id is None:
        raise ValidationFailed(messages.UNIT_NOT_BOUND, errors=[{"field": "owner_unit", "message": messages.UNIT_NOT_BOUND}])
    with session.no_autoflush:          # the reads below never look at this record's unwritten changes
        _start_or_resume(session, principal, record, prepared)


def _start_or_resume(session: Session, principal: Principal, record: Record, prepared: bool) -> None:
    rtype = record.record_type
    form = form_of(session, rtype.form_version_id)
    if not prepared:
        clean, workload = prepare_data(session, form, RecordContext.of(record), record.data, for_submit=True)
        record.form_version_id = rtype.form_version_id
        _store_data(record, form, clean, workload)
    instance = process_steps.running_instance(session, record, lock=True) if record.status == RecordStatus.RETURNED else None
    record.submitted_at = utcnow()
    record.is_adjusted = False          # 已调整 marks 调整 during this review only (catalog §3.6)
    trail = ReviewEvent(record_id=record.id, actor_id=principal.user_id, lane=Lane.APPLICANT,
                        step_name=Lane.APPLICANT.label, unit_id=record.owner_unit_id, action=ReviewAction.SUBMIT)
    if instance is None:
        definition = current_process(session, rtype.process_key)
        data = process_steps.routing_inputs(record, definition, form.routing_fields)
        process_steps.start_instance(session, record, definition, data, trail=trail)
        return
    task = _open_applicant_task(session, instance)
    definition = deployed(session, instance.definition_version_id)   # the pinned version
    data = process_steps.routing_inputs(record, definition, form.routing_fields) | {"decision": "resubmit"}
    task.status, task.outcome = TaskStatus.COMPLETED, "resubmit"
    task.completed_by_id, task.completed_at = principal.user_id, utcnow()
    process_steps.complete_engine_task(session, record, instance, task, data)
    trail.instance_id = instance.id
    session.add(trail)


def _open_applicant_task(session: Session, instance: ProcessInstance) -> UserTask:
    task = session.scalar(select(UserTask).where(UserTask.instance_id == instance.id, UserTask.status == TaskStatus.OPEN,
                                                 UserTask.candidate_role == APPLICANT))
    if task is None:
        raise InvalidState(messages.NOT_EDITABLE.format(status="审核中", action="提交"))
    return task


def _editable(session: Session, principal: Principal, record_id: int, version: int | None, action: str) -> Record:
    record = scope.applicant_record(session, principal, record_id, lock=True)
    if version is not None and version != record.version:
        raise StaleVersion(messages.STALE_RECORD)
    if record.status not in EDITABLE_STATUSES:
        raise InvalidState(messages.NOT_EDITABLE.format(status=record.status_label, action=action))
    locks.ensure_not_cited(record, action)          # catalog §3.5: a cited record is locked
    return record


def _store_data(record: Record, form, clean: dict, workload) -> None:
    record.updated_at = utcnow()        # every save is a change: the version moves even if data is equal
    record.data = clean
    record.workload = workload
    record.title = form.title_of(clean)
    year = clean.get("assessment_year")
    record.assessment_year = year if isinstance(year, int) else None


def _scope_category(rtype: RecordType) -> str:
    return "library" if rtype.family == "library" else rtype.category
