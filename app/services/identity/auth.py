"""Login and bearer tokens (catalog §6.1: the 账号 is the 工号)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from app import messages
from app.auth.passwords import verify_password
from app.auth.principal import Principal, load_principal, load_principal_by_token, principal_from_user
from app.errors import Unauthenticated
from app.extensions import db
from app.models import ApiToken, User, utcnow

from app.services.uow import unit_of_work


def authenticate(account: str, password: str) -> Principal:
    """Check 账号 + password.

    Raises:
        Unauthenticated: unknown account, inactive account or wrong password (one message for all,
            so the response does not reveal which accounts exist).
    """
    user = db.session.scalar(select(User).where(User.account == account))
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise Unauthenticated(messages.LOGIN_FAILED)
    return principal_from_user(user)


def issue_token(principal: Principal, ttl_hours: int) -> tuple[str, str]:
    """Create a bearer token; returns ``(token, expires_at ISO)``. Only its sha256 is stored."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=ttl_hours)
    with unit_of_work() as session:
        session.add(ApiToken(user_id=principal.user_id, token_sha256=_digest(token), expires_at=expires))
    return token, expires.isoformat()


def principal_for_token(token: str) -> Principal | None:
    """The principal of a valid, unexpired bearer token, or None (two indexed queries)."""
    return load_principal_by_token(db.session, _digest(token), utcnow())


def principal_for_user_id(user_id: int) -> Principal | None:
    return load_principal(db.session, user_id)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

