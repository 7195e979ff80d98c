"""Test setup: database choice, schema via Alembic, deployed definitions, per-test isolation.

Three set-ups:

- default: PostgreSQL (``TEST_DATABASE_URL``, default the local server) and Redis when they answer
  within a second, SQLite and in-process Celery otherwise;
- ``CI=true``: PostgreSQL and Redis must answer; an unreachable one is a usage error, never a fallback;
- ``TEST_EMBEDDED=1``: the embedded default on purpose (SQLite, no Redis), whatever is reachable and
  whatever ``CI`` says; PostgreSQL-only and Redis tests skip and say why. ``.ci/run`` runs this second.

Each test runs inside an outer transaction (service commits become savepoints); tests marked
``committed`` run without it, on PostgreSQL only, and clean up after themselves. Everything the run
writes outside pytest's ``tmp_path`` (the SQLite file, attachments) lives in one ``hrperf-test-*``
folder that is removed when the run ends (and by the next run, when a killed run could not). Each run
sends Celery tasks to its own queue, so concurrent runs on one Redis never take each other's messages.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from config import TestConfig, celery_settings, normalise_database_url
import contextlib

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"
EMBEDDED = os.environ.get("TEST_EMBEDDED", "").lower() in ("1", "true", "yes")
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
DEMO_PASSWORD = "demo-password"
EMBEDDED_STATUS = "embedded run, TEST_EMBEDDED=1"


def _postgres_url() -> tuple[str | None, str]:
    url = normalise_database_url(os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT)
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 1})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return url, "reachable"
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _redis_url() -> tuple[str | None, str]:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url, "reachable"
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {exc}"


if EMBEDDED:
    (PG_URL, PG_STATUS), (REDIS_URL, REDIS_STATUS) = (None, EMBEDDED_STATUS), (None, EMBEDDED_STATUS)
else:
    PG_URL, PG_STATUS = _postgres_url()
    REDIS_URL, REDIS_STATUS = _redis_url()
    if IN_CI and PG_URL is None:
        raise pytest.UsageError(f"CI=true but PostgreSQL is unreachable ({PG_STATUS}); refusing to fall back to "
                                "SQLite (TEST_EMBEDDED=1 runs the embedded set-up on purpose)")
    if IN_CI and REDIS_URL is None:
        raise pytest.UsageError(f"CI=true but Redis is unreachable ({REDIS_STATUS}); TEST_EMBEDDED=1 runs without it")


def _drop_abandoned_run_dirs() -> None:
    """Remove the run folders of earlier runs on this machine whose process is gone (killed runs never
    reach ``pytest_unconfigure``)."""
    for path in Path(tempfile.gettempdir()).glob("hrperf-test-*-*"):
        pid = path.name.split("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_drop_abandoned_run_dirs()
RUN_DIR = Path(tempfile.mkdtemp(prefix=f"hrperf-test-{os.getpid()}-"))     # removed in pytest_unconfigure
_SQLITE_FILE = RUN_DIR / "test.db"
# each run gets its own PostgreSQL schema and Celery queue, so concurrent runs on one server never clobber
# each other (a worker started by one run must not consume another run's tasks)
PG_SCHEMA = f"test_run_{os.getpid()}"
CELERY_QUEUE = f"hrperf-test-{os.uname().nodename}-{os.getpid()}"
DATABASE_URL = (f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{PG_SCHEMA}" if PG_URL
                else f"sqlite:///{_SQLITE_FILE}")
IS_POSTGRES = PG_URL is not None

requires_postgres = pytest.mark.skipif(not IS_POSTGRES, reason=f"needs PostgreSQL ({PG_STATUS})")
requires_redis = pytest.mark.skipif(REDIS_URL is None, reason=f"needs Redis ({REDIS_STATUS})")


def pytest_report_header(config):
    db = (f"PostgreSQL {PG_URL.split('@')[-1]} (schema {PG_SCHEMA})" if IS_POSTGRES
          else f"SQLite {_SQLITE_FILE} (PostgreSQL: {PG_STATUS})")
    redis_line = (f"Redis {REDIS_URL} (queue {CELERY_QUEUE})" if REDIS_URL
                  else f"Redis unavailable ({REDIS_STATUS}): Redis tests skip")
    return [f"database under test: {db}", f"queue under test: {redis_line}"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The same two lines at the end, where ``pytest -q`` (make test) shows them too."""
    for line in pytest_report_header(config):
        terminalreporter.write_line(line)


def pytest_configure(config):
    config.addinivalue_line("markers", "committed: runs without the rollback wrapper (PostgreSQL only)")


def pytest_unconfigure(config):
    """The run's folder (SQLite file, attachments) and its Redis queue go with the run."""
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    if REDIS_URL:
        import redis
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).delete(
                CELERY_QUEUE, f"_kombu.binding.{CELERY_QUEUE}")


def redis_celery_settings() -> dict:
    """Celery settings for a worker on the real Redis, on this run's own queue and without beat."""
    return {**celery_settings(REDIS_URL, queue=CELERY_QUEUE), "beat_schedule": {}}


