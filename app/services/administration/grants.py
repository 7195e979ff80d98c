"""Role grants with their scope (catalog §6.2) and the rules of §6.3 rule 5.

A grant is a role, a unit (the unit a 二级单位管理员 administers, the department of a 职能部门审核员, the
unit of a unit-level 系统管理员 / 信息管理员 / 信息查询员) and, for a 二级单位管理员, the categories it
covers. Admin roles go to staff accounts only; a change of a unit's 信息管理员 is recorded under its own
action so HR sees it (「专职信息管理员变更的需报人事处备案」).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound, PermissionDenied, ValidationFailed
from app.models import RecordType, RoleGrant, Unit
from app.services.audit import audit
from app.services.uow import unit_of_work
from app.vocabulary import Role

from .accounts import account_view, target
from .reach import STAFF_ONLY_ROLES, UNIT_SCOPED_ADMINS, may_grant, reach_of

UNKNOWN_ROLE = "角色“{role}”不存在"
NOT_GRANTABLE = "当前角色不能授予或撤销「{label}」"
STAFF_ONLY = "「{label}」只能授予在编教职工账号，不能指派学生助理等非专职人员"
UNIT_NEEDED = "「{label}」必须选择所属单位"
DEPARTMENT_NEEDED = "「{label}」的范围必须是职能部门"
UNIT_INACTIVE = "单位已停用"
CATEGORIES_NEEDED = "请选择「二级单位管理员」负责的类目"
UNKNOWN_CATEGORY = "类目“{category}”不存在"
ALREADY = "该账号已有此角色"
GRANT_NOT_FOUND = "角色授权不存在"
NOT_OWN = "不能修改本人的角色"
EXTRA_SCOPE_CATEGORIES = ("library", "info")
INFO_ADMIN_ACTIONS = ("info_admin.grant", "info_admin.revoke")
"""Audit actions HR reads (catalog §6.3 rule 5)."""


def add(principal: Principal, account: str, role: str, unit_id: int | None,
        categories: Iterable[str] | None = None) -> dict[str, Any]:
    """授予角色 to ``account`` (audited ``grant.add``; a 信息管理员 also ``info_admin.grant``).

    Rules: the caller may grant the role there (see ``reach.may_grant``); admin roles only for staff
    accounts (§6.3 rule 5); unit roles need an active unit, 职能部门审核员 a department; a
    二级单位管理员 needs categories among the record types' categories.

    Returns:
        The account view. Raises ValidationFailed (field ``role`` / ``unit_id`` / ``categories``),
        PermissionDenied (not the caller's to grant, or his own account), NotFound (not in reach).
    """
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        user = target(session, principal, account, lock=True)
        if user.id == principal.user_id:
            raise PermissionDenied(NOT_OWN)
        try:
            label = Role(role).label
        except ValueError:
            raise ValidationFailed(UNKNOWN_ROLE.format(role=str(role)[:32]),
                                   errors=[{"field": "role", "message": UNKNOWN_ROLE.format(role=str(role)[:32])}]) from None
        if not may_grant(reach, role, unit_id):
            raise PermissionDenied(NOT_GRANTABLE.format(label=label))
        errors = []
        if role in STAFF_ONLY_ROLES and not user.is_staff:
            errors.append({"field": "role", "message": STAFF_ONLY.format(label=label)})
        unit = session.get(Unit, unit_id) if unit_id else None
        if role in (*UNIT_SCOPED_ADMINS, Role.DEPT_REVIEWER) and unit is None:
            errors.append({"field": "unit_id", "message": UNIT_NEEDED.format(label=label)})
        elif unit is not None and not unit.is_active:
            errors.append({"field": "unit_id", "message": UNIT_INACTIVE})
        elif role == Role.DEPT_REVIEWER and unit is not None and unit.kind != "职能部门":
            errors.append({"field": "unit_id", "message": DEPARTMENT_NEEDED.format(label=label)})
        chosen = sorted(set(categories or ())) or None
        if role == Role.UNIT_ADMIN:
            known = scope_categories(session)
            if not chosen:
                errors.append({"field": "categories", "message": CATEGORIES_NEEDED})
            errors += [{"field": "categories", "message": UNKNOWN_CATEGORY.format(category=str(c)[:32])}
                       for c in chosen or () if c not in known]
        else:
            chosen = None
        if any(g.role == role and g.unit_id == (unit.id if unit else None) for g in user.grants):
            errors.append({"field": "role", "message": ALREADY})
        if errors:
            raise ValidationFailed(errors[0]["message"], errors=errors)
        grant = RoleGrant(role=role, unit_id=unit.id if unit else None, categories=chosen)
        user.grants.append(grant)
        session.flush()
        facts = {"account": user.account, "role": role, "role_label": label, "unit_id": grant.unit_id,
                 "unit_name": unit.name if unit else None, "categories": chosen}
        audit(session, principal.user_id, "grant.add", "role_grant", grant.id, target_user_id=user.id, **facts)
        if role == Role.INFO_ADMIN:
            audit(session, principal.user_id, "info_admin.grant", "role_grant", grant.id, target_user_id=user.id, **facts)
        session.refresh(user, ["grants"])
        return account_view(user, full_id_number=True)


def scope_categories(session) -> set[str]:
    """The categories a 二级单位管理员 grant may name: each workload category (教学工作量 …), ``library`` for
    the whole 个人业绩库 family and ``info`` for 教师信息 (the scope category of ``Record.category``, §2.6)."""
    workload = session.scalars(select(RecordType.category).where(RecordType.family == "workload").distinct())
    return {*workload, *EXTRA_SCOPE_CATEGORIES}


def remove(principal: Principal, account: str, grant_id: int) -> dict[str, Any]:
    """撤销角色 ``grant_id`` of ``account`` (audited ``grant.remove``, ``info_admin.revoke`` for a
    信息管理员). Raises NotFound (not the account's grant, or not in reach), PermissionDenied."""
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        user = target(session, principal, account, lock=True)
        grant = session.scalar(select(RoleGrant).where(RoleGrant.id == grant_id, RoleGrant.user_id == user.id))
        if grant is None:
            raise NotFound(GRANT_NOT_FOUND)
        if user.id == principal.user_id:
            raise PermissionDenied(NOT_OWN)
        label = messages.ROLE_LABELS.get(grant.role, grant.role)
        if not may_grant(reach, grant.role, grant.unit_id):
            raise PermissionDenied(NOT_GRANTABLE.format(label=label))
        facts = {"account": user.account, "role": grant.role, "role_label": label, "unit_id": grant.unit_id,
                 "unit_name": grant.unit.name if grant.unit else None, "categories": grant.categories}
        user.grants.remove(grant)
        session.flush()
        audit(session, principal.user_id, "grant.remove", "role_grant", grant_id, target_user_id=user.id, **facts)
        if facts["role"] == Role.INFO_ADMIN:
            audit(session, principal.user_id, "info_admin.revoke", "role_grant", grant_id, target_user_id=user.id, **facts)
        return account_view(user, full_id_number=True)


SCOPES = {Role.TEACHER: "none", Role.UNIT_ADMIN: "unit", Role.INFO_ADMIN: "unit", Role.INFO_QUERY: "unit_or_school",
          Role.SYSTEM_ADMIN: "unit_or_school", Role.DEPT_REVIEWER: "department", Role.HR_REVIEWER: "school",
          Role.HR_ADMIN: "school", Role.PROCESS_ADMIN: "school", Role.OPERATOR: "school"}
"""What a grant of each role is scoped to: nothing (教职工), a unit, a unit or the whole school, a 职能部门,
or the school (catalog §6.2 Level column)."""


def grantable_roles(principal: Principal) -> list[dict[str, Any]]:
    """The roles the caller may grant, in catalog §6.2 order: ``[{"role", "label", "scope",
    "categories"}]`` (``categories`` True for the 二级单位管理员, who covers chosen categories).

    Raises PermissionDenied when the active role administers no accounts.
    """
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        some_unit = None if reach.unit_ids is None else next(iter(reach.unit_ids), None)
        return [{"role": role.value, "label": role.label, "scope": SCOPES[role], "categories": role == Role.UNIT_ADMIN}
                for role in Role if may_grant(reach, role, some_unit)]
