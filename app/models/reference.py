"""Reference data the school maintains (catalog §0.2: [designed] enum values are starting values kept as
reference data): the course catalogue, the term calendar, the other reference enums, and settings such as
the default 考核年度."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, utcnow


class ReferenceValue(Base):
    """One value of a reference list (``list_name`` = the ``x-reference`` name of the form fields it backs).

    A value in use is never deleted, only retired (``retired_at``): retired values are not offered for new
    records but still display, and stay valid, on the records that hold them.
    """

    __tablename__ = "reference_value"
    __table_args__ = (sa.UniqueConstraint("list_name", "value"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(sa.String(64), index=True)
    value: Mapped[str] = mapped_column(sa.String(200))
    owner_dept: Mapped[str | None] = mapped_column(sa.String(64))      # course catalogue: 开课主管单位
    start_date: Mapped[date | None] = mapped_column(sa.Date())         # term calendar: first day
    end_date: Mapped[date | None] = mapped_column(sa.Date())           # term calendar: last day
    sort_order: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ReferenceSetting(Base):
    """A school-wide setting kept with the reference data, e.g. ``default_assessment_year`` → 2025."""

    __tablename__ = "reference_setting"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
