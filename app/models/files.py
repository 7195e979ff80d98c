"""Attachments: files stored content-addressed under the attachment folder (catalog §0.4)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Attachment(Base):
    """One uploaded file of one record's file field; the bytes live in storage under ``sha256``."""

    __tablename__ = "attachment"
    __table_args__ = (sa.Index("ix_attachment_record_field", "record_id", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"))
    field: Mapped[str] = mapped_column(sa.String(64))          # "attachments", or "references.attachment" in a child list
    file_name: Mapped[str] = mapped_column(sa.String(255))     # sanitised original name, shown and exported
    extension: Mapped[str] = mapped_column(sa.String(16))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
