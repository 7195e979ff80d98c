"""委托: out-of-office delegation of a reviewer's tasks to a colleague of the same candidate group.

A delegation names one candidate group of the delegator (``role``, ``unit_id``: a lane he reviews) and a
date range (school dates, both included). The delegate must be an active member of the same group
(same unit; another unit's user is refused), so he reads the same records. During the range he also
holds the tasks assigned to the delegator in that group (转交'd to him; ``candidates.delegated_clause``)
and completes them for him: the task and the 审核记录 record 「代 X 审核」 (``acted_for_id``). Both
see the delegation in 个人设置; the delegator revokes it. Creating and revoking are audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models import Delegation, User, UserTask, school_time, utcnow
from app.vocabulary import Role

from app.services import candidates
from app.services.audit import audit
from app.services.messaging import notifications
from app.services.uow import unit_of_work

MAX_DAYS = 366
STATUS_LABELS = {"upcoming": "未开始", "active": "生效中", "ended": "已结束", "revoked": "已撤销"}


@dataclass(frozen=True)
class DelegableGroup:
    """A candidate group of the caller he may delegate, with the colleagues eligible to take it."""

    role: str
    role_label: str
    unit_id: int | None
    unit_name: str | None
    colleagues: list[candidates.Colleague]


def today() -> date:
    """The school's date today (delegation ranges are school dates)."""
    return school_time(utcnow()).date()


def status_of(delegation: Delegation, on: date | None = None) -> str:
    """``upcoming`` | ``active`` | ``ended`` | ``revoked`` on ``on`` (default today)."""
    on = on or today()
    if delegation.revoked_at is not None:
        return "revoked"
    if on < delegation.starts_on:
        return "upcoming"
    return "ended" if on > delegation.ends_on else "active"


def delegable_groups(principal: Principal) -> list[DelegableGroup]:
    """The candidate groups of the caller's (active role's) reviewer grants, each with its eligible
    delegates: the other active members of the same group (``candidates.group_members``), by 账号."""
    groups = []
    for role, unit_id, unit_name in _groups(principal):
        ids = candidates.group_members(db.session, role, unit_id, None) - {principal.user_id}
        groups.append(DelegableGroup(role, Role(role).label, unit_id, unit_name, candidates.colleagues(db.session, ids)))
    return groups


