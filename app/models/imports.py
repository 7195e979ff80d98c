"""Import batches and their rows (catalog §4.1 steps 3–6, §4.3), kept for audit."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, utcnow
from .org import User

# uploaded → mapped → previewed → committing → committed | failed; cancelled at any step before commit
BATCH_STATUSES = ("uploaded", "mapped", "previewed", "committing", "committed", "failed", "cancelled")
BATCH_KINDS = ("unit", "personal", "accounts")     # accounts: 教师账号批量生成 (catalog §4.2)


class ImportBatch(Base):
    """One uploaded file: type, file name, sha256, uploader, unit, counts (catalog §4.1 step 6)."""

    __tablename__ = "import_batch"
    __table_args__ = (sa.Index("ix_import_batch_sha_type", "sha256", "record_type_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="unit")
    record_type_code: Mapped[str | None] = mapped_column(sa.ForeignKey("record_type.code"))   # None: accounts
    target: Mapped[str | None] = mapped_column(sa.String(64))      # personal imports: the child list (cases, references)
    parent_record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("record.id"))
    file_name: Mapped[str] = mapped_column(sa.String(255))
    file_kind: Mapped[str] = mapped_column(sa.String(8))            # xlsx | xls
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    sheet_names: Mapped[list] = mapped_column(JSONType, default=list)
    sheet_name: Mapped[str | None] = mapped_column(sa.String(64))
    headers: Mapped[list] = mapped_column(JSONType, default=list)
    mapping: Mapped[dict | None] = mapped_column(JSONType)         # header label → field key (None = ignored)
    status: Mapped[str] = mapped_column(sa.String(16), default="uploaded")
    total_rows: Mapped[int] = mapped_column(default=0)
    valid_count: Mapped[int] = mapped_column(default=0)
    invalid_count: Mapped[int] = mapped_column(default=0)
    imported_count: Mapped[int] = mapped_column(default=0)
    progress: Mapped[int] = mapped_column(default=0)               # percent of the commit done
    processed_rows: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    previewed_at: Mapped[datetime | None]
    committed_at: Mapped[datetime | None]

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])


class ImportRow(Base):
    """One data row of a batch: its spreadsheet row number, typed values, owner and cell errors."""

    __tablename__ = "import_row"
    __table_args__ = (sa.Index("ix_import_row_batch_valid", "batch_id", "is_valid", "row_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("import_batch.id", ondelete="CASCADE"))
    row_number: Mapped[int]
    cells: Mapped[list] = mapped_column(JSONType, default=list)     # the row as read, by header position (text)
    data: Mapped[dict] = mapped_column(JSONType, default=dict)      # field key → typed value
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    errors: Mapped[list] = mapped_column(JSONType, default=list)    # 「第 R 行，“列名”：原因」 …
    is_valid: Mapped[bool] = mapped_column(default=False)
    record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("record.id"))
