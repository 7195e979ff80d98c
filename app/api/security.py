"""Request authentication (session cookie + CSRF, or bearer token) and coarse role checks."""
from __future__ import annotations

from functools import wraps

from flask import Flask, current_app, request
from flask_login import current_user

from app import messages
from app.auth.principal import LoginUser, Principal
from app.errors import PayloadTooLarge, PermissionDenied, Unauthenticated
from app.extensions import csrf, login_manager
from app.services.identity import auth as auth_service

PUBLIC_ENDPOINTS = {"auth.Login", "auth.Tokens", "auth.Csrf", "health.healthz", "health.docs_assets",
                    "api-docs.openapi_json", "api-docs.openapi_swagger_ui", "static", "web.index", "web.assets"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def current_principal() -> Principal:
    """The authenticated caller. Raises Unauthenticated (401) when there is none."""
    if not current_user.is_authenticated:
        raise Unauthenticated(messages.LOGIN_REQUIRED)
    return current_user.principal


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
    @login_manager.user_loader
    def _load_user(user_id: str):
        principal = auth_service.principal_for_user_id(int(user_id))
        return LoginUser(principal, via_token=False) if principal else None

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
            limit = current_app.config["MAX_JSON_BYTES"]
            if (request.content_length or 0) > limit:
                raise PayloadTooLarge(messages.BODY_TOO_LARGE.format(limit=limit // 1024))
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return
        if not current_user.is_authenticated:
            raise Unauthenticated(messages.LOGIN_REQUIRED)
        if request.method in UNSAFE and not current_user.via_token:
            csrf.protect()      # cookie sessions need the X-CSRFToken header (Flask-WTF)
