"""Every query for records and user tasks starts here, filtered by the caller's roles and unit.

catalog §6.3: teacher → own records; 二级单位管理员 → owner_unit = role unit and category ∈ role
categories; 职能部门审核员 → records whose stored route includes the department; 人力资源部 → all.
Drafts are private to their applicant. An id outside the caller's scope is a 404 (never leak existence).
Who may act on a task (candidate groups, the inbox clause) lives in ``app.services.candidates``.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound, PermissionDenied
from app.models import Record, ReviewEvent, UserTask
from app.vocabulary import APPLICANT, Lane, RecordStatus, Role, SUBMITTED_STATUSES, TaskStatus

from app.services.candidates import HR_ROLES, assigned_to, candidate_clause

SUBMITTED = SUBMITTED_STATUSES


def is_own(principal: Principal, record: Record) -> bool:
    """The caller owns or submitted ``record``: he may read it, never review it (catalog §2.6)."""
    return principal.user_id in (record.owner_id, record.submitter_id)


def ensure_not_own(principal: Principal, record: Record) -> None:
    """No self-review (catalog §2.6). Raises PermissionDenied 「不能审核本人填报的记录」 (403)."""
    if is_own(principal, record):
        raise PermissionDenied(messages.SELF_REVIEW)


def record_visibility(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause: records the principal may read (lists, detail, trail, diagram)."""
    mine = or_(Record.owner_id == principal.user_id, Record.submitter_id == principal.user_id)
    clauses = [and_(mine, Record.status != RecordStatus.DELETED)]
    submitted = Record.status.in_(SUBMITTED)
    clauses += [and_(in_unit, submitted) for in_unit in _unit_admin_clauses(principal)]
    for grant in principal.grants_for(Role.DEPT_REVIEWER):
        handled = exists().where(UserTask.record_id == Record.id, UserTask.candidate_role == Role.DEPT_REVIEWER,
                                 UserTask.candidate_unit_id == grant.unit_id)
        clauses.append(and_(submitted, or_(Record.dept_lane == grant.unit_name, handled)))
    if principal.has_role(*HR_ROLES):
        clauses.append(submitted)
    clauses.append(and_(submitted, exists().where(UserTask.record_id == Record.id, assigned_to(principal.user_id))))
    return or_(*clauses)


def own_records(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause: the caller's own records (the teacher's 自助服务 lists)."""
    return and_(or_(Record.owner_id == principal.user_id, Record.submitter_id == principal.user_id),
                Record.status != RecordStatus.DELETED)


def visible_record(session: Session, principal: Principal, record_id: int) -> Record:
    """A record the caller may read. Raises NotFound otherwise."""
    record = session.scalar(select(Record).where(Record.id == record_id, record_visibility(principal)))
    if record is None:
        raise NotFound(messages.NOT_FOUND)
    return record


def applicant_record(session: Session, principal: Principal, record_id: int, *, lock: bool = False) -> Record:
    """A record the caller may change as its applicant (the submitter: the owner, or the importing
    unit admin for imported records, catalog §3.3). Locked ``FOR UPDATE`` when ``lock``.

    Raises:
        NotFound: not the caller's record (also for records the caller may only read: a teacher
            cannot change an imported record; the API answers 404 rather than reveal more).
    """
    query = select(Record).where(Record.id == record_id, Record.submitter_id == principal.user_id,
                                 Record.status != RecordStatus.DELETED)
    if lock:
        query = query.with_for_update(of=Record).execution_options(populate_existing=True)
    record = session.scalar(query)
    if record is None:
        raise NotFound(messages.NOT_FOUND)
    return record


def unit_admin_records(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on Record: records of the units (and categories) the caller administers, any
    status; ``false()`` for a caller who administers none (catalog §2.6, §6)."""
    clauses = _unit_admin_clauses(principal)
    return or_(*clauses) if clauses else false()


def _unit_admin_clauses(principal: Principal) -> list[ColumnElement[bool]]:
    clauses = []
    for grant in principal.grants_for(Role.UNIT_ADMIN):
        clause = Record.owner_unit_id == grant.unit_id
        if grant.categories is not None:
            clause = and_(clause, Record.category.in_(sorted(grant.categories)))
        clauses.append(clause)
    return clauses


def personal_data_clause(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on Record: records whose personal data the caller sees in full (catalog §6.3 rule 4).

    In full: the owner (and the submitter, who entered the data), 人力资源部 (``HR_ROLES``), and the
    reviewers currently or previously assigned to the record: a member of the candidate group of one
    of its open review tasks, or an actor of one of its review steps. Everyone else who may read the
    record sees ``x-personal-data`` values masked, in lists, detail and exports alike. This is the only
    rule for it: :func:`full_personal_data` evaluates it for a set of records.
    """
    if principal.has_role(*HR_ROLES):
        return true()
    mine = or_(Record.owner_id == principal.user_id, Record.submitter_id == principal.user_id)
    assigned_now = exists().where(UserTask.record_id == Record.id, UserTask.status == TaskStatus.OPEN,
                                  UserTask.candidate_role != APPLICANT, candidate_clause(principal))
    assigned_before = exists().where(ReviewEvent.record_id == Record.id, ReviewEvent.actor_id == principal.user_id,
                                     ReviewEvent.lane != Lane.APPLICANT)
    return or_(mine, assigned_now, assigned_before)


def full_personal_data(session: Session, principal: Principal, record_ids: Iterable[int]) -> set[int]:
    """The ids among ``record_ids`` whose personal data the caller sees in full (:func:`personal_data_clause`).

    One query (none when HR or when ``record_ids`` is empty).
    """
    ids = sorted(set(record_ids))
    if not ids:
        return set()
    if principal.has_role(*HR_ROLES):
        return set(ids)
    return set(session.scalars(select(Record.id).where(Record.id.in_(ids), personal_data_clause(principal))))
