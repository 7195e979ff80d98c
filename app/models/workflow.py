"""Process instances, the user-task inbox projection and incidents (architecture.md §2)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, utcnow
from app.vocabulary import TaskStatus

from .org import User

if TYPE_CHECKING:
    from .records import Record

INSTANCE_STATUSES = ("running", "completed", "terminated", "cancelled", "suspended", "incident")
TASK_STATUSES = tuple(TaskStatus)
OPEN_GROUP = "status = 'open' AND assignee_id IS NULL"
OPEN_ASSIGNED = "status = 'open' AND assignee_id IS NOT NULL"
DONE = "status = 'completed'"
LISTED = ["candidate_unit_id", "candidate_category", "candidate_role", "instance_id", "lane", "record_type_code",
          "assessment_year", "workload", "owner_id", "owner_unit_id", "record_status", "submitted_at"]
"""The columns the inbox filters, counts and totals, carried in its open-task indexes (PostgreSQL INCLUDE) so
that a page, its count and its 合计 are read from the index alone (docs/query-plans.md)."""


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

    # set on a new instance in place of ``record_id`` when the record is not written yet: both rows go in one flush
    record: Mapped[Record] = relationship(lazy="select")

    __mapper_args__ = {"version_id_col": version}


class UserTask(Base):
    """The inbox: one row per engine user task, with its candidate group projected into columns."""

    __tablename__ = "user_task"
    __table_args__ = (
        sa.Index("ix_user_task_inbox", "status", "candidate_role", "candidate_unit_id", "created_at"),
        # one open row per engine task, or per signer of a 会签/或签 step; a step reopened by 退回上一步
        # keeps its engine task id, so completed rows may repeat it
        sa.Index("uq_user_task_open_group", "instance_id", "engine_task_id", unique=True,
                 postgresql_where=sa.text("status = 'open' AND assignee_id IS NULL"),
                 sqlite_where=sa.text("status = 'open' AND assignee_id IS NULL")),
        sa.Index("uq_user_task_open_signer", "instance_id", "engine_task_id", "assignee_id", unique=True,
                 postgresql_where=sa.text("status = 'open' AND assignee_id IS NOT NULL"),
                 sqlite_where=sa.text("status = 'open' AND assignee_id IS NOT NULL")),
        sa.Index("ix_user_task_engine_task", "instance_id", "engine_task_id"),
        # the inbox lists (docs/query-plans.md): each way of holding a task reads its own partial index in
        # list order; open group tasks of a unit's group, of a school-wide group, tasks handed to one user,
        # and a group's decided tasks newest first
        sa.Index("ix_user_task_open_group", "candidate_role", "candidate_unit_id", "created_at", "id",
                 postgresql_where=sa.text(OPEN_GROUP), sqlite_where=sa.text(OPEN_GROUP), postgresql_include=LISTED),
        sa.Index("ix_user_task_open_role", "candidate_role", "created_at", "id",
                 postgresql_where=sa.text(OPEN_GROUP), sqlite_where=sa.text(OPEN_GROUP), postgresql_include=LISTED),
        sa.Index("ix_user_task_open_assignee", "assignee_id", "created_at", "id",
                 postgresql_where=sa.text(OPEN_ASSIGNED), sqlite_where=sa.text(OPEN_ASSIGNED), postgresql_include=LISTED),
        sa.Index("ix_user_task_done_group", "candidate_role", "candidate_unit_id", "completed_at",
                 postgresql_where=sa.text(DONE), sqlite_where=sa.text(DONE)),
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
    # 会签 (all) / 或签 (any): this row is one signer's share of a multi-signer step (assignee_id = signer)
    sign_mode: Mapped[str | None] = mapped_column(sa.String(8))
    # 退回上一步: the row of the review step completed just before this one (None at the first review step)
    previous_task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_task.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default=TaskStatus.OPEN.value)
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    comment: Mapped[str | None] = mapped_column(sa.String(1000))
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # 委托: the delegator the completing user acted for (「代 X 审核」), None when he acted for himself
    acted_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    # 超时催办 (issue 13): when the lane is due, and when its reminder and escalation went out
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]

    # the task's record as the inbox lists, filters and totals it: copies of ``record`` columns, kept equal
    # to them in the transaction that changes either (app/models/task_projection.py)
    record_type_code: Mapped[str | None] = mapped_column(sa.String(16))
    owner_id: Mapped[int | None]
    owner_unit_id: Mapped[int | None]
    workload: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    assessment_year: Mapped[int | None]
    record_status: Mapped[str | None] = mapped_column(sa.String(16))
    submitted_at: Mapped[datetime | None]

    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])
    # set on a new row beside the ids: a row of an instance not written yet is written in the same flush
    instance: Mapped[ProcessInstance] = relationship(lazy="select")
    record: Mapped[Record] = relationship(lazy="select")


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
