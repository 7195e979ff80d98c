"""E-signatures: one versioned PNG per reviewer (catalog §5.2)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Signature(Base):
    """One version of a reviewer's signature; the newest is the one single reviews use. The PNG was
    re-encoded by the server (``services.signatures``), so it is exactly what the 审核记录 shows."""

    __tablename__ = "signature"
    __table_args__ = (sa.UniqueConstraint("user_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    png: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int]
    height: Mapped[int]
    source: Mapped[str] = mapped_column(sa.String(16))       # pad | qr
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
