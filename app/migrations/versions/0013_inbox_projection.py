"""The inbox reads user_task alone: the record columns it lists, filters and totals copied onto the task,
and the indexes of the list queries (docs/query-plans.md)

Revision ID: 0013_inbox_projection
Revises: 0007_administration
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0013_inbox_projection'
down_revision = '0007_administration'
branch_labels = None
depends_on = None

_OPEN = "status = 'open' AND assignee_id IS NULL"
_OPEN_ASSIGNED = "status = 'open' AND assignee_id IS NOT NULL"
_DONE = "status = 'completed'"
# carried in the open-task indexes (INCLUDE, PostgreSQL) so that the inbox's page, count and 合计 read them alone
_LISTED = ["candidate_unit_id", "candidate_category", "candidate_role", "instance_id", "lane", "record_type_code",
           "assessment_year", "workload", "owner_id", "owner_unit_id", "record_status", "submitted_at"]
# user_task column <- record column (app/models/task_projection.py keeps them equal from now on)
_COPIED = (("record_type_code", "record_type_code"), ("owner_id", "owner_id"), ("owner_unit_id", "owner_unit_id"),
           ("workload", "workload"), ("assessment_year", "assessment_year"), ("record_status", "status"),
           ("submitted_at", "submitted_at"))


def upgrade() -> None:
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_type_code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('owner_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('workload', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('assessment_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('record_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
    assignments = ", ".join(f"{task} = record.{source}" for task, source in _COPIED)
    op.execute(f"UPDATE user_task SET {assignments} FROM record WHERE record.id = user_task.record_id")
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.create_index('ix_user_task_open_group', ['candidate_role', 'candidate_unit_id', 'created_at', 'id'],
                              postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN),
                              postgresql_include=_LISTED)
        batch_op.create_index('ix_user_task_open_role', ['candidate_role', 'created_at', 'id'],
                              postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN),
                              postgresql_include=_LISTED)
        batch_op.create_index('ix_user_task_open_assignee', ['assignee_id', 'created_at', 'id'],
                              postgresql_where=sa.text(_OPEN_ASSIGNED), sqlite_where=sa.text(_OPEN_ASSIGNED),
                              postgresql_include=_LISTED)
        batch_op.create_index('ix_user_task_done_group', ['candidate_role', 'candidate_unit_id', 'completed_at'],
                              postgresql_where=sa.text(_DONE), sqlite_where=sa.text(_DONE))
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index('ix_record_submitter', ['submitter_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_index('ix_record_submitter')
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.drop_index('ix_user_task_done_group')
        batch_op.drop_index('ix_user_task_open_assignee')
        batch_op.drop_index('ix_user_task_open_role')
        batch_op.drop_index('ix_user_task_open_group')
        for column, _ in reversed(_COPIED):
            batch_op.drop_column(column)
