"""Who may act on a task: the one home for lanes → candidate groups, the inbox clause and notification recipients.

A user task is stored with its candidate group ``(candidate_role, candidate_unit_id, candidate_category)``
(or an ``assignee_id`` for the applicant). Three questions read that group, and all three use the rule
below, so the inbox, the review action and the notifications never disagree:

- :func:`candidate_group`: which group a lane of a record goes to (when a task is opened);
- :func:`candidate_clause`: which tasks a principal may see in the inbox and complete (SQL);
- :func:`group_members`: which accounts are notified when a task is opened.

Eligible roles (catalog §2.6, §6.2):

====================  ==================================  =========================================
candidate_role         grants that belong to the group      unit / category
====================  ==================================  =========================================
``applicant``          the assignee (the record's submitter)  —
``unit_admin``         ``unit_admin``                       unit = the record's owner unit; the grant's
                                                            categories cover the record's category
``dept_reviewer``      ``dept_reviewer``                    unit = the department of ``dept_lane``
``hr_reviewer``        ``hr_reviewer`` and ``hr_admin``     any unit (人力资源部 is school-wide)
====================  ==================================  =========================================

The HR group holds both HR roles: catalog §6.2 lists "HR-lane review" for 人力资源部审核员 *and*
人力资源部管理员. A review task handed to one named user (an operator's 改派, a reviewer's 转交) keeps
its group columns and gets ``assignee_id``: from then on it is that user's alone (:func:`assigned_to`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app import messages
from app.auth.principal import Principal
from app.errors import EngineIncident, NotFound
from app.models import Record, RoleGrant, Unit, User, UserTask, WithdrawalRequest
from app.vocabulary import APPLICANT, Lane, Role

from app.services.identity.organisation import HR_DEPARTMENT

HR_ROLES = (Role.HR_REVIEWER, Role.HR_ADMIN)
"""Roles of 人力资源部 that review at its lane and see every record in full (catalog §6.2, §6.3)."""
GROUP_ROLES: dict[str, tuple[str, ...]] = {
    Role.UNIT_ADMIN: (Role.UNIT_ADMIN,),
    Role.DEPT_REVIEWER: (Role.DEPT_REVIEWER,),
    Role.HR_REVIEWER: HR_ROLES,
}
"""candidate_role → the role grants that make a user a member of that group."""
SCHOOL_WIDE = frozenset({Role.HR_REVIEWER})
"""Groups whose membership does not depend on the grant's unit."""


@dataclass(frozen=True)
class CandidateGroup:
    """Who receives a task: a role group (``role``, ``unit_id``, ``category``) or one ``assignee_id``."""

    role: str
    unit_id: int | None = None
    category: str | None = None
    assignee_id: int | None = None


Decide = Callable[[str, Mapping[str, object]], Mapping[str, object]]
"""Evaluate a decision table by id with inputs; the caller's engine call (an engine failure is an incident)."""


def candidate_group(session: Session, record: Record, lane: str | None, dept_lane: str | None, *,
                    decide: Decide) -> CandidateGroup:
    """The candidate group of a ``lane`` of ``record`` (catalog §2.6).

    ``dept_lane`` is the department the decision tables chose; when it is 人力资源部 (library_lane
    L7) the dept lane is staffed by the HR group. The unit lane's group is what ``unit_reviewers``
    names (``decide`` evaluates it).

    Raises:
        EngineIncident: an unknown lane, a department that is not a unit, or an unknown
            ``unit_reviewers`` output (500 + incident).
    """
    if lane == Lane.APPLICANT:
        return CandidateGroup(APPLICANT, assignee_id=record.submitter_id)
    if lane == Lane.UNIT:
        return _unit_lane_group(session, record, decide)
    if lane == Lane.HR or (lane == Lane.DEPT and dept_lane == HR_DEPARTMENT):
        return CandidateGroup(Role.HR_REVIEWER, _unit_id(session, HR_DEPARTMENT))
    if lane == Lane.DEPT:
        return CandidateGroup(Role.DEPT_REVIEWER, _unit_id(session, dept_lane))
    raise EngineIncident(messages.PROCESS_INCIDENT.format(detail=f"未知泳道 {lane}"))


