"""Whose accounts an administrator manages, and which roles he may grant (catalog §6.1, §6.2).

- A school-level 系统管理员 (a ``system_admin`` grant without a unit) manages every account and grants
  every role.
- A unit-level 系统管理员 (``system_admin`` scoped to a unit) manages the unit-level and personal accounts
  of that unit and the units below it, and grants the unit-level roles there.
- A 二级单位管理员 or 信息管理员 of a unit manages that unit's teacher (personal-level) accounts: creates,
  imports, edits, deactivates them and resets their passwords (「教师个人的信息采集账号统一由各单位（部门）
  工作组负责配发」), and grants nothing but 教职工.

An account outside the caller's reach is a 404, exactly like an unknown one (never leak existence).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import PermissionDenied
from app.models import RoleGrant, Unit, User
from app.vocabulary import Role

ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.INFO_ADMIN)
UNIT_LEVEL_ROLES = frozenset({Role.TEACHER, Role.UNIT_ADMIN, Role.INFO_ADMIN, Role.INFO_QUERY, Role.SYSTEM_ADMIN})
"""Roles an account may hold at the unit level (a unit-scoped grant)."""
SCHOOL_ONLY_ROLES = frozenset({Role.DEPT_REVIEWER, Role.HR_REVIEWER, Role.HR_ADMIN, Role.PROCESS_ADMIN, Role.OPERATOR})
STAFF_ONLY_ROLES = frozenset({Role.UNIT_ADMIN, Role.INFO_ADMIN, Role.INFO_QUERY, Role.SYSTEM_ADMIN, Role.DEPT_REVIEWER,
                              Role.HR_REVIEWER, Role.HR_ADMIN, Role.PROCESS_ADMIN, Role.OPERATOR})
"""catalog §6.3 rule 5: 专职信息管理员 and every other admin role only for staff accounts."""
UNIT_SCOPED_ADMINS = frozenset({Role.UNIT_ADMIN, Role.INFO_ADMIN, Role.INFO_QUERY})

LEVEL_SCHOOL, LEVEL_UNIT, LEVEL_PERSONAL = "校级", "单位", "个人"
NOT_AN_ADMIN = "当前角色不能管理账号"
SCHOOL_ADMIN_ONLY = "只有校级系统管理员可以进行此操作"


@dataclass(frozen=True)
class Reach:
    """What the caller administers: ``unit_ids`` None = every unit (school level); ``teachers_only`` for
    a 二级单位管理员 / 信息管理员, who manage personal-level accounts only."""

    unit_ids: frozenset[int] | None
    school: bool
    teachers_only: bool

    def covers_unit(self, unit_id: int | None) -> bool:
        return self.unit_ids is None or (unit_id is not None and unit_id in self.unit_ids)


def reach_of(session: Session, principal: Principal) -> Reach:
    """The caller's reach. Raises PermissionDenied (403) when the active role administers nothing."""
    admin = principal.grants_for(Role.SYSTEM_ADMIN)
    if any(g.unit_id is None for g in admin):
        return Reach(None, True, False)
    if admin:
        return Reach(frozenset(units_below(session, [g.unit_id for g in admin if g.unit_id])), False, False)
    units = [g.unit_id for g in principal.grants_for(Role.UNIT_ADMIN, Role.INFO_ADMIN) if g.unit_id is not None]
    if units:
        return Reach(frozenset(units), False, True)
    raise PermissionDenied(NOT_AN_ADMIN)


def ensure_school_admin(session: Session, principal: Principal) -> None:
    """Units and functional departments are the school-level 系统管理员's. Raises PermissionDenied."""
    if not reach_of(session, principal).school:
        raise PermissionDenied(SCHOOL_ADMIN_ONLY)


def units_below(session: Session, roots: Iterable[int]) -> set[int]:
    """The units ``roots`` and every unit below them (``parent_id`` chains; the tree is small)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, todo = set(), list(roots)
    while todo:
        unit_id = todo.pop()
        if unit_id not in found:
            found.add(unit_id)
            todo += children.get(unit_id, [])
    return found


def level_of(grants: Iterable[RoleGrant]) -> str:
    """The account level of catalog §6.1 from its grants: 校级 (a school-wide or department role),
    单位 (a unit-scoped admin role), else 个人."""
    grants = list(grants)
    if any(g.role in SCHOOL_ONLY_ROLES or (g.role != Role.TEACHER and g.unit_id is None) for g in grants):
        return LEVEL_SCHOOL
    if any(g.role != Role.TEACHER for g in grants):
        return LEVEL_UNIT
    return LEVEL_PERSONAL


def manages(reach: Reach, user: User) -> bool:
    """The caller may see and manage ``user`` (see the module rules)."""
    if reach.school:
        return True
    if not reach.covers_unit(user.unit_id):
        return False
    level = level_of(user.grants)
    return level == LEVEL_PERSONAL if reach.teachers_only else level != LEVEL_SCHOOL


def may_grant(reach: Reach, role: str, unit_id: int | None) -> bool:
    """The caller may grant (or take away) ``role`` scoped to ``unit_id``."""
    if reach.school:
        return True
    if reach.teachers_only:
        return role == Role.TEACHER
    return role in UNIT_LEVEL_ROLES and unit_id is not None and reach.covers_unit(unit_id)
