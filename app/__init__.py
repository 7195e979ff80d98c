"""人事业绩填报与审核平台: the Flask application factory (wiring only; the one I/O is the embedded
mode's generated session key, read or written once at start)."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from config import Config


def create_app(config: type[Config] | Config | None = None) -> Flask:
    """Build the app: extensions, API blueprints, error handlers, Celery, CLI."""
    from .api import register_api
    from .api.errors import register_error_handlers
    from .api.input_guard import init_input_guard
    from .api.schemas.common import ErrorResponse
    from .api.security import init_security
    from .auth import passwords
    from .auth.cookies import SchemeAwareSessionInterface
    from .celery_app import celery_init_app
    from .cli import register_cli
    from .extensions import api, csrf, init_db, login_manager
    from .secret_key import resolve_secret_key
    from .web import register_web

    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config or Config)
    app.config["SECRET_KEY"] = resolve_secret_key(      # refuses to start without one (app/secret_key.py)
        app.config.get("SECRET_KEY"), embedded=bool(app.config.get("EMBEDDED") or app.debug),
        key_file=Path(app.config["SECRET_KEY_FILE"]))
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False
        app.json.sort_keys = False
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))
    app.session_interface = SchemeAwareSessionInterface()     # the Secure flag follows the request scheme
    passwords.configure(app.config["PASSWORD_HASH_PROFILE"], concurrency=app.config["PASSWORD_HASH_CONCURRENCY"],
                        wait_seconds=app.config["PASSWORD_HASH_WAIT_SECONDS"])
    init_db(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    api.ERROR_SCHEMA = ErrorResponse        # the one envelope, also for the documented default errors
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer"},
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session"}}}})
    register_api(app)
    register_error_handlers(app, api)
    init_security(app)
    init_input_guard(app)                   # after authentication: anonymous callers get 401 first
    register_web(app)
    if app.config.get("TRUSTED_PROXIES"):   # behind nginx & co: the client's address from X-Forwarded-For
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    celery_init_app(app)
    register_cli(app)
    return app
