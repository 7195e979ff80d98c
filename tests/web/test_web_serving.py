"""Serving the built browser app (app/web.py): index, client-route fallback, hashed assets, API 404s."""
import pytest

INDEX = "<!doctype html><html><body><div id=root></div><script src=/assets/index-abc123.js></script></body></html>"


@pytest.fixture
def dist(app, tmp_path, monkeypatch):
    """A fake ``web/dist``: index.html, one hashed bundle and a favicon."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_text("console.log('app')", encoding="utf-8")
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    monkeypatch.setitem(app.config, "WEB_DIST", root)
    return root


def test_root_serves_index_html_without_caching(anonymous, dist):
    response = anonymous.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b'<div id=root>' in response.data
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/login", "/records/12", "/inbox/T04?tab=pending", "/my/teaching/T04/new",
                                  "/apis", "/apidocs/x"])
def test_client_routes_fall_back_to_index_html(anonymous, dist, path):
    response = anonymous.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    assert b'<div id=root>' in response.data


def test_hashed_assets_are_cached_for_a_year(anonymous, dist):
    response = anonymous.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.data == b"console.log('app')"
    assert "javascript" in response.mimetype
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_missing_asset_is_404_not_index_html(anonymous, dist):
    response = anonymous.get("/assets/index-gone.js")
    assert response.status_code == 404
    assert b'<div id=root>' not in response.data


def test_other_dist_files_are_served_and_revalidated(anonymous, dist):
    response = anonymous.get("/favicon.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-cache"


def test_files_outside_dist_are_never_served(anonymous, dist):
    (dist.parent / "secret.txt").write_text("secret", encoding="utf-8")
    response = anonymous.get("/../secret.txt")
    assert b"secret" not in response.data
    response = anonymous.get("/assets/../../secret.txt")
    assert b"secret" not in response.data


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/nope"), ("GET", "/api"), ("GET", "/api/"),
                                         ("POST", "/api/v1/nope"), ("GET", "/api/v2/records")])
def test_unknown_api_paths_stay_json_404_envelopes(anonymous, dist, method, path):
    response = anonymous.request(method, path)
    assert response.status_code == 404, (method, path)
    body = response.get_json()
    assert body["code"] == "not_found" and body["status"] == 404
    assert body["message"] == "请求的资源不存在"


def test_api_and_health_routes_are_not_shadowed(anonymous, dist):
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/api/v1/openapi.json").get_json()["info"]["title"] == "人事业绩填报与审核平台 API"
    assert anonymous.get("/api/v1/records").status_code == 401


def test_landing_page_when_the_app_is_not_built(app, anonymous, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "WEB_DIST", tmp_path / "no-dist")
    for path in ("/", "/records/1"):
        response = anonymous.get(path)
        assert response.status_code == 200
        assert "人事业绩填报与审核平台".encode() in response.data
        assert b"/api/v1/docs" in response.data
