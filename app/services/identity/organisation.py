"""Organisation master data: units, accounts and role grants (catalog §0.6, §6)."""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select

from app.auth.passwords import hash_password
from app.models import RoleGrant, Unit, User

from app.services.uow import unit_of_work

HR_DEPARTMENT = "人力资源部"


def seed_organisation(path: Path) -> dict[str, int]:
    """Load an organisation file (``app/demo/demo-org.json`` shape) idempotently.

    Units are matched by ``code`` and users by ``account``; names, kinds and grants are brought in
    line with the file; a password is only set when the account is created.

    Returns:
        ``{"units_created": n, "users_created": n, "grants_created": n}``.
    """
    spec = json.loads(path.read_text(encoding="utf-8"))
    counts = {"units_created": 0, "users_created": 0, "grants_created": 0}
    with unit_of_work() as session:
        units = {u.code: u for u in session.scalars(select(Unit))}
        for item in spec["units"]:
            unit = units.get(item["code"])
            if unit is None:
                unit = units[item["code"]] = Unit(code=item["code"])
                session.add(unit)
                counts["units_created"] += 1
            unit.name, unit.kind = item["name"], item["kind"]
            unit.default_research_owner = item.get("default_research_owner")
        session.flush()
        users = {u.account: u for u in session.scalars(select(User))}
        password_hash = None
        for item in spec["users"]:
            user = users.get(item["account"])
            if user is None:
                password_hash = password_hash or hash_password(spec["demo_password"])
                user = User(account=item["account"], password_hash=password_hash)
                session.add(user)
                counts["users_created"] += 1
            user.name, user.unit_id = item["name"], units[item["unit"]].id if item.get("unit") else None
            counts["grants_created"] += _sync_grants(user, item.get("roles", []), units)
    return counts


def _sync_grants(user: User, roles: list[Mapping], units: Mapping[str, Unit]) -> int:
    wanted = {(r["role"], units[r["unit"]].id if r.get("unit") else None): r.get("categories") for r in roles}
    existing = {(g.role, g.unit_id): g for g in user.grants}
    for key, grant in existing.items():
        if key not in wanted:
            user.grants.remove(grant)
    created = 0
    for (role, unit_id), categories in wanted.items():
        held = existing.get((role, unit_id))
        if held is None:
            user.grants.append(RoleGrant(role=role, unit_id=unit_id, categories=categories))
            created += 1
        elif held.categories != categories:
            grant.categories = categories
    return created


def demo_accounts(path: Path) -> list[tuple[str, str, str]]:
    """(account, name, roles) of the demo organisation, for ``make run``'s banner."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    return [(u["account"], u["name"], ",".join(r["role"] for r in u.get("roles", []))) for u in spec["users"]]
