"""Accounts by level (catalog §6.1): search, 新建, 编辑, 停用 / 启用, and the password an administrator sets.

Every function checks the caller's reach (``reach.py``): an account outside it is a 404 like an unknown
one. Every change is audited in ``audit_event`` with the account it concerns. Deactivation and a reset
end the account's sessions and bearer tokens at once.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from app import messages
from app.auth import passwords
from app.auth.principal import Principal
from app.errors import NotFound, PermissionDenied, ValidationFailed
from app.models import RoleGrant, Unit, User
from app.services.audit import audit
from app.services.identity.auth import end_everything
from app.services.uow import unit_of_work
from app.vocabulary import Role

from . import id_numbers
from .reach import SCHOOL_ONLY_ROLES, Reach, level_of, manages, reach_of

UNUSABLE_PASSWORD = "!"          # no password yet: nothing verifies against it (a reset sets one)
ACCOUNT_SHAPE = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
BIRTH_MONTH = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")
GENDERS = ("男", "女")
OTP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
OTP_GROUPS = 3
EDITABLE = ("name", "unit_id", "gender", "birth_month", "id_number", "email", "is_staff")

BAD_ACCOUNT = "账号只能由 2–32 位字母、数字、点、下划线或连字符组成"
ACCOUNT_TAKEN = "账号 {account} 已存在"
NAME_REQUIRED = "请填写姓名"
UNIT_REQUIRED = "请选择所属单位"
UNIT_OUTSIDE = "不能为其他单位管理账号"
UNIT_INACTIVE = "所属单位已停用"
BAD_GENDER = "性别只能是 男 或 女"
BAD_BIRTH_MONTH = "出生年月格式应为 YYYY-MM"
NOT_SELF = "不能停用本人的账号"


def account_view(user: User, *, full_id_number: bool = False) -> dict[str, Any]:
    """One account as the 人员管理 page shows it.

    ``{"id", "account", "name", "unit_id", "unit_name", "gender", "birth_month", "id_number" (masked as
    110101********123X unless ``full_id_number``), "email", "is_staff", "is_active", "level" (校级 / 单位 /
    个人), "must_change_password", "created_at", "grants": [{"id", "role", "role_label", "unit_id",
    "unit_name", "categories"}]}``.
    """
    number = user.id_number
    if number and not full_id_number:
        number = number[:6] + "*" * 8 + number[14:]
    return {"id": user.id, "account": user.account, "name": user.name, "unit_id": user.unit_id,
            "unit_name": user.unit.name if user.unit else None, "gender": user.gender, "birth_month": user.birth_month,
            "id_number": number, "email": user.email, "is_staff": user.is_staff, "is_active": user.is_active,
            "level": level_of(user.grants), "must_change_password": user.must_change_password,
            "created_at": user.created_at, "grants": [grant_view(g) for g in user.grants]}


def grant_view(grant: RoleGrant) -> dict[str, Any]:
    """``{"id", "role", "role_label", "unit_id", "unit_name", "categories"}``."""
    return {"id": grant.id, "role": grant.role, "role_label": messages.ROLE_LABELS.get(grant.role, grant.role),
            "unit_id": grant.unit_id, "unit_name": grant.unit.name if grant.unit else None,
            "categories": grant.categories}


def search(principal: Principal, *, q: str | None = None, unit_id: int | None = None, role: str | None = None,
           active: bool | None = None, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    """人员管理 list: the accounts in the caller's reach, by 账号.

    Args:
        q: part of the 账号 or the 姓名. unit_id: one unit. role: holders of that role. active: only
            active (True) or deactivated (False) accounts.

    Returns:
        ``{"items": [account_view…], "total", "page", "page_size"}``.

    Raises:
        PermissionDenied: the active role administers no accounts.
    """
    page, page_size = max(1, page), min(max(1, page_size), 200)
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        where = [reach_clause(reach)]
        if q:
            pattern = f"%{q.strip()[:50].replace('%', '').replace('_', '')}%"
            where.append(or_(User.account.ilike(pattern), User.name.ilike(pattern)))
        if unit_id is not None:
            where.append(User.unit_id == unit_id)
        if role:
            where.append(exists().where(RoleGrant.user_id == User.id, RoleGrant.role == role))
        if active is not None:
            where.append(User.is_active.is_(active))
        total = session.scalar(select(func.count()).select_from(User).where(*where)) or 0
        users = session.scalars(select(User).where(*where).order_by(User.account)
                                .offset((page - 1) * page_size).limit(page_size)).all()
        return {"items": [account_view(u) for u in users], "total": total, "page": page, "page_size": page_size}


def reach_clause(reach: Reach):
    """WHERE clause: the accounts ``reach`` covers (``manages`` in SQL)."""
    if reach.school:
        return User.id.is_not(None)
    in_units = User.unit_id.in_(sorted(reach.unit_ids or ()))
    if reach.teachers_only:
        return and_(in_units, not_(exists().where(RoleGrant.user_id == User.id, RoleGrant.role != Role.TEACHER)))
    school_grant = exists().where(RoleGrant.user_id == User.id, or_(
        RoleGrant.role.in_(sorted(SCHOOL_ONLY_ROLES)), and_(RoleGrant.role != Role.TEACHER, RoleGrant.unit_id.is_(None))))
    return and_(in_units, not_(school_grant))


def get(principal: Principal, account: str) -> dict[str, Any]:
    """One account in the caller's reach (身份证号码 in full). Raises NotFound otherwise."""
    with unit_of_work() as session:
        return account_view(target(session, principal, account), full_id_number=True)


