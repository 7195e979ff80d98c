"""attachments, withdrawals, citation lock

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa
import app.models.base
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('extension', sa.String(length=16), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_attachment_record_id_record')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_attachment_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index('ix_attachment_record_field', ['record_id', 'field'], unique=False)

    op.create_table('withdrawal_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('record_type_code', sa.String(length=16), nullable=False),
    sa.Column('record_title', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handling', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'], name=op.f('fk_withdrawal_request_handled_by_id_user_account')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_withdrawal_request_record_id_record')),
    sa.ForeignKeyConstraint(['record_type_code'], ['record_type.code'], name=op.f('fk_withdrawal_request_record_type_code_record_type')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_withdrawal_request_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal_request'))
    )
    with op.batch_alter_table('withdrawal_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_withdrawal_request_record_id'), ['record_id'], unique=False)
        batch_op.create_index('ix_withdrawal_requester', ['requested_by_id', 'requested_at'], unique=False)

    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cited_by', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True))
        batch_op.add_column(sa.Column('is_adjusted', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_column('is_adjusted')
        batch_op.drop_column('cited_by')

    with op.batch_alter_table('withdrawal_request', schema=None) as batch_op:
        batch_op.drop_index('ix_withdrawal_requester')
        batch_op.drop_index(batch_op.f('ix_withdrawal_request_record_id'))

    op.drop_table('withdrawal_request')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_attachment_record_field')

    op.drop_table('attachment')
