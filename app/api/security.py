"""Request authentication (session cookie + CSRF, or bearer token) and coarse role checks."""
from __future__ import annotations

from functools import wraps

from flask import Flask, current_app, request, session
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app import messages
from app.auth.principal import LoginUser, Principal
from app.errors import NotFound, PasswordChangeRequired, PayloadTooLarge, PermissionDenied, Unauthenticated
from app.auth.throttle import LoginThrottle
from app.extensions import csrf, login_manager
from app.services.identity import auth as auth_service

PUBLIC_ENDPOINTS = {"auth.Login", "auth.Tokens", "auth.Csrf", "sso.SsoInfo", "sso.CasLogin", "sso.CasCallback",
                    "health.healthz", "health.docs_assets",
                    "api-docs.openapi_json", "api-docs.openapi_swagger_ui", "static", "web.index", "web.assets",
                    "metrics.metrics",      # /metrics checks its own access: operator or METRICS_TOKEN
                    "signatures.SigningByToken"}   # 扫码签名: the single-use token is the credential
# /auth/me lists every role (the switcher reads it) and logout always works, whatever the active role
ROLE_FREE_ENDPOINTS = {"auth.Me", "auth.Logout"}
# a session opened with a one-time password may only do these (catalog §6.1: the reset must be changed)
ONE_TIME_ENDPOINTS = {"auth.Me", "auth.Logout", "auth.Password", "auth.Csrf"}
# blueprints of business data (records, tasks, files, summaries): a 系统管理员 acting as such gets 404
# from every one of them (catalog §6.2 「No access to business data」); imports answer per import type; the
# record types (form definitions, which 参考数据 maintenance reads back) are not business data
BUSINESS_BLUEPRINTS = {"records", "tasks", "attachments", "withdrawals", "summaries"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_VERSION_KEY = "_sv"     # the account's session version when this cookie session logged in


ACTIVE_ROLE_HEADER = "X-Active-Role"


def authenticated_principal() -> Principal:
    """The authenticated caller with every grant (``/auth/me``). Raises Unauthenticated (401)."""
    if not current_user.is_authenticated:
        raise Unauthenticated(messages.LOGIN_REQUIRED)
    return current_user.principal


def current_principal() -> Principal:
    """The authenticated caller, narrowed to the active role when the request names one.

    The browser sends ``X-Active-Role: <role>`` (seed 000 二(一)2: a person with several roles works
    in one at a time); the grants are narrowed to that role, so a teacher + 二级单位管理员 acting as
    ``teacher`` sees his own records only. Without the header every grant applies (scripts, tokens).

    Raises:
        Unauthenticated: no caller (401).
        PermissionDenied: the header names a role the caller does not hold (403,
            「当前账号没有「…」角色，请重新选择角色」).
    """
    principal = authenticated_principal()
    role = request.headers.get(ACTIVE_ROLE_HEADER, "").strip()
    if not role:
        return principal
    if not principal.has_role(role):
        label = messages.ROLE_LABELS.get(role, role[:32])
        raise PermissionDenied(messages.ACTIVE_ROLE_NOT_GRANTED.format(role=label))
    return principal.acting_as(role)


def requires_role(*roles: str):
    """Coarse route check: the caller holds at least one of ``roles`` (403 otherwise)."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_principal().has_role(*roles):
                raise PermissionDenied(messages.ROLE_REQUIRED)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def init_security(app: Flask) -> None:
    """Authentication on every request: the cookie session (with its session version checked against
    the account's, so logout, password change and deactivation end it server-side) or a bearer token;
    the JSON body limit, counted while reading (chunked bodies too); CSRF on cookie sessions' unsafe
    requests and on the login form."""
    app.extensions["login_throttle"] = LoginThrottle(
        app.config.get("LOGIN_THROTTLE_STORAGE_URL", app.config.get("REDIS_URL")),
        app.config["LOGIN_LIMITS_PER_ACCOUNT"], app.config["LOGIN_LIMITS_PER_ADDRESS"])

    @login_manager.user_loader
    def _load_user(user_id: str):
        principal = auth_service.principal_for_user_id(int(user_id))
        if principal is None or session.get(SESSION_VERSION_KEY) != principal.session_version:
            return None         # logged out (or password changed, or deactivated) since this cookie was issued
        return LoginUser(principal, via_token=False)

    @login_manager.request_loader
    def _load_from_token(req):
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        principal = auth_service.principal_for_token(header[7:].strip())
        return LoginUser(principal, via_token=True) if principal else None

    @app.before_request
    def _guard():
        if request.method in UNSAFE and request.is_json:
            _read_json_body(current_app.config["MAX_JSON_BYTES"])
        if request.endpoint == "auth.Login":
            csrf.protect()      # the login form too (issue 8): GET /auth/csrf first
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return
        if not current_user.is_authenticated:
            raise Unauthenticated(messages.LOGIN_REQUIRED)
        if request.method in UNSAFE and not current_user.via_token:
            csrf.protect()      # cookie sessions need the X-CSRFToken header (Flask-WTF)
        if current_user.principal.must_change_password and request.endpoint not in ONE_TIME_ENDPOINTS:
            raise PasswordChangeRequired(messages.PASSWORD_CHANGE_REQUIRED)
        if request.endpoint not in ROLE_FREE_ENDPOINTS:
            principal = current_principal()     # an ungranted X-Active-Role is a 403 on every endpoint
            if request.blueprint in BUSINESS_BLUEPRINTS and not principal.sees_business_data:
                raise NotFound(messages.NOT_FOUND)


def _read_json_body(limit: int) -> None:
    """Read (and cache) the JSON body, refusing it with 413 as soon as it passes ``limit`` bytes.

    A declared ``Content-Length`` over the limit is refused before reading; a chunked body (no length)
    is counted while it is read, so it cannot slip past the limit (issue 8, finding 5).
    """
    too_large = PayloadTooLarge(messages.BODY_TOO_LARGE.format(limit=limit // 1024))
    if (request.content_length or 0) > limit:
        raise too_large
    request.max_content_length = limit + 1      # the stream stops one byte past the limit
    try:
        body = request.get_data(cache=True)
    except RequestEntityTooLarge as exc:
        raise too_large from exc
    if len(body) > limit:
        raise too_large
