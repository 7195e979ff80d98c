"""会签 / 或签 signer rows and 退回上一步 on user_task

Revision ID: 0012_multi_signers
Revises: 0010_operations
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = '0012_multi_signers'
down_revision = '0009_definition_drafts'
branch_labels = None
depends_on = None

_OPEN_GROUP = "status = 'open' AND assignee_id IS NULL"
_OPEN_SIGNER = "status = 'open' AND assignee_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_mode', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('previous_task_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_task_previous_task_id_user_task'), 'user_task',
                                    ['previous_task_id'], ['id'])
        batch_op.drop_constraint('uq_user_task_instance_id_engine_task_id', type_='unique')
        batch_op.create_index('ix_user_task_engine_task', ['instance_id', 'engine_task_id'], unique=False)
        batch_op.create_index('uq_user_task_open_group', ['instance_id', 'engine_task_id'], unique=True,
                              postgresql_where=sa.text(_OPEN_GROUP), sqlite_where=sa.text(_OPEN_GROUP))
        batch_op.create_index('uq_user_task_open_signer', ['instance_id', 'engine_task_id', 'assignee_id'],
                              unique=True, postgresql_where=sa.text(_OPEN_SIGNER), sqlite_where=sa.text(_OPEN_SIGNER))


def downgrade() -> None:
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.drop_index('uq_user_task_open_signer')
        batch_op.drop_index('uq_user_task_open_group')
        batch_op.drop_index('ix_user_task_engine_task')
        batch_op.create_unique_constraint('uq_user_task_instance_id_engine_task_id', ['instance_id', 'engine_task_id'])
        batch_op.drop_constraint(batch_op.f('fk_user_task_previous_task_id_user_task'), type_='foreignkey')
        batch_op.drop_column('previous_task_id')
        batch_op.drop_column('sign_mode')
