"""/api/v1/auth: CSRF token, login (session cookie), logout, me, password, bearer tokens."""
from flask import current_app, request, session
from flask.views import MethodView
from flask_login import login_user, logout_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from app.auth.principal import LoginUser
from app.services.identity import auth as auth_service

from .schemas.auth import (LoginRequest, LoginResponse, MeResponse, PasswordChangeRequest, TokenInfo, TokenListQuery,
                           TokenListResponse, TokenResponse)
from .schemas.common import ErrorResponse
from .security import SESSION_VERSION_KEY, authenticated_principal, current_principal

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="登录与令牌")


def _throttle():
    return current_app.extensions["login_throttle"]


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginRequest)
    @blp.response(200, LoginResponse)
    @blp.alt_response(400, schema=ErrorResponse, description="csrf_failed: X-CSRFToken from GET /auth/csrf missing")
    @blp.alt_response(401, schema=ErrorResponse, description="unauthenticated: 账号或密码错误")
    @blp.alt_response(429, schema=ErrorResponse, description="too_many_requests: 登录失败次数过多，请 N 分钟后再试")
    def post(self, body):
        """Log in with 账号 + password; sets a new session cookie and returns its CSRF token.

        The login form itself is CSRF-protected: fetch ``GET /auth/csrf`` first and send its token as
        ``X-CSRFToken``. Browsers then send the returned token on every POST/PATCH/DELETE. Failures are
        throttled per account and per address (issue 8).
        """
        principal = auth_service.login(_throttle(), body["account"], body["password"], request.remote_addr)
        session.clear()                     # a fresh session: nothing of the anonymous one survives
        login_user(LoginUser(principal, via_token=False))
        session[SESSION_VERSION_KEY] = principal.session_version
        return {"user": principal, "csrf_token": generate_csrf()}


@blp.route("/csrf")
class Csrf(MethodView):
    @blp.response(200)
    def get(self):
        """A fresh CSRF token for the current cookie session (also before login)."""
        return {"csrf_token": generate_csrf()}


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Log out. A cookie session ends server-side: every session cookie of the account stops
        working at once (the session version moves on). A bearer token used here is revoked."""
        caller = current_principal()
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            auth_service.revoke_presented_token(header[7:].strip())
        else:
            auth_service.end_sessions(caller.user_id)
        logout_user()
        session.clear()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeResponse)
    def get(self):
        """The caller: account, unit, roles and their unit/category scopes (catalog §6.2).

        Every grant, whatever ``X-Active-Role`` says; ``role_options`` are the roles the switcher offers,
        each ``{role, label, units}`` with the Chinese label of catalog §6.2.
        """
        return authenticated_principal()


@blp.route("/password")
class Password(MethodView):
    @blp.arguments(PasswordChangeRequest)
    @blp.response(204)
    @blp.alt_response(422, schema=ErrorResponse,
                      description="当前密码错误 / 新密码至少需要 10 个字符 / 不能包含账号或姓名 / 太容易被猜到")
    def post(self, body):
        """Change the caller's password (strength checked with zxcvbn, and against the account and name).

        Every *other* session and bearer token of the account ends at once; this session (or the bearer
        token this request came with) stays. Also the way out of a one-time password (catalog §6.1)."""
        header = request.headers.get("Authorization", "")
        presented = header[7:].strip() if header.lower().startswith("bearer ") else None
        version = auth_service.change_password(authenticated_principal(), body["current_password"],
                                               body["new_password"], keep_token=presented)
        if presented is None:
            session[SESSION_VERSION_KEY] = version


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(TokenListQuery, location="query")
    @blp.response(200, TokenListResponse)
    def get(self, query):
        """The caller's bearer tokens (id, created, expires, revoked), newest first; a 系统管理员 may
        name another ``account``. The token values themselves are never shown again."""
        return {"items": auth_service.list_tokens(current_principal(), query.get("account"))}

    @blp.arguments(LoginRequest)
    @blp.response(201, TokenResponse)
    @blp.alt_response(401, schema=ErrorResponse, description="unauthenticated")
    @blp.alt_response(429, schema=ErrorResponse, description="too_many_requests")
    def post(self, body):
        """Issue a bearer token for scripts (``Authorization: Bearer <token>``); no cookie, no CSRF.

        Lifetime ``API_TOKEN_TTL_HOURS`` (default 7 days); throttled like the login."""
        principal = auth_service.login(_throttle(), body["account"], body["password"], request.remote_addr)
        token, expires = auth_service.issue_token(principal, current_app.config["API_TOKEN_TTL_HOURS"])
        return {"token": token, "token_type": "Bearer", "expires_at": expires}


@blp.route("/tokens/<id:token_id>")
class TokenItem(MethodView):
    @blp.response(200, TokenInfo)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 令牌不存在或无权访问")
    def delete(self, token_id):
        """Revoke a bearer token: the caller's own, or any for a 系统管理员 (audited). It stops working
        at once; revoking twice is harmless."""
        return auth_service.revoke_token(current_principal(), token_id)
