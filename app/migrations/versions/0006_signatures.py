"""e-signatures: signature (versioned PNG per reviewer)

Revision ID: 0006_signatures
Revises: 0005_notifications_deadlines
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0006_signatures'
down_revision = '0005_notifications_deadlines'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signature',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('png', sa.LargeBinary(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_signature_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signature')),
        sa.UniqueConstraint('user_id', 'version', name=op.f('uq_signature_user_id_version')),
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_user_id'))
    op.drop_table('signature')
