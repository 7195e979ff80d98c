"""扫码签名 (catalog §5.2): sign on a phone by scanning a QR code shown on the PC.

The PC asks for a QR code: a single-use URL ``/sign/<token>`` whose token (only its sha256 is stored)
is bound to the reviewer and lives 5 minutes. The phone's page, and the API it calls, answer only
clients whose address is in the campus allowlist (``SIGNING_ALLOWED_NETWORKS``, CIDRs). The phone's
PNG is checked and re-encoded like a pad signature and becomes the reviewer's new version; the token
is then spent, and the PC, polling :func:`qr_status`, learns of it. Each QR signature is audited.
"""
from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from flask import current_app
from sqlalchemy import select

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound, PermissionDenied, InvalidState
from app.extensions import db
from app.models import SigningToken, User, utcnow

from app.services.audit import audit
from app.services.signatures import signatures
from app.services.uow import unit_of_work

TOKEN_TTL = timedelta(minutes=5)
SIGN_PATH = "/sign/"


@dataclass(frozen=True)
class QrSigning:
    """A QR code to show on the PC: ``id`` to poll, the ``url`` it holds, the SVG as a data: URI."""

    id: int
    url: str
    qr_svg: str
    expires_at: datetime


@dataclass(frozen=True)
class QrStatus:
    """``pending`` | ``signed`` | ``expired``, and the version stored when ``signed``."""

    status: str
    version: int | None
    expires_at: datetime


def address_allowed(address: str | None, networks: Iterable[str] | None = None) -> bool:
    """The client ``address`` is inside one of ``networks`` (default: config ``SIGNING_ALLOWED_NETWORKS``).
    An unparsable or missing address is outside."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    nets = networks if networks is not None else current_app.config.get("SIGNING_ALLOWED_NETWORKS", ())
    return any(ip in ipaddress.ip_network(net, strict=False) for net in nets)


def ensure_allowed(address: str | None) -> None:
    """Raises PermissionDenied (403, 「扫码签名仅限校园网内使用…」) for a client outside the allowlist."""
    if not address_allowed(address):
        raise PermissionDenied(messages.SIGNING_OUTSIDE_NETWORK)


def start_qr_signing(principal: Principal, base_url: str) -> QrSigning:
    """A new single-use signing URL for the caller, valid 5 minutes, and its QR code (segno, SVG).

    Args:
        base_url: the address the PC reached the app at (``request.host_url``), so that a phone on the
            same network reaches it too; ``/sign/<token>`` is appended.
    """
    token = secrets.token_urlsafe(32)
    with unit_of_work() as session:
        row = SigningToken(user_id=principal.user_id, token_sha256=_sha(token), expires_at=utcnow() + TOKEN_TTL)
        session.add(row)
        session.flush()
        url = base_url.rstrip("/") + SIGN_PATH + token
        qr = segno.make(url, error="m")
        return QrSigning(row.id, url, qr.svg_data_uri(scale=5, border=2), row.expires_at)


def qr_status(principal: Principal, signing_id: int) -> QrStatus:
    """Where the caller's QR signing ``signing_id`` stands (the PC polls it).

    Raises:
        NotFound: not the caller's (404).
    """
    row = db.session.scalar(select(SigningToken).where(SigningToken.id == signing_id,
                                                       SigningToken.user_id == principal.user_id))
    if row is None:
        raise NotFound(messages.SIGNING_TOKEN_INVALID)
    if row.used_at is not None:
        return QrStatus("signed", row.signature_version, row.expires_at)
    return QrStatus("expired" if _expired(row) else "pending", None, row.expires_at)


def token_owner(token: str, address: str | None) -> tuple[User, datetime]:
    """The reviewer a valid, unspent ``token`` is bound to, and when it expires (the phone's page).

    Raises:
        PermissionDenied: the client is outside the allowlist (403).
        NotFound: no such token (404, 「二维码无效…」).
        InvalidState: expired (409, 「二维码已过期…」) or already used (409, 「二维码已使用过…」).
    """
    ensure_allowed(address)
    row = _usable(db.session.scalar(select(SigningToken).where(SigningToken.token_sha256 == _sha(token))))
    user = db.session.get(User, row.user_id)
    assert user is not None
    return user, row.expires_at


def sign_with_token(token: str, address: str | None, data: bytes) -> int:
    """Store the phone's PNG as a new signature version of the token's reviewer and spend the token
    (one transaction; the token row is locked, so it is used once even when two phones race).

    Returns:
        The new version.

    Raises:
        PermissionDenied, NotFound, InvalidState: as :func:`token_owner`.
        ValidationFailed: the PNG is refused (422, as ``signatures.save_signature``).
    """
    ensure_allowed(address)
    with unit_of_work() as session:
        row = _usable(session.scalar(select(SigningToken).where(SigningToken.token_sha256 == _sha(token))
                                     .with_for_update().execution_options(populate_existing=True)))
        signature = signatures.add_version(session, row.user_id, data, source="qr")
        row.used_at, row.signature_version = utcnow(), signature.version
        audit(session, row.user_id, "signature.qr", "signing_token", row.id, version=signature.version,
              address=address)
        return signature.version


def _usable(row: SigningToken | None) -> SigningToken:
    if row is None:
        raise NotFound(messages.SIGNING_TOKEN_INVALID)
    if row.used_at is not None:
        raise InvalidState(messages.SIGNING_TOKEN_USED)
    if _expired(row):
        raise InvalidState(messages.SIGNING_TOKEN_EXPIRED)
    return row


def _expired(row: SigningToken) -> bool:
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=utcnow().tzinfo)
    return expires <= utcnow()


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


__all__ = ["TOKEN_TTL", "QrSigning", "QrStatus", "address_allowed", "ensure_allowed",
           "qr_status", "sign_with_token", "start_qr_signing", "token_owner"]
