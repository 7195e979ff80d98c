"""转交, 委托 and 扫码签名: delegation, signing_token; acted_for_id on user_task and review_event,
target_user_id on review_event

Revision ID: 0011_delegation_qr
Revises: 0009_definition_drafts
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0011_delegation_qr'
down_revision = '0012_multi_signers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'delegation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegator_id', sa.Integer(), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['delegator_id'], ['user_account.id'], name=op.f('fk_delegation_delegator_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['delegate_id'], ['user_account.id'], name=op.f('fk_delegation_delegate_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_delegation_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation')),
    )
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_delegator_id'), ['delegator_id'], unique=False)
        batch_op.create_index('ix_delegation_delegate', ['delegate_id', 'ends_on'], unique=False)
    op.create_table(
        'signing_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('signature_version', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_signing_token_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_token')),
        sa.UniqueConstraint('token_sha256', name=op.f('uq_signing_token_token_sha256')),
    )
    with op.batch_alter_table('signing_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_token_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acted_for_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_task_acted_for_id_user_account'), 'user_account',
                                    ['acted_for_id'], ['id'])
    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acted_for_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('target_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_review_event_acted_for_id_user_account'), 'user_account',
                                    ['acted_for_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_review_event_target_user_id_user_account'), 'user_account',
                                    ['target_user_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_event_target_user_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_review_event_acted_for_id_user_account'), type_='foreignkey')
        batch_op.drop_column('target_user_id')
        batch_op.drop_column('acted_for_id')
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_task_acted_for_id_user_account'), type_='foreignkey')
        batch_op.drop_column('acted_for_id')
    with op.batch_alter_table('signing_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_token_user_id'))
    op.drop_table('signing_token')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index('ix_delegation_delegate')
        batch_op.drop_index(batch_op.f('ix_delegation_delegator_id'))
    op.drop_table('delegation')
