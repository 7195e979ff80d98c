"""process admin console: definition_draft (one draft per admin and definition)

Revision ID: 0009_definition_drafts
Revises: 0008_reference_data
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0009_definition_drafts'
down_revision = '0010_operations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'definition_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('base_version_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_definition_draft_owner_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['base_version_id'], ['definition_version.id'],
                                name=op.f('fk_definition_draft_base_version_id_definition_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_definition_draft')),
        sa.UniqueConstraint('owner_id', 'kind', 'key', name=op.f('uq_definition_draft_owner_id_kind_key')),
    )
    with op.batch_alter_table('definition_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_definition_draft_owner_id'), ['owner_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('definition_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_definition_draft_owner_id'))
    op.drop_table('definition_draft')
