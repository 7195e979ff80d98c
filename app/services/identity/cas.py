"""统一身份认证: CAS 2.0/3.0 single sign-on (issue 12; seed 000 opens from the 同大智枢 portal).

The CAS protocol itself is the ``python-cas`` client's: the login redirect (``/login?service=…``) and the
ticket validation (``/serviceValidate`` for 2.0, ``/p3/serviceValidate`` for 3.0, XML). This module maps
the validated CAS user to an account by 工号 (catalog §6.1: the 账号 is the 工号) and never creates one:
an unknown user or a deactivated account is refused with a reason the login page explains. Tickets are
single-use on the CAS server; a replayed ticket fails validation and is refused here the same way.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from cas import CASClient
from sqlalchemy import select

from app.auth.principal import Principal, principal_from_user
from app.extensions import db
from app.models import User

log = logging.getLogger(__name__)

CALLBACK_PATH = "/api/v1/auth/cas/callback"
LOGIN_LABEL = "统一身份认证登录"


class CasRefused(Exception):
    """The CAS login did not give a session; ``reason`` is one of ``REASONS`` (the login page's message)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


REASONS = {
    "unknown_account": "统一身份认证账号未在本平台开通，请联系人力资源部或系统管理员",
    "inactive": "该账号已停用，不能登录",
    "invalid_ticket": "统一身份认证票据无效或已使用，请重新登录",
    "unavailable": "统一身份认证服务暂时无法访问，请稍后再试或使用账号密码登录",
    "disabled": "未启用统一身份认证，请使用账号密码登录",
    "throttled": "登录失败次数过多，请稍后再试",
}


@dataclass(frozen=True)
class CasSettings:
    """The CAS server and this platform's service URL (config ``CAS_*``)."""

    server_url: str
    version: int
    service_url: str
    timeout_seconds: float = 10.0
    verify_ssl: bool = True
    user_attribute: str | None = None

    @classmethod
    def from_config(cls, config: Any) -> CasSettings | None:
        """The settings, or None when ``CAS_SERVER_URL`` is empty (single sign-on off, the default)."""
        server = str(config.get("CAS_SERVER_URL") or "").strip()
        if not server:
            return None
        service = str(config.get("CAS_SERVICE_URL") or "").strip() or (
            str(config.get("PUBLIC_BASE_URL", "")).rstrip("/") + CALLBACK_PATH)
        return cls(server_url=server if server.endswith("/") else server + "/", version=int(config.get("CAS_VERSION", 3)),
                   service_url=service, timeout_seconds=float(config.get("CAS_TIMEOUT_SECONDS", 10)),
                   verify_ssl=bool(config.get("CAS_VERIFY_SSL", True)), user_attribute=config.get("CAS_USER_ATTRIBUTE"))


class _TimeoutSession(requests.Session):
    """A requests session that never waits on the CAS server longer than ``timeout`` seconds."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, *args, **kwargs)


def _client(settings: CasSettings) -> Any:
    return CASClient(version=settings.version, server_url=settings.server_url, service_url=settings.service_url,
                     verify_ssl_certificate=settings.verify_ssl, session=_TimeoutSession(settings.timeout_seconds))


def login_url(settings: CasSettings) -> str:
    """The CAS server's ``/login`` URL with this platform's ``service`` (where the browser goes)."""
    return str(_client(settings).get_login_url())


def authenticate_ticket(settings: CasSettings, ticket: str) -> Principal:
    """Validate a service ticket with the CAS server and return the account it names.

    The CAS user (or its ``user_attribute``) is the 工号; the account must exist and be active.

    Raises:
        CasRefused: ``invalid_ticket`` (empty, unknown, expired or already used), ``unavailable`` (the CAS
            server did not answer in time or answered garbage), ``unknown_account`` (no account has that 工号:
            no account is ever created here), ``inactive`` (the account is deactivated).
    """
    if not ticket or len(ticket) > 256:
        raise CasRefused("invalid_ticket")
    try:
        user, attributes, _pgtiou = _client(settings).verify_ticket(ticket)
    except requests.RequestException as exc:
        log.warning("CAS validation failed: %s", exc)
        raise CasRefused("unavailable", str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - the client raises on a response it cannot parse
        log.warning("CAS validation answer unreadable: %s", exc)
        raise CasRefused("unavailable", str(exc)) from exc
    if not user:
        raise CasRefused("invalid_ticket")
    account = (attributes or {}).get(settings.user_attribute) if settings.user_attribute else user
    if isinstance(account, list):
        account = account[0] if account else None
    if not isinstance(account, str) or not account.strip():
        raise CasRefused("unknown_account", str(user))
    found = db.session.scalar(select(User).where(User.account == account.strip()))
    if found is None:
        raise CasRefused("unknown_account", account)
    principal = principal_from_user(found) if found.is_active else None
    if principal is None:
        raise CasRefused("inactive", account)
    return principal
