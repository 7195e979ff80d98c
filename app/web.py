"""Serves the built browser UI (web/dist) at / when present, else a short landing page."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory

DIST = Path(__file__).resolve().parent.parent / "web" / "dist"

blp = Blueprint("web", __name__)

_LANDING = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>人事业绩填报与审核平台</title>
<body style="font-family:sans-serif;max-width:720px;margin:40px auto">
<h1>人事业绩填报与审核平台</h1>
<p>REST API：<a href="/api/v1/docs">/api/v1/docs</a>（OpenAPI：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>）</p>
<p>登录：<code>POST /api/v1/auth/login {"account": "01090023", "password": "demo-password"}</code></p>
</body></html>"""


@blp.get("/")
def index():
    """The SPA's index.html, or the landing page when the UI has not been built."""
    if (DIST / "index.html").exists():
        return send_from_directory(DIST, "index.html")
    return _LANDING


@blp.get("/assets/<path:name>")
def assets(name: str):
    if not (DIST / "assets").is_dir():
        abort(404)
    return send_from_directory(DIST / "assets", name)


def register_web(app: Flask) -> None:
    app.register_blueprint(blp)
