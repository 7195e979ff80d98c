"""reference data: reference_value (course catalogue, term calendar, reference enums), reference_setting

Revision ID: 0008_reference_data
Revises: 0006_signatures
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import app.models.base

revision = '0008_reference_data'
down_revision = '0006_signatures'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reference_value',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('list_name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.Column('owner_dept', sa.String(length=64), nullable=True),
        sa.Column('start_date', sa.Date(), nullable=True),
        sa.Column('end_date', sa.Date(), nullable=True),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('retired_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_value')),
        sa.UniqueConstraint('list_name', 'value', name=op.f('uq_reference_value_list_name_value')),
    )
    with op.batch_alter_table('reference_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_value_list_name'), ['list_name'], unique=False)
    op.create_table(
        'reference_setting',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
                  nullable=False),
        sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_reference_setting')),
    )


def downgrade() -> None:
    op.drop_table('reference_setting')
    with op.batch_alter_table('reference_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_value_list_name'))
    op.drop_table('reference_value')