def candidate_clause(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: tasks whose candidate group includes the caller (inbox and review).

    Same membership rule as :func:`group_members` (module table).
    """
    clauses = [and_(UserTask.candidate_role == APPLICANT, UserTask.assignee_id == principal.user_id),
               assigned_to(principal.user_id)]
    for role, grant_roles in GROUP_ROLES.items():
        for grant in principal.grants_for(*grant_roles):
            clause = and_(UserTask.candidate_role == role, UserTask.assignee_id.is_(None))
            if role not in SCHOOL_WIDE:
                clause = and_(clause, UserTask.candidate_unit_id == grant.unit_id)
            if grant.categories is not None and role == Role.UNIT_ADMIN:
                clause = and_(clause, UserTask.candidate_category.in_(sorted(grant.categories)))
            clauses.append(clause)
            if role in SCHOOL_WIDE:
                break
    return or_(*clauses)


def assigned_to(user_id: int) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: review tasks handed to the user ``user_id`` by name (改派 / 转交).

    The rule of a handed-over task: ``assignee_id`` set on a review task (``candidate_role`` is not
    ``applicant``) makes it the assignee's alone: it is in his inbox, he may complete it, he is notified
    and he may read the record; the candidate group no longer acts on it (:func:`candidate_clause`).
    """
    return and_(UserTask.candidate_role != APPLICANT, UserTask.assignee_id == user_id)


def is_withdrawal_task() -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: the task belongs to a 撤回 approval (decided through /withdrawals)."""
    return exists().where(WithdrawalRequest.instance_id == UserTask.instance_id)


def review_task_clause(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: record-approval review tasks in the caller's candidate groups (the
    审核 inbox, the detail's actionable task and ``POST /tasks/{id}/complete``); the applicant's own
    tasks and 撤回 approvals (``is_withdrawal_task``) are not reviews."""
    return and_(UserTask.candidate_role != APPLICANT, candidate_clause(principal), ~is_withdrawal_task())


def group_members(session: Session, role: str | None, unit_id: int | None, category: str | None) -> set[int]:
    """Active accounts in the candidate group ``(role, unit_id, category)`` (notification recipients).

    ``applicant`` and unknown roles have no members here (the applicant is notified by id).
    Same membership rule as :func:`candidate_clause`.
    """
    grant_roles = GROUP_ROLES.get(role or "")
    if not grant_roles:
        return set()
    query = select(RoleGrant).join(User).where(RoleGrant.role.in_(grant_roles), User.is_active.is_(True))
    if role not in SCHOOL_WIDE:
        query = query.where(RoleGrant.unit_id == unit_id)
    return {grant.user_id for grant in session.scalars(query)
            if role != Role.UNIT_ADMIN or category is None or grant.categories is None or category in grant.categories}


def task_actors(session: Session, task: UserTask) -> set[int]:
    """Who may act on the review task ``task`` now: its assignee when it was handed to one user
    (:func:`assigned_to`) and is active, else the active members of its candidate group
    (:func:`group_members`). Empty: nobody can act (the operators' stuck view)."""
    if task.assignee_id is not None:
        active = session.scalar(select(User.is_active).where(User.id == task.assignee_id))
        return {task.assignee_id} if active else set()
    return group_members(session, task.candidate_role, task.candidate_unit_id, task.candidate_category)


def task_addressees(task: UserTask) -> dict[str, object]:
    """The outbox payload fields that address a notification about ``task`` to whoever may act on it:
    ``recipient_ids`` = [the assignee] for a task handed to one user (:func:`assigned_to`), else its
    candidate group (``candidate_role``, ``candidate_unit_id``, ``candidate_category``), resolved by
    :func:`group_members` at delivery."""
    if task.assignee_id is not None and task.candidate_role != APPLICANT:
        return {"recipient_ids": [task.assignee_id]}
    return {"candidate_role": task.candidate_role, "candidate_unit_id": task.candidate_unit_id,
            "candidate_category": task.candidate_category}


def eligible_assignees(session: Session, task: UserTask, record: Record) -> list[User]:
    """Whom an operator may hand the review task ``task`` of ``record`` to (改派), by account.

    Active accounts holding one of the task group's roles (``GROUP_ROLES``, in any unit: the usual case is
    a unit left with no reviewer) or an HR role (人力资源部 takes any step when a unit has no reviewer,
    ``rules/unit_reviewers.dmn``); never the record's owner or submitter (no self-review, catalog §2.6).
    """
    roles = {*GROUP_ROLES.get(task.candidate_role, ()), *HR_ROLES}
    return list(session.scalars(
        select(User).where(User.is_active.is_(True), User.id.notin_({record.owner_id, record.submitter_id}),
                           exists().where(RoleGrant.user_id == User.id, RoleGrant.role.in_(sorted(roles))))
        .order_by(User.account)))


def reviewer_task(session: Session, principal: Principal, task_id: int, *, lock: bool = False) -> UserTask:
    """A review task in the caller's candidate groups (any status). Raises NotFound otherwise (404)."""
    query = select(UserTask).where(UserTask.id == task_id, review_task_clause(principal))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    task = session.scalar(query)
    if task is None:
        raise NotFound(messages.TASK_NOT_FOUND)
    return task


def _unit_lane_group(session: Session, record: Record, decide: Decide) -> CandidateGroup:
    """The unit lane's candidates as the ``unit_reviewers`` decision table names them.

    No one reviews his own record (catalog §2.6): when the owner's unit has no active admin for the
    record's category other than the owner and the submitter, the table's fallback row names who
    takes the step instead (``rules/unit_reviewers.dmn``: 人力资源部).
    """
    grants = session.execute(select(RoleGrant.user_id, RoleGrant.categories).join(User, User.id == RoleGrant.user_id)
                             .where(RoleGrant.role == Role.UNIT_ADMIN, RoleGrant.unit_id == record.owner_unit_id,
                                    User.is_active.is_(True),
                                    RoleGrant.user_id.notin_({record.owner_id, record.submitter_id})))
    others = {user_id for user_id, categories in grants if categories is None or record.category in categories}
    reviewers = decide("unit_reviewers", {"other_unit_admins": len(others)}).get("reviewers")
    if reviewers == Role.UNIT_ADMIN:
        return CandidateGroup(Role.UNIT_ADMIN, record.owner_unit_id, record.category)
    if reviewers == HR_DEPARTMENT:
        return CandidateGroup(Role.HR_REVIEWER, _unit_id(session, HR_DEPARTMENT))
    raise EngineIncident(messages.PROCESS_INCIDENT.format(detail=f"二级单位审核人无法确定（{reviewers}）"))


def _unit_id(session: Session, name: str | None) -> int:
    unit_id = session.scalar(select(Unit.id).where(Unit.name == name)) if name else None
    if unit_id is None:
        raise EngineIncident(messages.PROCESS_INCIDENT.format(detail=f"职能部门「{name}」不存在"))
    return unit_id


__all__ = ["GROUP_ROLES", "HR_ROLES", "CandidateGroup", "assigned_to", "candidate_clause", "candidate_group",
           "eligible_assignees", "group_members", "is_withdrawal_task", "review_task_clause", "reviewer_task",
           "task_actors", "task_addressees"]
