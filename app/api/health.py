"""/healthz (liveness and database reachability) and the API docs page's static files; both public."""
from flask import Blueprint, jsonify, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from app.services.health import database_status

blp = Blueprint("health", __name__)


@blp.get("/api/v1/docs-assets/<path:name>")
def docs_assets(name: str):
    """Swagger UI's own files (swagger-ui-bundle), so the API docs page needs no CDN."""
    return send_from_directory(swagger_ui_path, name)


@blp.get("/healthz")
def healthz():
    """200 ``{"status": "ok", "database": "postgresql"}`` when the database answers, 503 otherwise."""
    ok, dialect = database_status()
    return (jsonify({"status": "ok", "database": dialect}), 200) if ok else (jsonify({"status": "unavailable"}), 503)
