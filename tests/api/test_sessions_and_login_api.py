"""Sessions, secrets and login abuse (issue 8, findings 1 and 2)."""
import statistics
import threading
import time
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface

from conftest import DEMO_PASSWORD, _Config
from flows import browser_login, csrf_header
from datetime import UTC

TEACHER, OTHER_TEACHER = "01090023", "02010001"


# --------------------------------------------------------------------------- 1. secrets


def test_the_app_refuses_to_start_without_a_configured_key(tmp_path):
    from app import create_app
    from app.secret_key import SecretKeyMissing

    class Production(_Config):
        TESTING = False
        SECRET_KEY = None
        EMBEDDED = False
        SECRET_KEY_FILE = tmp_path / "secret_key"

    with pytest.raises(SecretKeyMissing, match="SECRET_KEY is not configured"):
        create_app(Production)
    assert not (tmp_path / "secret_key").exists()


def test_embedded_mode_generates_one_private_key_and_reuses_it(tmp_path):
    from app.secret_key import resolve_secret_key
    key_file = tmp_path / "instance" / "secret_key"
    first = resolve_secret_key(None, embedded=True, key_file=key_file)
    assert len(first) >= 64 and key_file.stat().st_mode & 0o777 == 0o600
    assert resolve_secret_key(None, embedded=True, key_file=key_file) == first
    assert resolve_secret_key("configured", embedded=True, key_file=key_file) == "configured"


def test_no_fixed_key_is_left_in_the_code():
    root = Path(__file__).resolve().parents[2]
    assert "dev-only-change-me" not in (root / "config.py").read_text()
    assert 'SECRET_KEY = "' not in (root / "config.py").read_text()


@pytest.mark.parametrize("key", ["dev-only-change-me", "test-secret", "secret", "changeme"])
def test_a_cookie_forged_with_a_fixed_key_is_refused(app, db_session, key):
    """The session an attacker signs for the HR reviewer with a guessable key opens nothing."""
    class _Forger:
        secret_key, config = key, app.config
    serializer = SecureCookieSessionInterface().get_signing_serializer(_Forger())
    forged = serializer.dumps({"_user_id": "1", "_fresh": True, "_sv": 0, "csrf_token": "x"})
    client = app.test_client()
    client.set_cookie("session", forged)
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/tasks").status_code == 401


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(app, db_session):
    client = app.test_client()
    plain = browser_login(client, TEACHER, DEMO_PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure_client = app.test_client()
    csrf = secure_client.get("/api/v1/auth/csrf", base_url="https://localhost").get_json()["csrf_token"]
    https = secure_client.post("/api/v1/auth/login", base_url="https://localhost",
                               json={"account": TEACHER, "password": DEMO_PASSWORD},
                               headers={"X-CSRFToken": csrf, "Referer": "https://localhost/"})
    assert https.status_code == 200 and "Secure" in https.headers["Set-Cookie"]


def test_secure_cookies_can_be_forced_by_configuration(app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert "Secure" in browser_login(app.test_client(), TEACHER, DEMO_PASSWORD).headers["Set-Cookie"]


# --------------------------------------------------------------------------- 2. sessions and tokens


def test_the_login_form_needs_its_csrf_token(app, db_session):
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"account": TEACHER, "password": DEMO_PASSWORD})
    assert response.status_code == 400 and response.get_json()["code"] == "csrf_failed"
    assert browser_login(client, TEACHER, DEMO_PASSWORD).status_code == 200


def test_a_logged_out_session_cookie_stops_working_at_once(app, db_session):
    client = app.test_client()
    token = browser_login(client, TEACHER, DEMO_PASSWORD).get_json()["csrf_token"]
    stolen = client.get_cookie("session").value               # a copy of the cookie taken before logout
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token}).status_code == 204
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_revoked_token_stops_working_at_once_and_tokens_are_listed(app, db_session):
    client = app.test_client()
    issued = client.post("/api/v1/auth/tokens", json={"account": TEACHER, "password": DEMO_PASSWORD}).get_json()
    bearer = {"Authorization": f"Bearer {issued['token']}"}
    listed = client.get("/api/v1/auth/tokens", headers=bearer).get_json()["items"]
    mine = listed[0]
    assert mine["revoked_at"] is None and "token" not in mine
    assert client.delete(f"/api/v1/auth/tokens/{mine['id']}", headers=bearer).status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_a_script_logging_out_revokes_the_token_it_presented(app, db_session):
    client = app.test_client()
    bearer = {"Authorization": "Bearer " + client.post("/api/v1/auth/tokens", json={
        "account": TEACHER, "password": DEMO_PASSWORD}).get_json()["token"]}
    assert client.post("/api/v1/auth/logout", headers=bearer).status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_only_the_owner_or_a_sysadmin_revokes_a_token_and_the_admin_is_audited(app, login_as):
    client = app.test_client()
    issued = client.post("/api/v1/auth/tokens", json={"account": TEACHER, "password": DEMO_PASSWORD}).get_json()
    bearer = {"Authorization": f"Bearer {issued['token']}"}
    token_id = client.get("/api/v1/auth/tokens", headers=bearer).get_json()["items"][0]["id"]
    other = login_as(OTHER_TEACHER)
    assert other.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert other.get("/api/v1/auth/tokens", query_string={"account": TEACHER}).status_code == 404
    admin = login_as("sysadmin")
    assert token_id in [t["id"] for t in admin.ok("GET", "/api/v1/auth/tokens", query_string={"account": TEACHER})["items"]]
    admin.ok("DELETE", f"/api/v1/auth/tokens/{token_id}")
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401
    with app.app_context():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import AuditEvent
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.detail) == ("token_revoke", {"token_id": token_id})


