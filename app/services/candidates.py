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
its group columns and gets ``assignee_id``: from then on it is that user's alone (:func:`assigned_to`;
a reviewer hands it only within the group, :func:`assign_task`).

委托: during a delegation's date range the delegate also holds the tasks assigned to the delegator in
the delegated group, and acts for him (:func:`delegated_clause`, :func:`acting_for`: 「代 X 审核」 on the
task and the trail row).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, bindparam, exists, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app import messages
from app.auth.principal import Grant, Principal
from app.errors import EngineIncident, NotFound, ValidationFailed
from app.models import Delegation, Record, RoleGrant, Unit, User, UserTask, WithdrawalRequest, school_time, utcnow
from app.vocabulary import APPLICANT, Lane, Role, TaskStatus

from app.services import process_cache
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

    Same membership rule as :func:`group_members` (module table). A row with an ``assignee_id`` (handed
    to one user, or one signer's share of a 会签/或签 step) is that user's alone (:func:`assigned_to`), and
    during an active 委托 the delegator's assigned tasks of the delegated group are also the delegate's
    (:func:`delegated_clause`).
    """
    clauses = [and_(UserTask.candidate_role == APPLICANT, UserTask.assignee_id == principal.user_id),
               assigned_to(principal.user_id)]
    delegated_groups = []
    for role, grant in member_grants(principal):
        clause = _group_clause(role, grant)
        clauses.append(and_(clause, UserTask.assignee_id.is_(None)))
        delegated_groups.append(and_(clause, Delegation.role == role, same_group_unit(role, grant.unit_id)))
    if delegated_groups:
        clauses.append(delegated_clause(principal.user_id, or_(*delegated_groups)))
    return or_(*clauses)


def _group_clause(role: str, grant: Grant) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: the candidate group ``role`` that ``grant`` makes the caller a member of."""
    clause = UserTask.candidate_role == role
    if role not in SCHOOL_WIDE:
        clause = and_(clause, UserTask.candidate_unit_id == grant.unit_id)
    if grant.categories is not None and role == Role.UNIT_ADMIN:
        clause = and_(clause, UserTask.candidate_category.in_(sorted(grant.categories)))
    return clause


def member_grants(principal: Principal) -> list[tuple[str, Grant]]:
    """``(candidate role, grant)`` for each candidate group the caller's grants make him a member of
    (the school-wide HR group once)."""
    pairs = []
    for role, grant_roles in GROUP_ROLES.items():
        for grant in principal.grants_for(*grant_roles):
            pairs.append((role, grant))
            if role in SCHOOL_WIDE:
                break
    return pairs


def same_group_unit(role: str, unit_id: int | None) -> ColumnElement[bool]:
    """WHERE clause on ``Delegation``: delegated for the group ``role`` of ``unit_id`` (any unit for a
    school-wide group)."""
    return true() if role in SCHOOL_WIDE else Delegation.unit_id == unit_id


def assigned_to(user_id: int) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: review tasks handed to the user ``user_id`` by name (改派 / 转交).

    The rule of a handed-over task: ``assignee_id`` set on a review task (``candidate_role`` is not
    ``applicant``) makes it the assignee's alone: it is in his inbox, he may complete it, he is notified
    and he may read the record; the candidate group no longer acts on it (:func:`candidate_clause`).
    """
    return and_(UserTask.candidate_role != APPLICANT, UserTask.assignee_id == user_id)


def assign_task(session: Session, task: UserTask, user_id: int) -> User:
    """转交: hand the open review ``task`` to ``user_id``, another member of its candidate group; from
    now on it is that member's alone (:func:`assigned_to`).

    Returns:
        The new assignee.

    Raises:
        ValidationFailed: the user is not an active member of the task's candidate group, or owns or
            submitted the record (422, 「X 不是该环节的审核人，不能转交」).
    """
    user = session.get(User, user_id)
    record = session.get(Record, task.record_id)
    members = group_members(session, task.candidate_role, task.candidate_unit_id, task.candidate_category)
    if user is None or user_id not in members or (record is not None and user_id in (record.owner_id, record.submitter_id)):
        name = f"{user.name}（{user.account}）" if user is not None else "该用户"
        message = messages.TRANSFER_NOT_MEMBER.format(name=name, step=task.name)
        raise ValidationFailed(message, errors=[{"field": "assignee_id", "message": message}])
    task.assignee_id = user_id
    return user


def delegated_clause(delegate_id: int, group: ColumnElement[bool]) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: tasks assigned to someone who, today (school date), delegates the
    task's group (``group``: a clause on ``UserTask`` and ``Delegation``) to ``delegate_id`` (委托)."""
    today = school_time(utcnow()).date()
    return exists().where(Delegation.delegate_id == delegate_id, Delegation.delegator_id == UserTask.assignee_id,
                          Delegation.revoked_at.is_(None), Delegation.starts_on <= today, Delegation.ends_on >= today,
                          group)


def acting_for(principal: Principal, task: UserTask) -> int | None:
    """The delegator the caller acts for on ``task`` (委托: 「代 X 审核」), or None when it is his own.

    A review task reached through :func:`review_task_clause` that is assigned to someone else can only
    have been reached through an active delegation (:func:`delegated_clause`)."""
    if task.candidate_role == APPLICANT or task.assignee_id in (None, principal.user_id):
        return None
    return task.assignee_id


@dataclass(frozen=True)
class Colleague:
    """A member of a candidate group as the 转交 and 委托 pickers list him."""

    id: int
    account: str
    name: str
    unit: str | None


def colleagues(session: Session, user_ids: set[int]) -> list[Colleague]:
    """``user_ids`` as ``Colleague`` rows (账号, 姓名, 所在单位), ordered by 账号; one query."""
    if not user_ids:
        return []
    rows = session.execute(select(User.id, User.account, User.name, Unit.name).outerjoin(Unit, Unit.id == User.unit_id)
                           .where(User.id.in_(user_ids)).order_by(User.account))
    return [Colleague(uid, account, name, unit) for uid, account, name, unit in rows]


def is_withdrawal_task() -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: the task belongs to a 撤回 approval (decided through /withdrawals)."""
    return exists().where(WithdrawalRequest.instance_id == UserTask.instance_id)


def review_task_clause(principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: record-approval review tasks in the caller's candidate groups (the
    审核 inbox, the detail's actionable task and ``POST /tasks/{id}/complete``); the applicant's own
    tasks and 撤回 approvals (``is_withdrawal_task``) are not reviews.

    Built once per principal and school day (a 批量审核 of 500 tasks builds it once, not 500 times): the
    clause depends on nothing else, and a principal is immutable (a changed grant is another principal)."""
    return _review_task_clause(principal, school_time(utcnow()).date())


@functools.lru_cache(maxsize=512)
def _review_task_clause(principal: Principal, _today: date) -> ColumnElement[bool]:
    return and_(UserTask.candidate_role != APPLICANT, candidate_clause(principal), ~is_withdrawal_task())


def locked_single_review_task(session: Session, principal: Principal, task_id: int) -> UserTask | None:
    """The caller's review task ``task_id`` if it is a one-row step (no 会签/或签 signer row), locked ``FOR
    UPDATE`` and fresh; None otherwise (not his, or a signer's row: :func:`reviewer_task` tells which).
    The statement is built once per principal and day (its cache key is computed once, not per task of
    a 批量审核)."""
    return session.scalar(_locked_single(principal, school_time(utcnow()).date()), {"task_id": task_id})


@functools.lru_cache(maxsize=512)
def _locked_single(principal: Principal, today: date) -> Select[tuple[UserTask]]:
    return (select(UserTask).where(UserTask.id == bindparam("task_id"), UserTask.sign_mode.is_(None),
                                   _review_task_clause(principal, today))
            .with_for_update().execution_options(populate_existing=True))


def inbox_task_clause(session: Session, principal: Principal) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask`` alone selecting the same tasks as :func:`review_task_clause`, in the
    form the inbox indexes serve (docs/query-plans.md): review tasks, not of a 撤回 approval, held in one
    of the ways :func:`inbox_branches` lists."""
    return and_(UserTask.candidate_role != APPLICANT, or_(*inbox_branches(session, principal)), ~is_withdrawal_task())


def inbox_branches(session: Session, principal: Principal) -> list[ColumnElement[bool]]:
    """The ways the caller holds a review task, pairwise disjoint, each a WHERE clause on ``UserTask`` one
    index serves (docs/query-plans.md): one per candidate group (unassigned tasks of ``candidate_role``
    and, unless school-wide, ``candidate_unit_id``; grants of one group merged), one for the tasks handed
    to the caller, and one per delegator and group of an active 委托 (``assignee_id``). Together with
    ``candidate_role != applicant`` and ``~is_withdrawal_task()`` they select what :func:`review_task_clause`
    selects: the applicant's branch of :func:`candidate_clause` never matches a review task and is left
    out, and the caller's active delegations are read first (:func:`active_delegations`) instead of a
    correlated EXISTS. Disjoint, so a count may add the branches up."""
    return branches_of(principal, active_delegations(session, principal))


def active_delegations(session: Session, principal: Principal) -> frozenset[tuple[int, str, int | None]]:
    """The ``(delegator id, role, unit id)`` of the caller's 委托 active today; none without member grants
    (one query, shared for 2 s by this process's requests: ``_DELEGATIONS``)."""
    if not member_grants(principal):
        return frozenset()
    today = school_time(utcnow()).date()
    return _DELEGATIONS.get((principal.user_id, today), lambda: frozenset(session.execute(
        select(Delegation.delegator_id, Delegation.role, Delegation.unit_id).where(
            Delegation.delegate_id == principal.user_id, Delegation.revoked_at.is_(None),
            Delegation.starts_on <= today, Delegation.ends_on >= today)).tuples())) or frozenset()


def branches_of(principal: Principal, delegated: frozenset[tuple[int, str, int | None]]) -> list[ColumnElement[bool]]:
    """:func:`inbox_branches` for the active 委托 ``delegated`` (:func:`active_delegations`); reads nothing."""
    groups: dict[tuple[str, int | None], frozenset[str] | None] = {}
    for role, grant in member_grants(principal):
        key = (role, None if role in SCHOOL_WIDE else grant.unit_id)
        covered = grant.categories if role == Role.UNIT_ADMIN else None
        groups[key] = None if covered is None or (key in groups and groups[key] is None) \
            else covered | (groups.get(key) or frozenset())
    branches = [assigned_to(principal.user_id)]
    branches += [and_(_group_of(role, unit_id, categories), UserTask.assignee_id.is_(None))
                 for (role, unit_id), categories in groups.items()]
    for delegator_id, role, unit_id in sorted(delegated, key=str):
        key = (role, None if role in SCHOOL_WIDE else unit_id)
        if key in groups and delegator_id != principal.user_id:
            branches.append(and_(_group_of(role, key[1], groups[key]), UserTask.assignee_id == delegator_id))
    return branches


_DELEGATIONS: process_cache.TimedCache[frozenset[tuple[int, str, int | None]]] = \
    process_cache.TimedCache({"delegation"}, 2.0)
"""(delegate id, school day) → the ``(delegator, role, unit)`` of his active 委托, as this process read them
within 2 s (every inbox page asks); a 委托 given or revoked here applies at once."""


def _group_of(role: str, unit_id: int | None, categories: frozenset[str] | None) -> ColumnElement[bool]:
    """WHERE clause on ``UserTask``: the candidate group ``role`` of ``unit_id`` (None: school-wide), within
    ``categories`` (None: every category)."""
    clause = UserTask.candidate_role == role
    if role not in SCHOOL_WIDE:
        clause = and_(clause, UserTask.candidate_unit_id == unit_id)
    if categories is not None:
        clause = and_(clause, UserTask.candidate_category.in_(sorted(categories)))
    return clause


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


def step_recipients(session: Session, task: UserTask) -> dict[str, object]:
    """Who holds the step of ``task`` (催办 reaches all of them): its candidate group, or every signer of a
    会签/或签 step whose share is still open."""
    if task.sign_mode is None:
        return task_addressees(task)
    return {"recipient_ids": open_signers(session, task)}


def open_signers(session: Session, task: UserTask) -> list[int]:
    """The signers of ``task``'s 会签/或签 step whose share is still open, by account id."""
    ids = session.scalars(select(UserTask.assignee_id).where(
        UserTask.instance_id == task.instance_id, UserTask.engine_task_id == task.engine_task_id,
        UserTask.status == TaskStatus.OPEN, UserTask.assignee_id.is_not(None)))
    return sorted({user_id for user_id in ids if user_id is not None})


def signers(session: Session, record: Record, group: CandidateGroup) -> list[int]:
    """The signers of a 会签/或签 step: the active members of its candidate group, the record's owner
    and submitter left out (no one reviews his own record, catalog §2.6), in account order."""
    members = group_members(session, group.role, group.unit_id, group.category) - {record.owner_id, record.submitter_id}
    return list(session.scalars(select(User.id).where(User.id.in_(members)).order_by(User.account))) if members else []


def cc_recipients(session: Session, record: Record, dept_lane: str | None, roles: Iterable[str]) -> set[int]:
    """Who gets the 抄送 of ``record``'s final result for the process property ``cc_roles``.

    Each role is read in the record's scope (catalog §6.3): ``unit_admin`` = the admins of the owner's
    unit for its category; ``dept_reviewer`` = the reviewers of the functional department that
    ``dept_lane`` names (none when the record had no functional step); ``hr_reviewer`` / ``hr_admin`` =
    that role of 人力资源部 (school-wide). The owner and submitter are left out: they get the result itself.
    """
    ids: set[int] = set()
    for role in roles:
        if role == Role.UNIT_ADMIN:
            ids |= group_members(session, Role.UNIT_ADMIN, record.owner_unit_id, record.category)
        elif role == Role.DEPT_REVIEWER and dept_lane and dept_lane != HR_DEPARTMENT:
            ids |= group_members(session, Role.DEPT_REVIEWER, _unit_id(session, dept_lane), None)
        elif role in HR_ROLES:
            ids |= set(session.scalars(select(RoleGrant.user_id).join(User, User.id == RoleGrant.user_id)
                                       .where(RoleGrant.role == role, User.is_active.is_(True))))
    return ids - {record.owner_id, record.submitter_id}


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


_DEPARTMENT_IDS: process_cache.TimedCache[int] = process_cache.TimedCache({"unit"}, 60.0)
"""Department name → unit id across this process's requests (a unit written here empties it)."""


def _unit_id(session: Session, name: str | None) -> int:
    unit_id = _DEPARTMENT_IDS.get(name, lambda: session.scalar(select(Unit.id).where(Unit.name == name))) if name else None
    if unit_id is None:
        raise EngineIncident(messages.PROCESS_INCIDENT.format(detail=f"职能部门「{name}」不存在"))
    return unit_id


__all__ = ["GROUP_ROLES", "HR_ROLES", "CandidateGroup", "Colleague", "acting_for", "active_delegations",
           "assign_task", "assigned_to", "branches_of", "candidate_clause", "candidate_group", "cc_recipients",
           "colleagues", "delegated_clause", "eligible_assignees", "group_members", "inbox_branches",
           "inbox_task_clause", "is_withdrawal_task", "member_grants", "open_signers", "review_task_clause",
           "reviewer_task", "same_group_unit", "signers", "step_recipients", "task_actors", "task_addressees"]