def create_delegation(principal: Principal, *, delegate_id: int, role: str, unit_id: int | None,
                      starts_on: date, ends_on: date, reason: str | None = None) -> Delegation:
    """委托 the caller's candidate group ``(role, unit_id)`` to ``delegate_id`` from ``starts_on`` to
    ``ends_on`` (both included); ``unit_id`` None means the caller's (first) unit for ``role``.
    The delegate is told through the outbox; the action is audited.

    Raises:
        ValidationFailed (422): the caller (in his active role) does not review that group
            (「当前角色没有可委托的审核职责」); the delegate is the caller, or not an active member of
            the same group, e.g. another unit's user (「X 不是 教务部 的 职能部门审核员，不能委托…」);
            ``ends_on`` before ``starts_on`` or before today; longer than 366 days; or overlapping a
            delegation of the same group that is not revoked (「该时间段内已有对 X 的委托」).
    """
    reason = (reason or "").strip() or None
    group = next(((r, u, name) for r, u, name in _groups(principal)
                  if r == role and (unit_id is None or u == unit_id or role in candidates.SCHOOL_WIDE)), None)
    if group is None:
        raise _invalid("role", messages.DELEGATION_NO_GROUP)
    role, unit_id, unit_name = group
    if delegate_id == principal.user_id:
        raise _invalid("delegate_id", messages.DELEGATION_TO_SELF)
    if ends_on < starts_on:
        raise _invalid("ends_on", messages.DELEGATION_BAD_RANGE)
    if ends_on < today():
        raise _invalid("ends_on", messages.DELEGATION_PAST)
    if ends_on - starts_on >= timedelta(days=MAX_DAYS):
        raise _invalid("ends_on", messages.DELEGATION_TOO_LONG.format(days=MAX_DAYS))
    with unit_of_work() as session:
        delegate = session.get(User, delegate_id)
        if delegate is None or delegate_id not in candidates.group_members(session, role, unit_id, None):
            name = f"{delegate.name}（{delegate.unit.name if delegate.unit else '无单位'}）" if delegate else "该用户"
            raise _invalid("delegate_id", messages.DELEGATION_NOT_ELIGIBLE.format(
                name=name, unit=unit_name or "本单位", role=Role(role).label))
        overlap = session.scalar(select(Delegation.id).where(
            Delegation.delegator_id == principal.user_id, Delegation.role == role, candidates.same_group_unit(role, unit_id),
            Delegation.revoked_at.is_(None), Delegation.starts_on <= ends_on, Delegation.ends_on >= starts_on).limit(1))
        if overlap is not None:
            raise _invalid("starts_on", messages.DELEGATION_OVERLAP.format(name=Role(role).label))
        delegation = Delegation(delegator_id=principal.user_id, delegate_id=delegate_id, role=role, unit_id=unit_id,
                                starts_on=starts_on, ends_on=ends_on, reason=reason)
        session.add(delegation)
        session.flush()
        audit(session, principal.user_id, "delegation.create", "delegation", delegation.id, delegate_id=delegate_id,
              role=role, unit_id=unit_id, starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
        notifications.enqueue(session, "delegation", {
            "title": f"{principal.name}委托您代为审核（{starts_on.isoformat()} 至 {ends_on.isoformat()}）",
            "body": f"{unit_name or ''}{Role(role).label}：委托期间转交给{principal.name}的审核任务由您代为处理"
                    + (f"。说明：{reason}" if reason else ""),
            "link": "/settings", "recipient_ids": [delegate_id],
        }, dedupe_key=f"delegation:{delegation.id}")
    return delegation


def my_delegations(principal: Principal) -> tuple[list[Delegation], list[Delegation]]:
    """``(given, received)``: the delegations the caller made and those made to him, newest first
    (both parties see them, whatever the active role)."""
    query = select(Delegation).order_by(Delegation.starts_on.desc(), Delegation.id.desc())
    given = list(db.session.scalars(query.where(Delegation.delegator_id == principal.user_id)))
    received = list(db.session.scalars(query.where(Delegation.delegate_id == principal.user_id)))
    return given, received


def revoke_delegation(principal: Principal, delegation_id: int) -> Delegation:
    """Revoke the caller's delegation at once (the delegate loses the delegator's tasks); audited, and
    the delegate is told.

    Raises:
        NotFound: not a delegation the caller made (404).
        ValidationFailed: already revoked (422, 「该委托已撤销」).
    """
    with unit_of_work() as session:
        delegation = session.scalar(select(Delegation).where(Delegation.id == delegation_id,
                                                             Delegation.delegator_id == principal.user_id)
                                    .with_for_update(of=Delegation).execution_options(populate_existing=True))
        if delegation is None:
            raise NotFound(messages.DELEGATION_NOT_FOUND)
        if delegation.revoked_at is not None:
            raise _invalid("id", messages.DELEGATION_REVOKED)
        delegation.revoked_at = utcnow()
        audit(session, principal.user_id, "delegation.revoke", "delegation", delegation.id,
              delegate_id=delegation.delegate_id)
        notifications.enqueue(session, "delegation", {
            "title": f"{principal.name}已撤销对您的委托", "body": f"原委托期限 {delegation.starts_on.isoformat()} 至 "
                                                            f"{delegation.ends_on.isoformat()}",
            "link": "/settings", "recipient_ids": [delegation.delegate_id],
        }, dedupe_key=f"delegation_revoked:{delegation.id}")
    return delegation


def active_delegates(session: Session, delegator_id: int, task: UserTask) -> set[int]:
    """Who acts for ``delegator_id`` today at ``task``'s candidate group (told of tasks 转交'd to him)."""
    on = today()
    return set(session.scalars(select(Delegation.delegate_id).where(
        Delegation.delegator_id == delegator_id, Delegation.role == task.candidate_role,
        candidates.same_group_unit(task.candidate_role, task.candidate_unit_id), Delegation.revoked_at.is_(None),
        Delegation.starts_on <= on, Delegation.ends_on >= on)))


def _groups(principal: Principal) -> list[tuple[str, int | None, str | None]]:
    """``(group role, unit id, unit name)`` of each candidate group the caller is a member of."""
    return [(role, grant.unit_id, grant.unit_name) for role, grant in candidates.member_grants(principal)]


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[{"field": field, "message": message}])


__all__ = ["MAX_DAYS", "STATUS_LABELS", "DelegableGroup", "active_delegates", "create_delegation", "delegable_groups",
           "my_delegations", "revoke_delegation", "status_of", "today"]
