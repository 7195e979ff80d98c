"""Login, sessions and bearer tokens (catalog §6.1: the 账号 is the 工号; issue 8 findings 1–2).

- ``login`` throttles failures per account and per address (``app.auth.throttle``) and does the same
  argon2 work for unknown accounts as for known ones (a dummy hash), with one message for both.
- A cookie session carries its account's ``session_version``; ``end_sessions`` (logout), a password
  change and a deactivation bump it, so every older cookie stops working at once.
- Bearer tokens are stored as sha256, listed and revoked by their owner or a 系统管理员; a password
  change or deactivation revokes them all.
- A password set by an administrator (``must_change_password``) logs in once; the session it opens may
  only change it (catalog §6.1, the reset of a forgotten password).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from zxcvbn import zxcvbn

from app import messages
from app.auth import passwords
from app.auth.principal import Principal, load_principal, load_principal_by_token, principal_from_user
from app.auth.throttle import LoginThrottle
from app.errors import NotFound, TooManyRequests, Unauthenticated, ValidationFailed
from app.extensions import db
from app.models import ApiToken, AuditEvent, User, utcnow
from app.vocabulary import Role

from app.services.identity import principal_cache
from app.services.uow import unit_of_work

ADMIN_ROLE = Role.SYSTEM_ADMIN
MIN_PASSWORD_CHARS = 10
MIN_PASSWORD_SCORE = 3          # zxcvbn's 0–4 scale: 3 = "safely unguessable" (about 10^8 guesses)


def login(throttle: LoginThrottle, account: str, password: str, address: str | None) -> Principal:
    """Check 账号 + password for a login or a token request, throttled.

    Args:
        throttle: the app's failure counters (``app.extensions["login_throttle"]``).
        account, password: as typed.
        address: the client's address (``request.remote_addr``), counted separately.

    Raises:
        TooManyRequests: too many recent failures for the account or the address
            (「登录失败次数过多，请 N 分钟后再试」), or every hashing slot busy (「登录请求过多，请稍后再试」).
        Unauthenticated: unknown account, inactive account or wrong password: one message and the
            same argon2 work for all, so neither answer nor timing tells which accounts exist.

    Source: issue 8, finding 2.
    """
    wait = throttle.wait_minutes(account, address)
    if wait is not None:
        raise TooManyRequests(messages.LOGIN_THROTTLED.format(minutes=wait))
    try:
        principal = authenticate(account, password)
    except Unauthenticated:
        throttle.failed(account, address)
        raise
    throttle.succeeded(account)
    return principal


def authenticate(account: str, password: str) -> Principal:
    """Check 账号 + password (no throttling; ``login`` adds it).

    A one-time password (set by an administrator's reset) works for one login: that login is noted
    (``one_time_login_at``) and a second one is refused until the password is changed.

    Raises:
        Unauthenticated: unknown account, inactive account or wrong password (one message for all);
            a one-time password used before (「一次性密码已使用过…」).
        TooManyRequests: no hashing slot became free in time.
    """
    user = db.session.scalar(select(User).where(User.account == account))
    try:
        if user is None or not user.is_active or not user.password_hash.startswith("$"):
            passwords.verify_dummy(password)       # unknown, inactive, or no password set yet
            raise Unauthenticated(messages.LOGIN_FAILED)
        if not passwords.verify_password(user.password_hash, password):
            raise Unauthenticated(messages.LOGIN_FAILED)
    except passwords.HashingBusy as exc:
        raise TooManyRequests(messages.LOGIN_BUSY) from exc
    if user.must_change_password:
        _use_one_time_password(user.id)
    principal = principal_from_user(user)
    if principal is None:                   # deactivated between the two reads
        raise Unauthenticated(messages.LOGIN_FAILED)
    return principal


def _use_one_time_password(user_id: int) -> None:
    with unit_of_work() as session:
        used = session.execute(update(User).where(User.id == user_id, User.one_time_login_at.is_(None))
                               .values(one_time_login_at=utcnow())).rowcount  # type: ignore[attr-defined]
        if not used:
            raise Unauthenticated(messages.ONE_TIME_PASSWORD_USED)


def issue_token(principal: Principal, ttl_hours: int) -> tuple[str, str]:
    """Create a bearer token; returns ``(token, expires_at ISO)``. Only its sha256 is stored."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=ttl_hours)
    with unit_of_work() as session:
        session.add(ApiToken(user_id=principal.user_id, token_sha256=_digest(token), expires_at=expires))
    return token, expires.isoformat()


def principal_for_token(token: str) -> Principal | None:
    """The principal of a valid, unexpired, unrevoked bearer token, or None: one indexed query, or none
    while this process holds it (``principal_cache``: at most ``PRINCIPAL_CACHE_SECONDS`` old, dropped
    when this process commits a change to an account, grant, token or unit)."""
    digest = _digest(token)
    return principal_cache.principal(("token", digest), lambda: load_principal_by_token(db.session, digest, utcnow()),
                                     current_app.config["PRINCIPAL_CACHE_SECONDS"])


def principal_for_user_id(user_id: int) -> Principal | None:
    """The active account ``user_id`` as a principal (a cookie session), or None; cached as
    :func:`principal_for_token`."""
    return principal_cache.principal(("user", user_id), lambda: load_principal(db.session, user_id),
                                     current_app.config["PRINCIPAL_CACHE_SECONDS"])


def end_sessions(user_id: int) -> None:
    """Log out: every cookie session of the account ends now (its session version moves on)."""
    with unit_of_work() as session:
        _bump_session_version(session, user_id)


def revoke_presented_token(token: str) -> None:
    """Log out a script: the bearer token it presented is revoked."""
    with unit_of_work() as session:
        session.execute(update(ApiToken).where(ApiToken.token_sha256 == _digest(token), ApiToken.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))


def list_tokens(principal: Principal, account: str | None = None) -> list[ApiToken]:
    """The bearer tokens of the caller, or of ``account`` for a 系统管理员, newest first (revoked and
    expired ones included, marked by ``revoked_at`` / ``expires_at``).

    Raises:
        NotFound: ``account`` named by a caller who is not a 系统管理员, or unknown.
    """
    user_id = principal.user_id if account in (None, principal.account) else _admin_target(principal, account)
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())))


