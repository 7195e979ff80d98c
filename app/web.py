"""Serves the built browser app (``web/dist``) at ``/``.

- ``/assets/<file>``: Vite's content-hashed bundles, cached for a year (``immutable``); a missing
  asset is a 404, never ``index.html`` (a browser would try to run HTML as JavaScript).
- Any other file of ``web/dist`` (``favicon.svg`` …) is served as is, revalidated on each use.
- Every other path that is not under ``/api`` is a client route (``/records/12``, ``/inbox/T04``):
  it gets ``index.html`` (``no-cache``) and the app's router takes over.
- ``/sign/<token>`` (扫码签名, the phone's page) is served only to clients in the campus allowlist
  (``SIGNING_ALLOWED_NETWORKS``); others get a short 403 page.
- Paths under ``/api`` never reach this blueprint (``NotApiPathConverter``), so an unknown API path
  stays the JSON 404 envelope of ``app/api/errors.py``.

When the app has not been built, ``/`` and client routes answer a short landing page that points
to the API docs.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, request, send_from_directory
from werkzeug.routing import PathConverter

from app import messages
from app.services.signatures import qr

DIST = Path(__file__).resolve().parent.parent / "web" / "dist"      # default of config.WEB_DIST
ASSET_MAX_AGE = 365 * 24 * 3600

blp = Blueprint("web", __name__)

_LANDING = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>人事业绩填报与审核平台</title>
<body style="font-family:sans-serif;max-width:720px;margin:40px auto">
<h1>人事业绩填报与审核平台</h1>
<p>前端尚未构建：运行 <code>make run</code> 会自动构建。</p>
<p>REST API：<a href="/api/v1/docs">/api/v1/docs</a>（OpenAPI：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>）</p>
</body></html>"""


_OUTSIDE = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>扫码签名</title>
<body style="font-family:sans-serif;max-width:480px;margin:40px auto;padding:0 16px">
<h2>扫码签名</h2><p>{messages.SIGNING_OUTSIDE_NETWORK}</p></body></html>"""


class NotApiPathConverter(PathConverter):
    """A ``path`` that does not start with ``api`` (so ``/api/…`` keeps the API's own 404)."""

    regex = r"(?!api(?:/|$))[^/].*?"


def _dist() -> Path:
    return Path(current_app.config.get("WEB_DIST") or DIST)


@blp.get("/", defaults={"path": ""})
@blp.get("/<not_api:path>")
def index(path: str):
    """A file of ``web/dist`` when ``path`` names one, else ``index.html`` (client route).

    Returns the landing page (200, HTML) when the app has not been built.
    """
    if path.startswith(qr.SIGN_PATH.strip("/") + "/") and not qr.address_allowed(request.remote_addr):
        return _OUTSIDE, 403        # 扫码签名: the phone's page only inside the campus allowlist
    dist = _dist()
    if path and (dist / path).is_file() and _inside(dist, dist / path):
        response = send_from_directory(dist, path, max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response
    if not (dist / "index.html").is_file():
        return _LANDING
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.get("/assets/<path:name>")
def assets(name: str):
    """A hashed bundle from ``web/dist/assets``, cached for a year; 404 when missing."""
    folder = _dist() / "assets"
    if not folder.is_dir():
        abort(404)
    response = send_from_directory(folder, name, max_age=ASSET_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response


def _inside(root: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def register_web(app: Flask) -> None:
    """Register the ``not_api`` converter and the web blueprint (after the API's blueprints)."""
    app.url_map.converters["not_api"] = NotApiPathConverter
    app.register_blueprint(blp)
