"""扫码签名 (catalog §5.2): a QR code holds a single-use, 5-minute URL bound to the reviewer; the phone's
page and API answer only the campus allowlist; the PC learns of completion; the PNG is a new version."""
import base64
from datetime import timedelta

from sqlalchemy import select, update

from conftest import _Config, signature_png
from flows import UNIT_ADMIN_JSGZB

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}        # TEST-NET-3, not a campus address
CAMPUS = {"REMOTE_ADDR": "10.20.30.40"}


def _png() -> str:
    return "data:image/png;base64," + base64.b64encode(signature_png(320, 100)).decode()


def _qr(unit) -> tuple[dict, str]:
    started = unit.ok("POST", "/api/v1/me/signature/qr", 201)
    assert started["qr_svg"].startswith("data:image/svg+xml")
    token = started["url"].rsplit("/sign/", 1)[1]
    return started, token


def test_a_good_token_stores_a_new_version_and_the_pc_learns_of_it(login_as, anonymous):
    unit = login_as(UNIT_ADMIN_JSGZB)
    before = unit.ok("GET", "/api/v1/me/signature")["version"]
    started, token = _qr(unit)
    assert started["url"].startswith("http://localhost/sign/")
    assert unit.ok("GET", f"/api/v1/me/signature/qr/{started['id']}")["status"] == "pending"

    page = anonymous.ok("GET", f"/api/v1/signing/{token}", environ_base=CAMPUS)
    assert page["name"] == "曹阳"
    done = anonymous.ok("POST", f"/api/v1/signing/{token}", 201, json={"image": _png()}, environ_base=CAMPUS)
    assert done["version"] == before + 1

    status = unit.ok("GET", f"/api/v1/me/signature/qr/{started['id']}")
    assert (status["status"], status["version"]) == ("signed", before + 1)
    current = unit.ok("GET", "/api/v1/me/signature")
    assert current["version"] == before + 1
    assert unit.get(current["image_url"]).status_code == 200
    # another reviewer cannot poll it
    assert login_as("03019001").get(f"/api/v1/me/signature/qr/{started['id']}").status_code == 404


def test_a_reused_token_is_refused(login_as, anonymous):
    unit = login_as(UNIT_ADMIN_JSGZB)
    _, token = _qr(unit)
    anonymous.ok("POST", f"/api/v1/signing/{token}", 201, json={"image": _png()}, environ_base=CAMPUS)
    version = unit.ok("GET", "/api/v1/me/signature")["version"]
    again = anonymous.post(f"/api/v1/signing/{token}", json={"image": _png()}, environ_base=CAMPUS)
    assert again.status_code == 409 and again.get_json()["message"] == "二维码已使用过，请在电脑上重新生成"
    assert anonymous.get(f"/api/v1/signing/{token}", environ_base=CAMPUS).status_code == 409
    assert unit.ok("GET", "/api/v1/me/signature")["version"] == version        # nothing stored twice


def test_an_expired_token_is_refused(app, login_as, anonymous):
    from app.extensions import db
    from app.models import SigningToken, utcnow
    unit = login_as(UNIT_ADMIN_JSGZB)
    started, token = _qr(unit)
    with app.app_context():
        db.session.execute(update(SigningToken).where(SigningToken.id == started["id"])
                           .values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    version = unit.ok("GET", "/api/v1/me/signature")["version"]
    late = anonymous.post(f"/api/v1/signing/{token}", json={"image": _png()}, environ_base=CAMPUS)
    assert late.status_code == 409 and late.get_json()["message"] == "二维码已过期（有效期 5 分钟），请在电脑上重新生成"
    assert unit.ok("GET", f"/api/v1/me/signature/qr/{started['id']}")["status"] == "expired"
    assert unit.ok("GET", "/api/v1/me/signature")["version"] == version
    unknown = anonymous.get("/api/v1/signing/" + "x" * 43, environ_base=CAMPUS)
    assert unknown.status_code == 404


def test_a_request_from_outside_the_allowlist_is_refused(app, login_as, anonymous):
    from app.extensions import db
    from app.models import SigningToken
    unit = login_as(UNIT_ADMIN_JSGZB)
    started, token = _qr(unit)
    for response in (anonymous.get(f"/api/v1/signing/{token}", environ_base=OUTSIDE),
                     anonymous.post(f"/api/v1/signing/{token}", json={"image": _png()}, environ_base=OUTSIDE)):
        assert response.status_code == 403
        assert response.get_json()["message"] == "扫码签名仅限校园网内使用，请连接校园网后重试"
    page = anonymous.get(f"/sign/{token}", environ_base=OUTSIDE)          # the phone's page itself
    assert page.status_code == 403 and "仅限校园网内使用" in page.get_data(as_text=True)
    assert anonymous.get(f"/sign/{token}", environ_base=CAMPUS).status_code == 200
    with app.app_context():
        row = db.session.scalar(select(SigningToken).where(SigningToken.id == started["id"]))
        assert row.used_at is None                                     # the token is still unspent
        db.session.close()
    app.config["SIGNING_ALLOWED_NETWORKS"], saved = ("203.0.113.0/24",), app.config["SIGNING_ALLOWED_NETWORKS"]
    try:                                                               # the allowlist is configuration
        assert anonymous.get(f"/api/v1/signing/{token}", environ_base=OUTSIDE).status_code == 200
        assert anonymous.get(f"/api/v1/signing/{token}", environ_base=CAMPUS).status_code == 403
    finally:
        app.config["SIGNING_ALLOWED_NETWORKS"] = saved


def test_the_allowlist_matches_cidrs():
    from app.services.signatures.qr import address_allowed
    nets = ("127.0.0.0/8", "10.0.0.0/8", "fc00::/7")
    assert address_allowed("10.1.2.3", nets) and address_allowed("127.0.0.1", nets) and address_allowed("fd00::1", nets)
    assert not address_allowed("8.8.8.8", nets) and not address_allowed("", nets) and not address_allowed(None, nets)
    assert not address_allowed("not-an-ip", nets)


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_checked():
    """``TRUSTED_PROXIES=1`` (nginx in front): the proxy's loopback address does not open the allowlist."""
    from app import create_app

    class Proxied(_Config):
        TRUSTED_PROXIES = 1

    client = create_app(Proxied).test_client()
    outside = client.get("/api/v1/signing/" + "x" * 43, environ_base={"REMOTE_ADDR": "127.0.0.1"},
                         headers={"X-Forwarded-For": "203.0.113.9"})
    assert outside.status_code == 403
    inside = client.get("/api/v1/signing/" + "x" * 43, environ_base={"REMOTE_ADDR": "127.0.0.1"},
                        headers={"X-Forwarded-For": "10.1.2.3"})
    assert inside.status_code == 404                                  # allowed through, unknown token
