"""/api/v1/auth: login (session cookie), logout, me, bearer tokens."""
from flask import current_app
from flask.views import MethodView
from flask_login import login_user, logout_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from app.auth.principal import LoginUser
from app.services import auth as auth_service

from .schemas.auth import LoginRequest, LoginResponse, MeResponse, TokenResponse
from .schemas.common import ErrorResponse
from .security import authenticated_principal

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="登录与令牌")


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginRequest)
    @blp.response(200, LoginResponse)
    @blp.alt_response(401, schema=ErrorResponse, description="unauthenticated: 账号或密码错误")
    def post(self, body):
        """Log in with 账号 + password; sets the session cookie and returns a CSRF token.

        Browsers send the token back as ``X-CSRFToken`` on every POST/PATCH/DELETE.
        """
        principal = auth_service.authenticate(body["account"], body["password"])
        login_user(LoginUser(principal, via_token=False))
        return {"user": principal, "csrf_token": generate_csrf()}


@blp.route("/csrf")
class Csrf(MethodView):
    @blp.response(200)
    def get(self):
        """A fresh CSRF token for the current cookie session."""
        return {"csrf_token": generate_csrf()}


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Log out (clears the session cookie)."""
        logout_user()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeResponse)
    def get(self):
        """The caller: account, unit, roles and their unit/category scopes (catalog §6.2).

        Every grant, whatever ``X-Active-Role`` says; ``role_options`` are the roles the switcher offers,
        each ``{role, label, units}`` with the Chinese label of catalog §6.2.
        """
        return authenticated_principal()


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(LoginRequest)
    @blp.response(201, TokenResponse)
    @blp.alt_response(401, schema=ErrorResponse, description="unauthenticated")
    def post(self, body):
        """Issue a bearer token for scripts (``Authorization: Bearer <token>``); no cookie, no CSRF."""
        principal = auth_service.authenticate(body["account"], body["password"])
        token, expires = auth_service.issue_token(principal, current_app.config["API_TOKEN_TTL_HOURS"])
        return {"token": token, "token_type": "Bearer", "expires_at": expires}