class _Config(TestConfig):
    SQLALCHEMY_ENGINES = {"default": DATABASE_URL}
    CELERY = celery_settings(None)
    OUTBOX_NUDGE = False
    LOGIN_THROTTLE_STORAGE_URL = None       # login counters in memory, reset for every test
    DEFINITIONS_ROOT = ROOT
    ATTACHMENT_DIR = RUN_DIR / "attachments"


def _fix_sqlite_transactions(engine: sa.Engine) -> None:
    """SQLAlchemy's documented pysqlite fix, so SAVEPOINTs work (sqlite dialect docs)."""
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def app():
    from app import create_app, schema
    from app.extensions import db
    from app.services.deployment import deploy_from_folder
    from app.services.identity.organisation import seed_organisation
    from app.services.reference.seeding import seed_reference_data

    flask_app = create_app(_Config)
    with flask_app.app_context():
        engine = db.engine
        if IS_POSTGRES:
            with engine.begin() as connection:
                _drop_abandoned_schemas(connection)
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE; CREATE SCHEMA {PG_SCHEMA}"))
        else:
            _fix_sqlite_transactions(engine)
        schema.upgrade(engine)
        deploy_from_folder(ROOT, deployed_by="tests")
        seed_reference_data(ROOT)
        seed_organisation(flask_app.config["DEMO_ORG_FILE"])
        flask_app.config["TEST_TOKENS"] = _issue_tokens()
        _sign_every_account()
        db.session.close()
    yield flask_app
    if IS_POSTGRES:
        with flask_app.app_context():
            db.session.close()
            with db.engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))


def _drop_abandoned_schemas(connection) -> None:
    """Drop the schemas of earlier runs on this machine whose process is gone (killed runs)."""
    names = connection.execute(sa.text(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test_run_%'")).scalars().all()
    for name in names:
        pid = int(name.rsplit("_", 1)[1]) if name.rsplit("_", 1)[1].isdigit() else None
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


def signature_png(width: int = 240, height: int = 80) -> bytes:
    """A drawn-looking signature: a dark stroke on a transparent canvas, as the pad's PNG."""
    import io

    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, height - 20), (width // 3, 15), (width // 2, height - 15), (width - 10, 20)],
                               fill=(20, 20, 20, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _sign_every_account() -> None:
    """Version 1 of an e-signature for every demo account (catalog §5.2: single reviews need one);
    the signature tests remove a reviewer's inside their own isolation."""
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import User
    from app.services.signatures.signatures import save_signature
    png = signature_png()
    for user in db.session.scalars(sa.select(User)).all():
        principal = principal_from_user(user)
        if principal is not None:
            save_signature(principal, png)


def _issue_tokens() -> dict[str, str]:
    """One committed bearer token per demo account, so tests do not log in again and again."""
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import User
    from app.services.identity.auth import issue_token
    return {user.account: issue_token(principal_from_user(user), 24)[0] for user in db.session.scalars(sa.select(User))}


@pytest.fixture
def db_session(app, request):
    """Isolation for one test. No app context is pushed here: every request of the test client gets
    its own (so Flask-Login's per-context user never leaks between clients); use ``ctx`` for
    service-level calls."""
    from app.extensions import db
    app.extensions["login_throttle"].reset()
    if request.node.get_closest_marker("committed"):
        if not IS_POSTGRES:
            pytest.skip(f"committed test needs PostgreSQL ({PG_STATUS})")
        yield
        with app.app_context():
            _truncate_activity(db.engine)
    else:
        with db.test_isolation():
            yield
    from app.services import process_cache
    process_cache.forget_everything()     # the rows the per-process caches copied were rolled back


@pytest.fixture
def ctx(app, db_session):
    """An app context for calling services directly inside the test's isolation."""
    with app.app_context():
        yield


def _truncate_activity(engine: sa.Engine) -> None:
    tables = ("notification, outbox_message, incident, review_event, user_task, process_instance, attachment, "
              "withdrawal_request, record")
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class ApiClient:
    """The test client, authenticated with a bearer token of one demo account."""

    def __init__(self, client, account: str, token: str | None) -> None:
        self.client, self.account = client, account
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, url: str, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)

    def patch(self, url, **kw):
        return self.request("PATCH", url, **kw)

    def delete(self, url, **kw):
        return self.request("DELETE", url, **kw)

    def ok(self, method: str, url: str, status: int = 200, **kw) -> dict:
        response = self.request(method, url, **kw)
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json() if response.data else {}


@pytest.fixture
def login_as(app, db_session):
    """``login_as("01090023")`` → an ApiClient acting as that demo account."""
    def _login(account: str) -> ApiClient:
        return ApiClient(app.test_client(), account, app.config["TEST_TOKENS"][account])
    return _login


@pytest.fixture
def anonymous(app, db_session):
    return ApiClient(app.test_client(), "", None)


@pytest.fixture
def store(app, tmp_path, monkeypatch) -> Path:
    """ATTACHMENT_DIR in a tmp folder (returned); the rest of tmp_path is the "outside" that must stay empty."""
    root = tmp_path / "store" / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", root)
    return root
