"""The record aggregate and its review trail (catalog §0.3, §3)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.messages import LIBRARY_STATUS_LABELS, WORKLOAD_STATUS_LABELS

from .base import Base, JSONType, utcnow
from .definitions import RecordType
from .org import Unit, User
from app.vocabulary import RecordStatus

if TYPE_CHECKING:
    from .workflow import ProcessInstance

STATUSES = tuple(RecordStatus)
ORIGINS = ("teacher", "unit_import", "self_import")


class Record(Base):
    """One report of one record type. Lists and totals read only these columns, never workflow state."""

    __tablename__ = "record"
    __table_args__ = (
        sa.Index("ix_record_owner_type_status", "owner_id", "record_type_code", "status"),
        sa.Index("ix_record_unit_category_status", "owner_unit_id", "category", "status"),
        sa.Index("ix_record_dept_lane_status", "dept_lane", "status"),
        sa.Index("ix_record_submitter", "submitter_id"),       # 「records I submitted」 (scope.own_records)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    record_type_code: Mapped[str] = mapped_column(sa.ForeignKey("record_type.code"))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    owner_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    submitter_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    origin: Mapped[str] = mapped_column(sa.String(16), default="teacher")
    # scope category: the workload category, or "library" for the 个人业绩库 family (catalog §2.6)
    category: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[dict] = mapped_column(JSONType, default=dict)
    title: Mapped[str | None] = mapped_column(sa.String(200))
    workload: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    assessment_year: Mapped[int | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default=RecordStatus.DRAFT.value)
    form_version_id: Mapped[int] = mapped_column(sa.ForeignKey("definition_version.id"))
    current_lane: Mapped[str | None] = mapped_column(sa.String(16))
    dept_lane: Mapped[str | None] = mapped_column(sa.String(32))
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # downstream uses that lock the record (catalog §3.5): [{"kind": "title_application", "ref": "…", "at": "…"}]
    cited_by: Mapped[list | None] = mapped_column(JSONType)
    import_batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_batch.id", use_alter=True), index=True)
    is_adjusted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # 已调整 while 审核中 (catalog §3.6)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    record_type: Mapped[RecordType] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    owner_unit: Mapped[Unit | None] = relationship(lazy="joined")
    submitter: Mapped[User] = relationship(foreign_keys=[submitter_id], lazy="joined")

    @property
    def status_label(self) -> str:
        """The status label of the record's family (catalog §3.1: 未提交/审核中/退回/已完成/终止; the
        library family says 编辑中 and 审核通过)."""
        labels = LIBRARY_STATUS_LABELS if self.record_type.family == "library" else WORKLOAD_STATUS_LABELS
        return labels.get(self.status, self.status)


class ReviewEvent(Base):
    """Append-only 审核记录 row (catalog §3.7, §3.8)."""

    __tablename__ = "review_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"), index=True)
    instance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("process_instance.id"))
    user_task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_task.id"))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    lane: Mapped[str] = mapped_column(sa.String(16))
    step_name: Mapped[str] = mapped_column(sa.String(64))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    action: Mapped[str] = mapped_column(sa.String(16))
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    signature_version: Mapped[int | None]
    # 委托: the delegator the actor acted for (「代 X 审核」); 转交: the member the task was handed to
    acted_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    target_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User] = relationship(lazy="joined", foreign_keys=[actor_id])
    acted_for: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[acted_for_id])
    target_user: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[target_user_id])
    unit: Mapped[Unit | None] = relationship(lazy="joined")
    # set on a new entry in place of the ids when its record or instance is not written yet (one flush)
    record: Mapped[Record] = relationship(lazy="select")
    instance: Mapped[ProcessInstance | None] = relationship(lazy="select")