def revoke_token(principal: Principal, token_id: int) -> ApiToken:
    """Revoke one bearer token: the caller's own, or anyone's for a 系统管理员 (audited).

    Raises:
        NotFound: no such token among those the caller may revoke (「令牌不存在或无权访问」).
    """
    with unit_of_work() as session:
        token = session.scalar(select(ApiToken).where(ApiToken.id == token_id).with_for_update())
        if token is None or (token.user_id != principal.user_id and not principal.has_role(ADMIN_ROLE)):
            raise NotFound(messages.TOKEN_NOT_FOUND)
        if token.revoked_at is None:
            token.revoked_at = utcnow()
        if token.user_id != principal.user_id:
            session.add(AuditEvent(actor_id=principal.user_id, action="token_revoke", target_user_id=token.user_id,
                                   detail={"token_id": token.id}))
    return token


def change_password(principal: Principal, current_password: str, new_password: str, *,
                    keep_token: str | None = None) -> int:
    """Change the caller's password; every *other* session and bearer token of the account ends.

    Args:
        keep_token: the bearer token the request came with (it stays valid); None for a cookie session.

    Returns:
        The account's new session version: the caller's cookie session carries it on, every other
        cookie of the account is over.

    Raises:
        ValidationFailed: the current password is wrong (field ``current_password``); the new one is
            shorter than 10 characters, contains the account or the name, equals the current one, or
            is too easy to guess (zxcvbn score below 3) (field ``new_password``).

    Source: catalog §6.1 (passwords), issue 12 (strength checked, other sessions end).
    """
    problem = password_problem(principal.account, principal.name, new_password)
    if problem is None and new_password == current_password:
        problem = messages.PASSWORD_SAME_AS_CURRENT
    if problem:
        raise ValidationFailed(problem, errors=[{"field": "new_password", "message": problem}])
    with unit_of_work() as session:
        user = session.scalars(select(User).where(User.id == principal.user_id).with_for_update(of=User)).one()
        try:
            matches = passwords.verify_password(user.password_hash, current_password)
        except passwords.HashingBusy as exc:
            raise TooManyRequests(messages.LOGIN_BUSY) from exc
        if not matches:
            raise ValidationFailed(messages.PASSWORD_CURRENT_WRONG, errors=[
                {"field": "current_password", "message": messages.PASSWORD_CURRENT_WRONG}])
        user.password_hash = passwords.hash_password(new_password)
        user.must_change_password, user.one_time_login_at = False, None
        end_everything(session, user.id, keep_token=keep_token)
        session.flush()
        session.refresh(user, ["session_version"])
        return user.session_version


def password_problem(account: str, name: str, password: str) -> str | None:
    """Why ``password`` may not be used by ``account`` / ``name``, or None.

    Checks: at least 10 characters; not the account, and containing neither the account nor the name;
    zxcvbn (with the account and name as the person's own words) scores it 3 or more.
    """
    if len(password) < MIN_PASSWORD_CHARS:
        return messages.PASSWORD_TOO_SHORT.format(n=MIN_PASSWORD_CHARS)
    folded = password.strip().casefold()
    if folded == account.strip().casefold():
        return messages.PASSWORD_SAME_AS_ACCOUNT
    if any(word and word in folded for word in (account.strip().casefold(), name.strip().casefold())):
        return messages.PASSWORD_CONTAINS_IDENTITY
    if zxcvbn(password[:100], user_inputs=[account, name])["score"] < MIN_PASSWORD_SCORE:
        return messages.PASSWORD_TOO_WEAK
    return None


def _admin_target(principal: Principal, account: str) -> int:
    user_id = db.session.scalar(select(User.id).where(User.account == account)) if principal.has_role(ADMIN_ROLE) else None
    if user_id is None:
        raise NotFound(messages.ACCOUNT_NOT_FOUND.format(account=account))
    return user_id


def end_everything(session, user_id: int, *, keep_token: str | None = None) -> None:
    """Every cookie session of the account ends (its session version moves on) and every bearer token
    but ``keep_token`` is revoked, in the caller's transaction."""
    _bump_session_version(session, user_id)
    query = update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    if keep_token is not None:
        query = query.where(ApiToken.token_sha256 != _digest(keep_token))
    session.execute(query.values(revoked_at=utcnow()))


def _bump_session_version(session, user_id: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version + 1))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
