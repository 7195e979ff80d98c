"""Extensions, created once and ``init_app``'d by the factory."""
import inspect

from flask import Flask
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from app import request_transactions

# Services return the objects they changed; reading them after commit must not cost a reload.
db = SQLAlchemy(session_options={"expire_on_commit": False})
api = Api()
login_manager = LoginManager()
csrf = CSRFProtect()


def init_db(app: Flask) -> None:
    """``db.init_app(app)``, then:

    - without async engines, less the extension's teardown for async sessions: that teardown is a
      coroutine, and Flask runs a coroutine by starting a thread for it at the end of every request
      (about half a millisecond each, for a session that never exists);
    - a request's read-only transaction ends with COMMIT, so the connection keeps its prepared
      statements (app/request_transactions.py).
    """
    db.init_app(app)
    if not app.config.get("SQLALCHEMY_ASYNC_ENGINES"):
        app.teardown_appcontext_funcs[:] = [f for f in app.teardown_appcontext_funcs
                                            if not inspect.iscoroutinefunction(f)]
    with app.app_context():
        request_transactions.install(app, db.engines)
