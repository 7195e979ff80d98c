"""Process instances, the user-task inbox projection and incidents (architecture.md §2)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, utcnow
from app.vocabulary import TaskStatus

from .org import User

INSTANCE_STATUSES = ("running", "completed", "terminated", "cancelled", "suspended", "incident")
TASK_STATUSES = tuple(TaskStatus)


class ProcessInstance(Base):
    """A running or finished approval of one record. ``state`` is spec-free engine JSON, never listed."""

    __tablename__ = "process_instance"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"), index=True)
    definition_version_id: Mapped[int] = mapped_column(sa.ForeignKey("definition_version.id"))
    state: Mapped[str] = mapped_column(sa.Text, deferred=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="running", index=True)
    unit_step: Mapped[bool | None]
    dept_lane: Mapped[str | None] = mapped_column(sa.String(32))
    hr_step: Mapped[bool | None]
    final_lane: Mapped[str | None] = mapped_column(sa.String(32))
    next_timer_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class UserTask(Base):
    """The inbox: one row per engine user task, with its candidate group projected into columns."""

    __tablename__ = "user_task"
    __table_args__ = (
        sa.Index("ix_user_task_inbox", "status", "candidate_role", "candidate_unit_id", "created_at"),
        sa.UniqueConstraint("instance_id", "engine_task_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(sa.ForeignKey("process_instance.id"), index=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("record.id"), index=True)
    engine_task_id: Mapped[str] = mapped_column(sa.String(36))
    bpmn_id: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(64))
    lane: Mapped[str] = mapped_column(sa.String(16))
    candidate_role: Mapped[str] = mapped_column(sa.String(32))
    candidate_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    candidate_category: Mapped[str | None] = mapped_column(sa.String(32))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default=TaskStatus.OPEN.value)
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    # 超时催办 (issue 13): when the lane is due, and when its reminder and escalation went out
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]

    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])


class Incident(Base):
    """A process step that failed and waits for an operator (architecture.md §3)."""

    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("process_instance.id"), index=True)
    record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("record.id"), index=True)
    error_type: Mapped[str] = mapped_column(sa.String(64))
    bpmn_id: Mapped[str | None] = mapped_column(sa.String(64))
    message: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # the step the failure interrupted, for 重试 (operations): the user task being completed and its data
    engine_task_id: Mapped[str | None] = mapped_column(sa.String(36))
    step_data: Mapped[dict | None] = mapped_column(JSONType)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