def create(principal: Principal, data: Mapping[str, Any]) -> dict[str, Any]:
    """新建账号 (catalog §6.1): 账号 (the 工号), 姓名, 所属单位, optional 性别, 出生年月, 身份证号码, e-mail and
    the staff flag; the account gets the 教职工 role and a one-time password (shown once, changed at
    the first login). Audited ``account.create``.

    Returns:
        The account view plus ``one_time_password``.

    Raises:
        ValidationFailed: per field (a taken account, a bad 身份证号码 check digit, a unit outside the
            caller's reach …). PermissionDenied: the active role administers no accounts.
    """
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        account = str(data.get("account") or "").strip()
        errors = []
        if not ACCOUNT_SHAPE.match(account):
            errors.append({"field": "account", "message": BAD_ACCOUNT})
        elif session.scalar(select(User.id).where(User.account == account)) is not None:
            errors.append({"field": "account", "message": ACCOUNT_TAKEN.format(account=account)})
        user = User(account=account, password_hash=UNUSABLE_PASSWORD, is_active=True)
        errors += _apply(session, reach, user, {"is_staff": True, **data})
        if errors:
            raise ValidationFailed(errors[0]["message"], errors=errors)
        user.grants.append(RoleGrant(role=Role.TEACHER, unit_id=None))
        password = _set_one_time_password(user)
        session.add(user)
        session.flush()
        audit(session, principal.user_id, "account.create", "user", user.id, target_user_id=user.id,
              account=user.account, name=user.name, unit_id=user.unit_id, unit_name=user.unit.name if user.unit else None)
        return {**account_view(user), "one_time_password": password}


