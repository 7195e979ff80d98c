"""统一身份认证 (issue 12): CAS 2.0/3.0 through python-cas against a CAS server on 127.0.0.1 that speaks the
protocol; the CAS user maps to the account by 工号; the password login stays."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from limits import parse_many
from sqlalchemy import select

from cas_server import FakeCasServer
from flows import browser_login

TEACHER = "01090023"            # 赵志睿
SERVICE = "http://localhost/api/v1/auth/cas/callback"


@pytest.fixture
def cas_server(app, monkeypatch):
    with FakeCasServer() as server:
        monkeypatch.setitem(app.config, "CAS_SERVER_URL", server.url)
        monkeypatch.setitem(app.config, "CAS_SERVICE_URL", SERVICE)
        monkeypatch.setitem(app.config, "CAS_VERSION", 3)
        yield server


def _round_trip(client, next_path: str = "/types/T01"):
    """Browser steps: our /cas/login → the CAS server's /login → back to our callback with the ticket.

    Returns the callback's response and the ticket."""
    start = client.get("/api/v1/auth/cas/login", query_string={"next": next_path})
    assert start.status_code == 302
    at_cas = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    assert at_cas.status_code == 302
    back = urlparse(at_cas.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == SERVICE
    ticket = parse_qs(back.query)["ticket"][0]
    return client.get(f"{back.path}?{back.query}"), ticket


def _sso_error(response) -> str | None:
    assert response.status_code == 302
    location = urlparse(response.headers["Location"])
    return parse_qs(location.query).get("sso_error", [None])[0] if location.path == "/login" else None


@pytest.mark.parametrize("version, path", [(3, "/cas/p3/serviceValidate"), (2, "/cas/serviceValidate")])
def test_the_cas_round_trip_logs_in_the_account_of_the_cas_user(app, db_session, cas_server, monkeypatch, version, path):
    monkeypatch.setitem(app.config, "CAS_VERSION", version)
    client = app.test_client()
    assert client.get("/api/v1/auth/me").status_code == 401
    start = client.get("/api/v1/auth/cas/login", query_string={"next": "/types/T01"})
    assert start.headers["Location"].startswith(cas_server.url + "login?service=")
    assert parse_qs(urlparse(start.headers["Location"]).query)["service"] == [SERVICE]
    back, _ticket = _round_trip(client)
    assert back.headers["Location"] == "/types/T01"
    assert cas_server.validations == [path]
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.get_json()["account"] == TEACHER
    assert client.get("/api/v1/records", query_string={"record_type": "T04"}).status_code == 200


def test_a_cas_attribute_can_carry_the_account_number(app, db_session, cas_server, monkeypatch):
    monkeypatch.setitem(app.config, "CAS_USER_ATTRIBUTE", "employeeNumber")
    cas_server.user, cas_server.attributes = "zhao.zhirui", {"employeeNumber": TEACHER}
    client = app.test_client()
    _round_trip(client)
    assert client.get("/api/v1/auth/me").get_json()["account"] == TEACHER


def test_an_unknown_cas_user_is_refused_and_gets_no_account(app, db_session, cas_server):
    from app.extensions import db
    from app.models import User
    cas_server.user = "20999999"
    client = app.test_client()
    back, _ticket = _round_trip(client)
    assert _sso_error(back) == "unknown_account"
    assert client.get("/api/v1/auth/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(User).where(User.account == "20999999")) is None
    info = client.get("/api/v1/auth/sso").get_json()
    assert info["reasons"]["unknown_account"] == "统一身份认证账号未在本平台开通，请联系人力资源部或系统管理员"


def test_a_deactivated_account_is_refused(app, db_session, cas_server, login_as):
    login_as("sysadmin").ok("POST", f"/api/v1/accounts/{TEACHER}/deactivate")
    client = app.test_client()
    back, _ticket = _round_trip(client)
    assert _sso_error(back) == "inactive"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_ticket_works_once(app, db_session, cas_server):
    first = app.test_client()
    back, ticket = _round_trip(first)
    assert _sso_error(back) is None
    replay = app.test_client()
    again = replay.get("/api/v1/auth/cas/callback", query_string={"ticket": ticket})
    assert _sso_error(again) == "invalid_ticket"
    assert replay.get("/api/v1/auth/me").status_code == 401
    assert _sso_error(replay.get("/api/v1/auth/cas/callback")) == "invalid_ticket"


def test_next_stays_on_this_site(app, db_session, cas_server):
    client = app.test_client()
    back, _ticket = _round_trip(client, next_path="https://evil.example/steal")
    assert back.headers["Location"] == "/"


def test_an_unreachable_cas_server_is_a_clear_refusal(app, db_session, cas_server, monkeypatch):
    client = app.test_client()
    start = client.get("/api/v1/auth/cas/login")
    at_cas = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    back = urlparse(at_cas.headers["Location"])
    monkeypatch.setitem(app.config, "CAS_SERVER_URL", "http://127.0.0.1:9/cas/")      # discard port: nothing listens
    assert _sso_error(client.get(f"{back.path}?{back.query}")) == "unavailable"


def test_single_sign_on_is_off_by_default_and_the_password_login_stays(app, db_session):
    client = app.test_client()
    assert client.get("/api/v1/auth/sso").get_json()["cas_enabled"] is False
    assert _sso_error(client.get("/api/v1/auth/cas/login")) == "disabled"
    assert _sso_error(client.get("/api/v1/auth/cas/callback", query_string={"ticket": "ST-1"})) == "disabled"
    assert browser_login(client, TEACHER, "demo-password").status_code == 200
    assert client.get("/api/v1/auth/me").get_json()["account"] == TEACHER


def test_the_login_page_learns_that_cas_is_on(app, db_session, cas_server):
    info = app.test_client().get("/api/v1/auth/sso").get_json()
    assert info == {**info, "cas_enabled": True, "login_url": "/api/v1/auth/cas/login", "label": "统一身份认证登录"}


def test_failed_cas_logins_from_an_address_are_throttled(app, db_session, cas_server, monkeypatch):
    monkeypatch.setattr(app.extensions["login_throttle"], "per_account",
                        parse_many("3/15 minutes"))
    client = app.test_client()
    for _ in range(3):
        assert _sso_error(client.get("/api/v1/auth/cas/callback", query_string={"ticket": "ST-forged"})) == "invalid_ticket"
    back, _ticket = _round_trip(client)
    assert _sso_error(back) == "throttled"
    assert client.get("/api/v1/auth/me").status_code == 401
