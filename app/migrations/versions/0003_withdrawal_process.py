"""撤回 approval as a process: withdrawal_request.instance_id

Revision ID: 0003_withdrawal_process
Revises: 0003 (sessions, tokens, outbox lease)
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = '0003_withdrawal_process'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('withdrawal_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instance_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_withdrawal_request_instance_id'), ['instance_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_withdrawal_request_instance_id_process_instance'),
                                    'process_instance', ['instance_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('withdrawal_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_withdrawal_request_instance_id_process_instance'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_withdrawal_request_instance_id'))
        batch_op.drop_column('instance_id')
