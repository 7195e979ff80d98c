"""Deployed definitions (content-hashed, immutable versions) and record types synced from forms/."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, utcnow

DEFINITION_KINDS = ("process", "decision", "form")


class DefinitionVersion(Base):
    """One immutable version of a process (BPMN + the DMN it calls), a decision table or a form.

    ``source`` is the text of the file (the source of truth); ``extra`` holds, for a process, the DMN
    sources it was compiled with (``{"decisions": {id: xml}}``) and, for a form, nothing extra;
    ``spec_json`` is the engine's serialized spec, stored once per version (never per instance).
    """

    __tablename__ = "definition_version"
    __table_args__ = (sa.UniqueConstraint("kind", "key", "version"),
                      sa.Index("ix_definition_version_sha", "kind", "key", "sha256"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    key: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[str] = mapped_column(sa.Text)
    extra: Mapped[dict] = mapped_column(JSONType, default=dict)
    spec_json: Mapped[str | None] = mapped_column(sa.Text)
    deployed_at: Mapped[datetime] = mapped_column(default=utcnow)
    deployed_by: Mapped[str | None] = mapped_column(sa.String(64))


class RecordType(Base):
    """A record type (catalog §1), synced from ``forms/<code>.json`` on deploy."""

    __tablename__ = "record_type"
    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    family: Mapped[str] = mapped_column(sa.String(16))
    category: Mapped[str] = mapped_column(sa.String(32), index=True)
    entry_mode: Mapped[str] = mapped_column(sa.String(16))
    pay_attribute: Mapped[str | None] = mapped_column(sa.String(16))
    process_key: Mapped[str] = mapped_column(sa.String(64))
    post_approval_policy: Mapped[str] = mapped_column(sa.String(32))
    sort_order: Mapped[int] = mapped_column(default=0)
    form_version_id: Mapped[int] = mapped_column(sa.ForeignKey("definition_version.id"))

    form_version: Mapped[DefinitionVersion] = relationship(lazy="select")


class DefinitionDraft(Base):
    """A process admin's unsaved change to one process, decision table or form (one draft per admin and
    definition). ``base_version_id`` is the deployed version it was opened from (None for a new definition);
    ``source`` is the edited BPMN / DMN XML or form JSON text, never run or deployed until the admin deploys it.
    """

    __tablename__ = "definition_draft"
    __table_args__ = (sa.UniqueConstraint("owner_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    key: Mapped[str] = mapped_column(sa.String(64))
    base_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("definition_version.id"))
    source: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
