"""HTTP adapters: one flask-smorest Blueprint per resource family."""
from flask import Flask
from flask_smorest.spec.plugins import integerconverter2paramschema

from app.extensions import api

from . import (attachments, auth, health, imports, notifications, record_types, records, signatures, summaries, tasks,
               withdrawals)
from .admin import accounts, audit, roles, units
from .converters import IdConverter


def register_api(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter          # before any route uses it
    api.register_converter(IdConverter, integerconverter2paramschema)
    app.register_blueprint(health.blp)
    for module in (auth, record_types, records, tasks, notifications, withdrawals, attachments, accounts, imports,
                   summaries, signatures, units, audit, roles):
        api.register_blueprint(module.blp)
