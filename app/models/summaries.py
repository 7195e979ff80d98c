"""工作量结算: a closed 考核年度 and its frozen 汇总 (catalog §7.6)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, utcnow


class WorkloadSettlement(Base):
    """One closed year: who closed it, when, and the 工作量汇总 as it stood (every teacher, every item)."""

    __tablename__ = "workload_settlement"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_year: Mapped[int] = mapped_column(unique=True)
    closed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    record_count: Mapped[int] = mapped_column(default=0)
    items: Mapped[list] = mapped_column(JSONType, default=list)      # [{"key", "label"}]
    rows: Mapped[list] = mapped_column(JSONType, default=list)       # one per teacher (see summaries service)
    records: Mapped[list] = mapped_column(JSONType, default=list)    # the cited record ids with their figures
