"""Reviewers' e-signatures (catalog §5.2): versioned PNGs, checked by content and re-encoded here.

The first single review needs one (「第一次审核时需要个人电子签名」); later single reviews reuse the
newest version, and each single-review trail row records the version used. Replacing it (个人设置)
adds a version; old versions stay, because old trail rows show them. Batch review never asks for one.
"""
from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image, UnidentifiedImageError
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models import Record, ReviewEvent, Signature

from app.services import scope
from app.services.uow import unit_of_work

MAX_BYTES = 150 * 1024          # the uploaded PNG (base64 in JSON stays under the 256 KB body limit)
MAX_SIDE = 2000                 # pixels, either side
MIN_WIDTH, MIN_HEIGHT = 40, 20
SOURCES = ("pad", "qr")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def save_signature(principal: Principal, data: bytes, *, source: str = "pad") -> Signature:
    """Store a new version of the caller's signature.

    Args:
        data: the PNG bytes drawn on the pad (or on the phone, ``source="qr"``); at most 150 KB.

    Returns:
        The new ``Signature`` (version = previous + 1, the first is 1).

    Raises:
        ValidationFailed: not a PNG by its content, unreadable, too large, too small or blank
            (422, 「电子签名必须是 PNG 图片…」).
    """
    png, width, height = _reencode(data)
    with unit_of_work() as session:
        return _add_version(session, principal.user_id, png, width, height, source)


def add_version(session: Session, user_id: int, data: bytes, *, source: str) -> Signature:
    """Check ``data`` like :func:`save_signature` and add it as ``user_id``'s next version in the
    caller's transaction (扫码签名: the phone signs for the reviewer its token is bound to).

    Raises:
        ValidationFailed: as :func:`save_signature` (422).
    """
    png, width, height = _reencode(data)
    return _add_version(session, user_id, png, width, height, source)


def _add_version(session: Session, user_id: int, png: bytes, width: int, height: int, source: str) -> Signature:
    version = (session.scalar(select(func.max(Signature.version)).where(Signature.user_id == user_id)) or 0) + 1
    signature = Signature(user_id=user_id, version=version, png=png, width=width, height=height,
                          sha256=hashlib.sha256(png).hexdigest(), source=source if source in SOURCES else "pad")
    session.add(signature)
    session.flush()
    return signature


def current_signature(session: Session, user_id: int) -> Signature | None:
    """The newest signature version of ``user_id``, or None when there is none yet."""
    return session.scalar(select(Signature).where(Signature.user_id == user_id)
                          .order_by(Signature.version.desc()).limit(1))


def current_signature_version(session: Session, user_id: int) -> int | None:
    """The newest signature version number of ``user_id``, or None (the image is not read)."""
    return session.scalar(_NEWEST_VERSION, {"user_id": user_id})


_NEWEST_VERSION = (select(Signature.version).where(Signature.user_id == bindparam("user_id"))
                   .order_by(Signature.version.desc()).limit(1))


def my_signature(principal: Principal) -> Signature | None:
    """The caller's current signature (个人设置), or None."""
    return current_signature(db.session, principal.user_id)


def signature_image(principal: Principal, user_id: int, version: int) -> bytes:
    """The PNG of ``user_id``'s signature ``version``, for the 审核记录 of a record the caller may read.

    The caller's own signatures are always readable; another reviewer's only where it appears on the
    trail of a record the caller can see (catalog §3.7).

    Raises:
        NotFound: no such version, or not on any record the caller can read (404).
    """
    signature = db.session.scalar(select(Signature).where(Signature.user_id == user_id, Signature.version == version))
    if signature is None:
        raise NotFound(messages.SIGNATURE_NOT_FOUND)
    if user_id != principal.user_id:
        visible = db.session.scalar(
            select(ReviewEvent.id).where(ReviewEvent.actor_id == user_id, ReviewEvent.signature_version == version,
                                         ReviewEvent.record_id.in_(select(Record.id).where(scope.record_visibility(principal)))).limit(1))
        if visible is None:
            raise NotFound(messages.SIGNATURE_NOT_FOUND)
    return signature.png


def _reencode(data: bytes) -> tuple[bytes, int, int]:
    """Check the upload by its content and draw it again as a fresh RGBA PNG (no metadata, no chunks
    of the original survive)."""
    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed(message, errors=[{"field": "file", "message": message}])

    if len(data) > MAX_BYTES:
        raise refuse(messages.SIGNATURE_TOO_LARGE.format(kb=MAX_BYTES // 1024))
    if not data.startswith(PNG_MAGIC):
        raise refuse(messages.SIGNATURE_NOT_PNG)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != "PNG":
                    raise refuse(messages.SIGNATURE_NOT_PNG)
                width, height = probe.size
                if width > MAX_SIDE or height > MAX_SIDE:
                    raise refuse(messages.SIGNATURE_BAD_SIZE)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        raise refuse(messages.SIGNATURE_NOT_PNG) from exc
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise refuse(messages.SIGNATURE_BAD_SIZE)
    alpha = rgba.getchannel("A")
    grey = rgba.convert("L").getextrema()
    if alpha.getbbox() is None or (alpha.getextrema()[0] == 255 and grey[0] == grey[1]):
        raise refuse(messages.SIGNATURE_BLANK)        # fully transparent, or one flat colour
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=True)
    return out.getvalue(), width, height