def test_a_password_change_ends_every_other_session_and_token(app, db_session):
    cookie_client, other_browser, script = app.test_client(), app.test_client(), app.test_client()
    csrf = browser_login(cookie_client, TEACHER, DEMO_PASSWORD).get_json()["csrf_token"]
    browser_login(other_browser, TEACHER, DEMO_PASSWORD)
    token = script.post("/api/v1/auth/tokens", json={"account": TEACHER, "password": DEMO_PASSWORD}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    weak = script.post("/api/v1/auth/password", headers=bearer, json={"current_password": DEMO_PASSWORD, "new_password": "short"})
    assert weak.status_code == 422 and weak.get_json()["errors"][0] == {"field": "new_password", "message": "新密码至少需要 10 个字符"}  # noqa: E501 (the expected text, verbatim)
    wrong = script.post("/api/v1/auth/password", headers=bearer, json={"current_password": "nope", "new_password": "a-long-new-password"})  # noqa: E501 (the expected text, verbatim)
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "current_password"
    changed = cookie_client.post("/api/v1/auth/password", headers={"X-CSRFToken": csrf},
                                 json={"current_password": DEMO_PASSWORD, "new_password": "a-long-new-password"})
    assert changed.status_code == 204
    assert cookie_client.get("/api/v1/auth/me").status_code == 200        # the session that changed it goes on
    assert other_browser.get("/api/v1/auth/me").status_code == 401
    assert script.get("/api/v1/auth/me", headers=bearer).status_code == 401
    assert browser_login(app.test_client(), TEACHER, "a-long-new-password").status_code == 200


def test_deactivation_by_the_sysadmin_ends_every_session_and_token(app, login_as):
    cookie_client = app.test_client()
    browser_login(cookie_client, TEACHER, DEMO_PASSWORD)
    teacher = login_as(TEACHER)
    assert login_as(OTHER_TEACHER).post(f"/api/v1/accounts/{TEACHER}/deactivate").status_code == 403
    assert login_as("sysadmin").ok("POST", f"/api/v1/accounts/{TEACHER}/deactivate")["is_active"] is False
    assert cookie_client.get("/api/v1/auth/me").status_code == 401
    assert teacher.get("/api/v1/auth/me").status_code == 401
    assert browser_login(app.test_client(), TEACHER, DEMO_PASSWORD).status_code == 401


def test_token_lifetime_is_configurable(app, db_session, monkeypatch):
    from datetime import datetime, timedelta
    monkeypatch.setitem(app.config, "API_TOKEN_TTL_HOURS", 2)
    issued = app.test_client().post("/api/v1/auth/tokens", json={"account": TEACHER, "password": DEMO_PASSWORD}).get_json()
    left = datetime.fromisoformat(issued["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2)


# --------------------------------------------------------------------------- 2. login abuse


def test_eleven_wrong_passwords_throttle_that_account_and_not_others(app, db_session):
    client = app.test_client()
    answers = [browser_login(client, TEACHER, f"wrong-{i}") for i in range(11)]
    assert [r.status_code for r in answers] == [401] * 10 + [429]
    assert answers[-1].get_json()["message"] == "登录失败次数过多，请 15 分钟后再试"
    assert browser_login(client, TEACHER, DEMO_PASSWORD).status_code == 429          # even the right password
    assert client.post("/api/v1/auth/tokens", json={"account": TEACHER, "password": DEMO_PASSWORD}).status_code == 429
    assert browser_login(app.test_client(), OTHER_TEACHER, DEMO_PASSWORD).status_code == 200


def test_unknown_accounts_are_throttled_alike(app, db_session):
    client = app.test_client()
    answers = [browser_login(client, "nobody-here", "wrong").status_code for _ in range(11)]
    assert answers == [401] * 10 + [429]


def test_the_address_is_throttled_across_accounts(app, db_session, monkeypatch):
    monkeypatch.setitem(app.extensions, "login_throttle", _throttle("100/hour", "5/15 minutes"))
    client = app.test_client()
    answers = [browser_login(client, f"acct{i}", "wrong").status_code for i in range(6)]
    assert answers == [401] * 5 + [429]
    other_address = app.test_client()
    csrf = csrf_header(other_address)
    assert other_address.post("/api/v1/auth/login", json={"account": "acct9", "password": "wrong"}, headers=csrf,
                              environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 401


def test_back_off_the_longer_tier_gives_the_longer_wait(app, db_session, monkeypatch):
    monkeypatch.setitem(app.extensions, "login_throttle", _throttle("2/minute;3/hour", "100/hour"))
    throttle = app.extensions["login_throttle"]
    for _ in range(3):
        throttle.failed(TEACHER, "127.0.0.1")
    assert throttle.wait_minutes(TEACHER, "127.0.0.1") == 60


def _throttle(per_account: str, per_address: str):
    from app.auth.throttle import LoginThrottle
    return LoginThrottle(None, per_account, per_address)


@pytest.fixture
def real_hashing(app):
    """The production argon2 profile (64 MiB per hash) for one test."""
    from app.auth import passwords
    passwords.configure("default", concurrency=app.config["PASSWORD_HASH_CONCURRENCY"])
    yield passwords
    passwords.configure(app.config["PASSWORD_HASH_PROFILE"], concurrency=app.config["PASSWORD_HASH_CONCURRENCY"])


def test_unknown_and_known_accounts_take_the_same_time(app, ctx, real_hashing):
    """20 wrong-password logins for a real account vs 20 for unknown ones: within 20 % (median per try;
    before the dummy hash an unknown account answered in about 1/30 of the time)."""
    from sqlalchemy import update

    from app.errors import Unauthenticated
    from app.extensions import db
    from app.models import User
    from app.services.identity import auth
    db.session.execute(update(User).where(User.account == TEACHER)
                       .values(password_hash=real_hashing.hash_password(DEMO_PASSWORD)))

    def attempt(account: str) -> float:
        start = time.perf_counter()
        with pytest.raises(Unauthenticated):
            auth.authenticate(account, "wrong password")
        return time.perf_counter() - start

    with pytest.raises(Unauthenticated):
        auth.authenticate("nobody-warm-up", "x")            # the dummy hash is made once, outside the timing
    known_times, unknown_times = [], []
    for _ in range(20):                 # interleaved, so a busy machine slows both alike
        known_times.append(attempt(TEACHER))
        unknown_times.append(attempt("nobody-at-all"))
    known, unknown = statistics.median(known_times), statistics.median(unknown_times)   # robust to a stray spike
    print(f"timing: median known {known * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms over 20 tries each")
    assert abs(known - unknown) / max(known, unknown) < 0.2, (known_times, unknown_times)


@pytest.mark.committed
def test_sixteen_concurrent_bad_logins_stay_under_the_hashing_bound(app, db_session, real_hashing):
    """16 anonymous logins at once: never more than PASSWORD_HASH_CONCURRENCY (4) hashes in memory,
    and the process grows by less than 4 × 64 MiB plus 64 MiB of slack (README: memory bound)."""
    slots, kib = real_hashing.hashing_bound()
    assert (slots, kib) == (4, 65536)
    real_hashing.verify_dummy("warm-up")
    baseline = _reset_peak_rss()
    real_hashing.reset_peak()
    results = []

    def attempt(i: int) -> None:
        client = app.test_client()
        results.append(browser_login(client, f"nobody-{i}", "wrong").status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [401] * 16
    assert real_hashing.peak_active == slots                 # hashing really ran concurrently, and was bounded
    if baseline is not None:
        grown_mib = (_peak_rss_kib() - baseline) / 1024
        print(f"memory: peak RSS grew {grown_mib:.0f} MiB with {real_hashing.peak_active} concurrent hashes")
        assert grown_mib < slots * kib / 1024 + 64, grown_mib


def _reset_peak_rss() -> int | None:
    """Reset the kernel's peak-RSS mark of this process (Linux ``clear_refs`` 5); the current RSS in KiB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    return _peak_rss_kib()


def _peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")
