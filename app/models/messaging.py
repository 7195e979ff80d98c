"""Outbox (written in the state change's transaction) and the in-app notification channel."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_pending", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(sa.String(32))
    payload: Mapped[dict] = mapped_column(JSONType)
    dedupe_key: Mapped[str] = mapped_column(sa.String(128), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The relay's lease: a row handed to a worker is not handed again before this moment (re-queued
    # only if the worker died without delivering or recording a failure).
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (sa.UniqueConstraint("outbox_id", "recipient_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(sa.ForeignKey("outbox_message.id"))
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    event_type: Mapped[str | None] = mapped_column(sa.String(32))


class NotificationPreference(Base):
    """Which events a person also wants by e-mail (catalog §3.9; in-app is always on)."""

    __tablename__ = "notification_preference"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    event_type: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)


class UrgeEvent(Base):
    """One 催办 by the applicant; the unique day key keeps it to once a day per record."""

    __tablename__ = "urge_event"
    __table_args__ = (sa.UniqueConstraint("record_id", "urged_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"), index=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("user_task.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    urged_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
