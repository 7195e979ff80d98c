"""Notifications (issue 13): read state per event, e-mail preferences and addresses, 催办, task due times

Revision ID: 0005_notifications_deadlines
Revises: 0004
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0005_notifications_deadlines'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_type', sa.String(length=32), nullable=True))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=200), nullable=True))
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_task_due_at'), ['due_at'], unique=False)
    op.create_table(
        'notification_preference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('event_type', sa.String(length=32), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notification_preference_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'event_type', name=op.f('pk_notification_preference')),
    )
    op.create_table(
        'urge_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('urged_on', sa.Date(), nullable=False),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_urge_event_record_id_record')),
        sa.ForeignKeyConstraint(['task_id'], ['user_task.id'], name=op.f('fk_urge_event_task_id_user_task')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_urge_event_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_urge_event')),
        sa.UniqueConstraint('record_id', 'urged_on', name=op.f('uq_urge_event_record_id_urged_on')),
    )
    with op.batch_alter_table('urge_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_urge_event_record_id'), ['record_id'], unique=False)


def downgrade() -> None:
    op.drop_table('urge_event')
    op.drop_table('notification_preference')
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_task_due_at'))
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('due_at')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('event_type')
