"""/api/v1/auth/sso and /api/v1/auth/cas: 统一身份认证 (CAS single sign-on, issue 12) beside the password login.

``GET /auth/cas/login`` sends the browser to the CAS server; the CAS server sends it back to
``GET /auth/cas/callback?ticket=…``, which validates the ticket, logs the mapped account in (the same
session as the password login) and redirects to the page the user wanted, or to ``/login?sso_error=<reason>``.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import current_app, redirect, request, session
from flask.views import MethodView
from flask_login import login_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.auth.principal import LoginUser
from app.services.identity import cas

from .security import SESSION_VERSION_KEY

blp = Blueprint("sso", __name__, url_prefix="/api/v1/auth", description="统一身份认证")
NEXT_KEY = "cas_next"


class SsoInfoResponse(Schema):
    cas_enabled = fields.Boolean()
    login_url = fields.String(allow_none=True, metadata={"description": "where the 统一身份认证登录 button goes"})
    label = fields.String()
    reasons = fields.Dict(keys=fields.String(), values=fields.String(),
                          metadata={"description": "sso_error code → the message the login page shows"})


class CasLoginArgs(Schema):
    next = fields.String(load_default="/", metadata={"description": "the page to return to (a path of this site)"})


class CasCallbackArgs(Schema):
    ticket = fields.String(load_default="", metadata={"description": "the CAS service ticket"})


def _settings() -> cas.CasSettings | None:
    return cas.CasSettings.from_config(current_app.config)


def _safe_next(value: str | None) -> str:
    """A path of this site only: an absolute or protocol-relative URL becomes ``/`` (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _refused(reason: str):
    return redirect(f"/login?sso_error={quote(reason)}", code=302)


@blp.route("/sso")
class SsoInfo(MethodView):
    @blp.response(200, SsoInfoResponse)
    def get(self):
        """Whether 统一身份认证 is configured (the login page shows 「统一身份认证登录」 then), and the messages
        of the refusal reasons. Public."""
        enabled = _settings() is not None
        return {"cas_enabled": enabled, "login_url": "/api/v1/auth/cas/login" if enabled else None,
                "label": cas.LOGIN_LABEL, "reasons": cas.REASONS}


@blp.route("/cas/login")
class CasLogin(MethodView):
    @blp.arguments(CasLoginArgs, location="query")
    @blp.response(302, description="to the CAS server's /login with this platform's service URL")
    def get(self, args):
        """统一身份认证登录: remember ``next`` and redirect to the CAS server (CAS protocol 2.0/3.0 §2.1).
        Without CAS configured: back to ``/login?sso_error=disabled``. Public."""
        settings = _settings()
        if settings is None:
            return _refused("disabled")
        session[NEXT_KEY] = _safe_next(args.get("next"))
        return redirect(cas.login_url(settings), code=302)


@blp.route("/cas/callback")
class CasCallback(MethodView):
    @blp.arguments(CasCallbackArgs, location="query")
    @blp.response(302, description="to the remembered page, or /login?sso_error=<reason>")
    def get(self, args):
        """The CAS server's redirect back with ``ticket``: validate it (``/serviceValidate`` or
        ``/p3/serviceValidate``), log in the account whose 工号 is the CAS user, redirect to the page the user
        wanted. Refusals (unknown CAS user: no account is created; deactivated account; invalid or used
        ticket; CAS unreachable; too many failures from the address, counted with the password login's)
        redirect to ``/login?sso_error=<reason>``. Public."""
        settings = _settings()
        if settings is None:
            return _refused("disabled")
        throttle, counter = current_app.extensions["login_throttle"], f"cas@{request.remote_addr}"
        if throttle.wait_minutes(counter, request.remote_addr) is not None:
            return _refused("throttled")
        try:
            principal = cas.authenticate_ticket(settings, args.get("ticket", ""))
        except cas.CasRefused as refusal:
            current_app.logger.info("CAS login refused from %s: %s", request.remote_addr, refusal)
            if refusal.reason != "unavailable":
                throttle.failed(counter, request.remote_addr)     # counted with the password login's failures
            return _refused(refusal.reason)
        target = _safe_next(session.get(NEXT_KEY))
        session.clear()                     # a fresh session, as the password login
        login_user(LoginUser(principal, via_token=False))
        session[SESSION_VERSION_KEY] = principal.session_version
        return redirect(target, code=302)
