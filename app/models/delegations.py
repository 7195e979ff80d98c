"""委托: out-of-office delegation of a reviewer's tasks to a colleague of the same candidate group."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .org import Unit, User


class Delegation(Base):
    """From ``starts_on`` to ``ends_on`` (school dates, both included) the delegate acts for the delegator
    at the candidate group ``(role, unit_id)``, until revoked (``services.review.delegations``)."""

    __tablename__ = "delegation"
    __table_args__ = (sa.Index("ix_delegation_delegate", "delegate_id", "ends_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    delegator_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(32))          # the candidate group's role
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    delegator: Mapped[User] = relationship(foreign_keys=[delegator_id], lazy="joined")
    delegate: Mapped[User] = relationship(foreign_keys=[delegate_id], lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class SigningToken(Base):
    """扫码签名: a single-use token bound to a reviewer; only its sha256 is stored (catalog §5.2)."""

    __tablename__ = "signing_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    signature_version: Mapped[int | None]        # the version the phone stored
