"""The caller of a request as plain data: user, unit and role grants (catalog §6).

Services take a ``Principal`` and never read ``flask.request`` or ``flask.g`` themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_login import UserMixin

REVIEWER_ROLES = frozenset({"unit_admin", "dept_reviewer", "hr_reviewer"})


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

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def grants_for(self, *roles: str) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if g.role in roles)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.role for g in self.grants))


def principal_from_user(user) -> Principal:
    """Build a principal from a ``models.User`` with its grants (and their units) loaded."""
    from app.models import Unit  # local: models are loaded lazily by the session

    grants = []
    for g in user.grants:
        unit = user.unit if user.unit_id == g.unit_id else None
        if g.unit_id is not None and unit is None:
            from sqlalchemy.orm import object_session
            unit = object_session(user).get(Unit, g.unit_id)
        grants.append(Grant(g.role, g.unit_id, unit.name if unit else None,
                            frozenset(g.categories) if g.categories is not None else None))
    return Principal(user.id, user.account, user.name, user.unit_id,
                     user.unit.name if user.unit else None, tuple(grants))


class LoginUser(UserMixin):
    """What Flask-Login keeps in ``current_user``: the principal plus how it authenticated."""

    def __init__(self, principal: Principal, via_token: bool) -> None:
        self.principal = principal
        self.via_token = via_token
        self.id = str(principal.user_id)
