"""/healthz: liveness and database reachability (public)."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from app.extensions import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """200 {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
        return jsonify({"status": "ok", "database": db.engine.dialect.name})
    except Exception:  # noqa: BLE001
        return jsonify({"status": "unavailable"}), 503
