"""Liveness: does the database answer?"""
from sqlalchemy import text

from app.extensions import db


def database_status() -> tuple[bool, str]:
    """``(ok, dialect)``: True when ``SELECT 1`` succeeds on the configured database."""
    try:
        db.session.execute(text("SELECT 1"))
        return True, db.engine.dialect.name
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False, db.engine.dialect.name
