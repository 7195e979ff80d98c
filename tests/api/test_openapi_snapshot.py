"""The browser's typed client is generated from a committed OpenAPI snapshot; it must not drift."""
from pathlib import Path

from app.cli import openapi_text

SNAPSHOT = Path(__file__).resolve().parents[2] / "web" / "src" / "api" / "openapi.json"


def test_the_committed_openapi_snapshot_matches_the_api(app):
    with app.app_context():
        current = openapi_text()
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing"
    assert SNAPSHOT.read_text(encoding="utf-8") == current, (
        "web/src/api/openapi.json differs from the API's OpenAPI document. Regenerate it: "
        "`FLASK_APP=app:create_app .venv/bin/flask openapi dump web/src/api/openapi.json && "
        "cd web && npm run gen:api`, then commit both files.")
