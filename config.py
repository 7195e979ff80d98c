"""Configuration from the environment, with embedded defaults.

With no ``DATABASE_URL`` the app uses a SQLite file under ``instance/``; with no ``REDIS_URL``
Celery runs tasks in-process (``task_always_eager``), so ``make run`` works on a bare machine.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _sqlite_url(name: str) -> str:
    instance = ROOT / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / name}"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for bare ``postgresql://`` URLs (``psycopg2`` is not installed)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def networks(value: str) -> tuple[str, ...]:
    """Comma-separated CIDRs, checked now (a typo stops the app at start, not at the first request)."""
    return tuple(str(ipaddress.ip_network(part.strip(), strict=False)) for part in value.split(",") if part.strip())


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def celery_settings(redis_url: str | None, *, queue: str | None = None) -> dict:
    """Celery config: Redis broker when configured, otherwise eager in-process execution.

    ``queue`` (default ``CELERY_QUEUE`` from the environment, else Celery's ``celery``) is where tasks
    are sent and what a worker consumes, so that separate deployments or test runs can share one Redis.
    """
    if redis_url:
        return {
            "broker_url": redis_url,
            "task_default_queue": queue or os.environ.get("CELERY_QUEUE") or "celery",
            "result_backend": None,
            "task_ignore_result": True,
            "task_acks_late": True,
            "broker_connection_retry_on_startup": True,
            "broker_connection_timeout": 2,
            "beat_schedule": {
                "outbox-relay": {"task": "outbox.relay", "schedule": float(os.environ.get("OUTBOX_RELAY_SECONDS", 5))},
                "deadlines-sweep": {"task": "deadlines.sweep", "schedule": float(os.environ.get("DEADLINE_SWEEP_SECONDS", 60))},
                "attachments-sweep": {"task": "attachments.sweep", "schedule": 3600.0},
            },
        }
    return {"task_always_eager": True, "task_eager_propagates": False, "task_ignore_result": True}


class Config:
    # No default on purpose (app/secret_key.py): unset outside EMBEDDED mode, the app refuses to start.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    EMBEDDED = os.environ.get("EMBEDDED", "").lower() in ("1", "true", "yes")   # make run: generated key file
    SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE") or ROOT / "instance" / "secret_key")
    SQLALCHEMY_ENGINES = {"default": normalise_database_url(os.environ.get("DATABASE_URL") or _sqlite_url("app.db"))}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    CELERY = celery_settings(REDIS_URL)
    # /metrics: operators, or a scraper sending "Authorization: Bearer <METRICS_TOKEN>" (unset: operators only)
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    # Upload/body limit: JSON bodies and attachments (catalog §0.4: 10 MB per file).
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 11 * 1024 * 1024))
    MAX_JSON_BYTES = int(os.environ.get("MAX_JSON_BYTES", 256 * 1024))
    # 批量审核: records decided at once, each in its own transaction on its own connection (PostgreSQL; on
    # SQLite one at a time). Two overlap one record's database round trips with another's Python work.
    BATCH_REVIEW_THREADS = int(os.environ.get("BATCH_REVIEW_THREADS", 2))
    # seconds a process keeps a caller's principal (app/services/identity/principal_cache.py); 0: off
    PRINCIPAL_CACHE_SECONDS = float(os.environ.get("PRINCIPAL_CACHE_SECONDS", 2.0))
    DEFINITIONS_ROOT = Path(os.environ.get("DEFINITIONS_ROOT", ROOT))
    DEMO_ORG_FILE = ROOT / "app" / "demo" / "demo-org.json"
    DEMO_RECORDS_FILE = ROOT / "app" / "demo" / "demo-records.json"
    # the built browser app served at / (app/web.py); the e2e suite serves a snapshot of it
    WEB_DIST = Path(os.environ.get("WEB_DIST") or ROOT / "web" / "dist")
    API_TITLE = "人事业绩填报与审核平台 API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/api/v1/docs-assets/"     # served from the swagger-ui-bundle package: works offline
    WTF_CSRF_CHECK_DEFAULT = False          # checked in a before_request for cookie sessions only
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRFToken", "X-CSRF-Token"]
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies: always when configured; otherwise whenever the request came over HTTPS.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes")
    API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", 24 * 7))
    PASSWORD_HASH_PROFILE = "default"
    # At most this many argon2 hashes at once (64 MiB each with the default profile: 4 → 256 MiB);
    # a login that waits longer than PASSWORD_HASH_WAIT_SECONDS for a slot gets a 429.
    PASSWORD_HASH_CONCURRENCY = int(os.environ.get("PASSWORD_HASH_CONCURRENCY", 4))
    PASSWORD_HASH_WAIT_SECONDS = float(os.environ.get("PASSWORD_HASH_WAIT_SECONDS", 10))
    # Failed logins allowed per window ("limits" notation, tiers separated by ";": the longer tiers are
    # the back-off). Counted in Redis when REDIS_URL is set, in memory otherwise.
    LOGIN_LIMITS_PER_ACCOUNT = os.environ.get("LOGIN_LIMITS_PER_ACCOUNT", "10/15 minutes;20/hour;40/day")
    LOGIN_LIMITS_PER_ADDRESS = os.environ.get("LOGIN_LIMITS_PER_ADDRESS", "50/15 minutes;200/day")
    # Broker calls made from a request (the outbox nudge) give up after this many seconds.
    BROKER_TIMEOUT_SECONDS = float(os.environ.get("BROKER_TIMEOUT_SECONDS", 1))
    # How long a relayed outbox row stays claimed by the worker it was handed to.
    OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", 300))
    # A failed delivery waits base × 2^(attempts-1) seconds (at most an hour); after the last attempt
    # the row is "failed" and listed for operators (flask outbox failed / GET /api/v1/outbox/failed).
    OUTBOX_RETRY_BASE_SECONDS = float(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", 30))
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 8))
    OUTBOX_TEST_SEND_DELAY = float(os.environ.get("OUTBOX_TEST_SEND_DELAY", 0))     # tests only
    # E-mail (catalog §3.9). Off by default: the outbox then records each mail as "recorded".
    MAIL_ENABLED = _flag("MAIL_ENABLED")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")        # STARTTLS
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "人事业绩平台 <noreply@localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))
    # accounts without an e-mail address get <account>@MAIL_ADDRESS_DOMAIN when set (工号 mailboxes)
    MAIL_ADDRESS_DOMAIN = os.environ.get("MAIL_ADDRESS_DOMAIN") or None
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # New-task e-mails are batched per person into one digest per window (0: one mail per task).
    DIGEST_SECONDS = float(os.environ.get("DIGEST_SECONDS", 300))
    # 超时催办: a review task is due TASK_DUE_HOURS after it opens (per lane: TASK_DUE_HOURS_<LANE>);
    # a reminder goes to its group when due, an escalation ESCALATE_AFTER_HOURS later to the first of
    # ESCALATION_ROLES that is not the task's own group (the unit's admin, then HR).
    TASK_DUE_HOURS = float(os.environ.get("TASK_DUE_HOURS", 72))
    TASK_DUE_HOURS_BY_LANE = {lane: float(os.environ[f"TASK_DUE_HOURS_{lane.upper()}"])
                              for lane in ("unit", "dept", "hr") if os.environ.get(f"TASK_DUE_HOURS_{lane.upper()}")}
    ESCALATE_AFTER_HOURS = float(os.environ.get("ESCALATE_AFTER_HOURS", 48))
    ESCALATION_ROLES = tuple(os.environ.get("ESCALATION_ROLES", "unit_admin,hr_reviewer").split(","))
    # 催办 by the applicant: allowed once the record has waited this many days, at most once a day
    URGE_AFTER_DAYS = float(os.environ.get("URGE_AFTER_DAYS", 3))
    # 统一身份认证 (CAS 2.0/3.0 single sign-on, issue 12). Off while CAS_SERVER_URL is empty; then the login
    # page shows only the 账号/密码 form. The CAS user name (or the CAS_USER_ATTRIBUTE attribute) is the 工号.
    CAS_SERVER_URL = os.environ.get("CAS_SERVER_URL", "")          # e.g. https://cas.example.edu.cn/cas/
    CAS_VERSION = int(os.environ.get("CAS_VERSION", 3))           # 2: /serviceValidate, 3: /p3/serviceValidate
    # the service URL registered with the CAS server; default PUBLIC_BASE_URL + /api/v1/auth/cas/callback
    CAS_SERVICE_URL = os.environ.get("CAS_SERVICE_URL", "")
    CAS_USER_ATTRIBUTE = os.environ.get("CAS_USER_ATTRIBUTE") or None
    CAS_TIMEOUT_SECONDS = float(os.environ.get("CAS_TIMEOUT_SECONDS", 10))
    CAS_VERIFY_SSL = not _flag("CAS_INSECURE_SKIP_VERIFY")
    # Reverse proxies in front of the app (nginx before `make serve`): how many X-Forwarded-* hops to
    # trust, so that request.remote_addr is the client's address (扫码签名's allowlist, login throttle).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))
    # 扫码签名 (catalog §5.2): the phone's signing page and API answer only clients in these networks
    # (the campus allowlist, comma-separated CIDRs); the default is loopback and the private ranges.
    SIGNING_ALLOWED_NETWORKS = networks(os.environ.get(
        "SIGNING_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"))
    # Attachment files, content-addressed as <sha[:2]>/<sha> (app/storage.py; catalog §0.4).
    ATTACHMENT_DIR = Path(os.environ.get("ATTACHMENT_DIR") or ROOT / "instance" / "attachments")


class TestConfig(Config):
    TESTING = True
    BATCH_REVIEW_THREADS = 1    # a test's isolation holds one connection; the threaded batch has its own test
    PASSWORD_HASH_PROFILE = "fast"          # argon2 with test parameters: hashing is not what tests measure
    SECRET_KEY = secrets.token_hex(32)      # random per run: no test relies on a known key