def update(principal: Principal, account: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """编辑 the fields of ``EDITABLE`` given in ``data``; audited ``account.update`` with what changed
    (a 身份证号码 change is noted, never its value). Raises ValidationFailed / NotFound as ``create``."""
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        user = target(session, principal, account, lock=True)
        before = {k: getattr(user, k) for k in EDITABLE}
        errors = _apply(session, reach, user, {**before, **{k: v for k, v in data.items() if k in EDITABLE}})
        if errors:
            raise ValidationFailed(errors[0]["message"], errors=errors)
        changes = {k: (["…", "…"] if k == "id_number" else [before[k], getattr(user, k)])
                   for k in EDITABLE if before[k] != getattr(user, k)}
        if changes:
            audit(session, principal.user_id, "account.update", "user", user.id, target_user_id=user.id,
                  account=user.account, changes=changes)
        return account_view(user, full_id_number=True)


def deactivate(principal: Principal, account: str) -> dict[str, Any]:
    """停用 ``account``: it can no longer log in and every session and bearer token of it ends at once
    (issue 8). Audited ``account.deactivate``. Raises NotFound outside the caller's reach,
    PermissionDenied for the caller's own account."""
    return _set_active(principal, account, False)


def reactivate(principal: Principal, account: str) -> dict[str, Any]:
    """启用 ``account`` again (it logs in with its password as before). Audited ``account.reactivate``."""
    return _set_active(principal, account, True)


def reset_password(principal: Principal, account: str) -> dict[str, Any]:
    """重置密码 (catalog §6.1: forgotten passwords are reset by admins): a new one-time password, shown
    once in the answer, good for one login, after which it must be changed; every session and token
    of the account ends. Audited ``account.password_reset`` (the password itself is never stored in
    clear or logged).

    Returns:
        ``{"account", "name", "one_time_password"}``.
    """
    with unit_of_work() as session:
        user = target(session, principal, account, lock=True)
        password = _set_one_time_password(user)
        end_everything(session, user.id)
        audit(session, principal.user_id, "account.password_reset", "user", user.id, target_user_id=user.id,
              account=user.account)
        return {"account": user.account, "name": user.name, "one_time_password": password}


def target(session: Session, principal: Principal, account: str, *, lock: bool = False) -> User:
    """The account ``account`` if the caller manages it. Raises NotFound (「账号 X 不存在」) otherwise."""
    reach = reach_of(session, principal)
    query = select(User).where(User.account == account)
    if lock:
        query = query.with_for_update(of=User).execution_options(populate_existing=True)
    user = session.scalar(query)
    if user is None or not manages(reach, user):
        raise NotFound(messages.ACCOUNT_NOT_FOUND.format(account=str(account)[:32]))
    return user


def one_time_password() -> str:
    """A random password of three groups of four unambiguous characters, e.g. ``Kp7m-x3Qa-9TzR``."""
    return "-".join("".join(secrets.choice(OTP_ALPHABET) for _ in range(4)) for _ in range(OTP_GROUPS))


def _set_one_time_password(user: User) -> str:
    password = one_time_password()
    user.password_hash = passwords.hash_password(password)
    user.must_change_password, user.one_time_login_at = True, None
    return password


def _set_active(principal: Principal, account: str, active: bool) -> dict[str, Any]:
    with unit_of_work() as session:
        user = target(session, principal, account, lock=True)
        if not active and user.id == principal.user_id:
            raise PermissionDenied(NOT_SELF)
        user.is_active = active
        if not active:
            end_everything(session, user.id)
        audit(session, principal.user_id, "account.reactivate" if active else "account.deactivate", "user", user.id,
              target_user_id=user.id, account=user.account)
        return account_view(user)


def _apply(session: Session, reach: Reach, user: User, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Check and set the editable fields; returns the errors (nothing is set when there are any)."""
    errors = []
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 64:
        errors.append({"field": "name", "message": NAME_REQUIRED})
    unit_id = data.get("unit_id")
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        errors.append({"field": "unit_id", "message": UNIT_REQUIRED})
    elif not reach.covers_unit(unit.id):
        errors.append({"field": "unit_id", "message": UNIT_OUTSIDE})
    elif not unit.is_active and unit.id != user.unit_id:
        errors.append({"field": "unit_id", "message": UNIT_INACTIVE})
    gender = data.get("gender") or None
    if gender is not None and gender not in GENDERS:
        errors.append({"field": "gender", "message": BAD_GENDER})
    birth_month = data.get("birth_month") or None
    if birth_month is not None and not BIRTH_MONTH.match(str(birth_month)):
        errors.append({"field": "birth_month", "message": BAD_BIRTH_MONTH})
    number = id_numbers.normalise(str(data.get("id_number") or "")) or None
    if number is not None:
        problem = id_numbers.problem(number)
        if problem:
            errors.append({"field": "id_number", "message": problem})
        elif not errors:
            errors += [{"field": f, "message": m} for f, m in id_numbers.consistency_problems(number, birth_month, gender)]
    email = str(data.get("email") or "").strip() or None
    if email is not None and ("@" not in email or len(email) > 200):
        errors.append({"field": "email", "message": "电子邮箱格式不正确"})
    if errors:
        return errors
    user.name, user.unit_id, user.gender, user.birth_month = name, unit.id if unit else None, gender, birth_month
    user.id_number, user.email, user.is_staff = number, email, bool(data.get("is_staff", True))
    return []
