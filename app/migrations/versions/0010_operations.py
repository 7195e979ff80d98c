"""operations: the step an incident interrupted (retry), who resolved it; instances listed by age

Revision ID: 0010_operations
Revises: 0006_signatures
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

from sqlalchemy.dialects import postgresql

revision = '0010_operations'
down_revision = '0008_reference_data'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident') as batch:
        batch.add_column(sa.Column('engine_task_id', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('step_data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True))
        batch.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_incident_resolved_by_id_user_account'), 'user_account',
                                 ['resolved_by_id'], ['id'])
    op.create_index('ix_process_instance_created_at', 'process_instance', ['created_at'])


def downgrade() -> None:
    op.drop_index('ix_process_instance_created_at', table_name='process_instance')
    with op.batch_alter_table('incident') as batch:
        batch.drop_constraint(batch.f('fk_incident_resolved_by_id_user_account'), type_='foreignkey')
        batch.drop_column('resolved_by_id')
        batch.drop_column('step_data')
        batch.drop_column('engine_task_id')
