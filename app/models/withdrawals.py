"""撤回 requests and the 撤回记录 list (catalog §3.4)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .org import User

# handling: pending (待处理) | processed (已处理); outcome: withdrawn (撤回成功) | refused (不予撤回) | rejected (不同意)
WITHDRAWAL_HANDLING = ("pending", "processed")
WITHDRAWAL_OUTCOMES = ("withdrawn", "refused", "rejected")


class WithdrawalRequest(Base):
    __tablename__ = "withdrawal_request"
    __table_args__ = (sa.Index("ix_withdrawal_requester", "requested_by_id", "requested_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"), index=True)
    record_type_code: Mapped[str] = mapped_column(sa.ForeignKey("record_type.code"))
    record_title: Mapped[str | None] = mapped_column(sa.String(200))     # 业绩名称 at the time of the request
    reason: Mapped[str] = mapped_column(sa.String(500))                  # 撤回原因
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    handling: Mapped[str] = mapped_column(sa.String(16), default="pending")
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    note: Mapped[str | None] = mapped_column(sa.String(500))             # 处理说明
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    handled_at: Mapped[datetime | None]
    # the withdrawal_approval process instance of a withdraw_approval request (None when decided at once)
    instance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("process_instance.id"), index=True)

    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
