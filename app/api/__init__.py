"""HTTP adapters: one flask-smorest Blueprint per resource family."""
from flask import Flask
from flask_smorest.spec.plugins import integerconverter2paramschema

from app.extensions import api

from . import (attachments, auth, delegations, health, imports, metrics, notifications, operations, process_admin,
               record_types, records, reference_data, signatures, sso, summaries, tasks, withdrawals)
from .admin import accounts, audit, roles, units
from .converters import IdConverter


def register_api(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter          # before any route uses it
    api.register_converter(IdConverter, integerconverter2paramschema)
    app.register_blueprint(health.blp)
    metrics.init_metrics(app)
    for module in (auth, record_types, records, tasks, notifications, withdrawals, attachments, accounts, imports,
                   summaries, signatures, reference_data, sso, operations, process_admin, delegations, units, audit,
                   roles):
        api.register_blueprint(module.blp)
