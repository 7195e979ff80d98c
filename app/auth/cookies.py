"""The session cookie: signed (``SECRET_KEY``), HttpOnly, SameSite=Lax, and Secure over HTTPS.

``SESSION_COOKIE_SECURE`` forces the Secure flag (behind a proxy that terminates TLS without telling
the app); otherwise the flag follows the request's scheme, so a plain-HTTP demo on 127.0.0.1 still works.
"""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session with the Secure flag decided per request."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)
