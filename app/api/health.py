"""/healthz: liveness and database reachability (public)."""
from flask import Blueprint, jsonify

from app.services.health import database_status

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """200 ``{"status": "ok", "database": "postgresql"}`` when the database answers, 503 otherwise."""
    ok, dialect = database_status()
    return (jsonify({"status": "ok", "database": dialect}), 200) if ok else (jsonify({"status": "unavailable"}), 503)
