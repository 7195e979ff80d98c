"""The caller of a request as plain data: user, unit and role grants (catalog §6).

Services take a ``Principal`` and never read ``flask.request`` or ``flask.g`` themselves.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from flask_login import UserMixin

from app.vocabulary import Role

REVIEWER_ROLES = frozenset({Role.UNIT_ADMIN, Role.DEPT_REVIEWER, Role.HR_REVIEWER})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None
    unit_name: str | None
    categories: frozenset[str] | None    # None = every category

    def covers_category(self, category: str) -> bool:
        return self.categories is None or category in self.categories


@dataclass(frozen=True)
class Principal:
    user_id: int
    account: str
    name: str
    unit_id: int | None
    unit_name: str | None
    grants: tuple[Grant, ...]
    session_version: int = 0        # the account's current session version (server-side logout)
    must_change_password: bool = False  # logged in with a one-time password: change it first

    @property
    def sees_business_data(self) -> bool:
        """False for a caller whose every grant is 系统管理员: accounts, roles and passwords only,
        never a record, task or summary (catalog §6.2 「No access to business data」)."""
        return not self.grants or any(g.role != Role.SYSTEM_ADMIN for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def grants_for(self, *roles: str) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if g.role in roles)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.role for g in self.grants))

    def acting_as(self, role: str) -> Principal:
        """The same caller with only the grants of ``role`` (the browser's active role, seed 000 二(一)2).

        A teacher acting as ``teacher`` keeps no reviewer grant, so every scope falls back to his own
        records. The caller checks ``has_role(role)`` first.
        """
        return replace(self, grants=self.grants_for(role))


def principal_from_user(user) -> Principal | None:
    """The principal of a ``models.User`` (None when inactive): one query, as ``load_principal``."""
    from sqlalchemy.orm import object_session
    return load_principal(object_session(user), user.id)


def load_principal(session, user_id: int) -> Principal | None:
    """The active user ``user_id`` as a principal, or None.

    One query: the user and his unit, outer-joined with every grant and the grant's unit. It runs on
    every request, so the statements are built once (bench/: building a select of four joins costs
    more than executing it).
    """
    return _principal(session.execute(_principal_statements()[0], {"user_id": user_id}).all())


def load_principal_by_token(session, token_sha256: str, now) -> Principal | None:
    """The active owner of the unexpired, unrevoked token whose sha256 is ``token_sha256``, or None (one query)."""
    return _principal(session.execute(_principal_statements()[1], {"token": token_sha256, "now": now}).all())


def _principal(rows) -> Principal | None:
    if not rows:
        return None
    uid, account, name, unit_id, unit_name, session_version, must_change = rows[0][:7]
    grants = tuple(Grant(role, g_unit, g_unit_name, frozenset(categories) if categories is not None else None)
                   for *_, role, g_unit, g_unit_name, categories in rows if role is not None)
    return Principal(uid, account, name, unit_id, unit_name, grants, session_version, bool(must_change))


@functools.cache
def _principal_statements() -> tuple[Any, Any]:
    """``(by user id, by token)``: selects with bind parameters ``user_id`` | ``token``, ``now``."""
    from sqlalchemy import bindparam, select
    from sqlalchemy.orm import aliased

    from app.models import ApiToken, RoleGrant, Unit, User
    home, scope_unit = aliased(Unit), aliased(Unit)
    query = (select(User.id, User.account, User.name, User.unit_id, home.name, User.session_version,
                    User.must_change_password,
                    RoleGrant.role, RoleGrant.unit_id, scope_unit.name, RoleGrant.categories)
             .outerjoin(home, home.id == User.unit_id)
             .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
             .outerjoin(scope_unit, scope_unit.id == RoleGrant.unit_id)
             .where(User.is_active.is_(True)).order_by(RoleGrant.id))
    by_token = query.join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_sha256 == bindparam("token"), ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now", type_=ApiToken.expires_at.type))
    return query.where(User.id == bindparam("user_id")), by_token


class LoginUser(UserMixin):
    """What Flask-Login keeps in ``current_user``: the principal plus how it authenticated."""

    def __init__(self, principal: Principal, via_token: bool) -> None:
        self.principal = principal
        self.via_token = via_token
        self.id = str(principal.user_id)
