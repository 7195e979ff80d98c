"""HTTP adapters: one flask-smorest Blueprint per resource family."""
from flask import Flask

from app.extensions import api

from . import attachments, auth, health, notifications, record_types, records, tasks, withdrawals


def register_api(app: Flask) -> None:
    app.register_blueprint(health.blp)
    for module in (auth, record_types, records, tasks, notifications, withdrawals, attachments):
        api.register_blueprint(module.blp)
