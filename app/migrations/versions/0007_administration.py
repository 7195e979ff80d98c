"""administration: unit parent and active flag; account facts (性别, 出生年月, 身份证号码), staff flag and
one-time passwords; account import batches (no record type)

Revision ID: 0007_administration
Revises: 0009_definition_drafts
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

import app.models.base

revision = '0007_administration'
down_revision = '0011_delegation_qr'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_index(batch_op.f('ix_unit_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_unit_parent_id_unit'), 'unit', ['parent_id'], ['id'])
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('birth_month', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('id_number', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('is_staff', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('one_time_login_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.alter_column('record_type_code', existing_type=sa.String(length=16), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM import_row WHERE batch_id IN (SELECT id FROM import_batch WHERE record_type_code IS NULL)")
    op.execute("DELETE FROM import_batch WHERE record_type_code IS NULL")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.alter_column('record_type_code', existing_type=sa.String(length=16), nullable=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        for column in ('one_time_login_at', 'must_change_password', 'is_staff', 'id_number', 'birth_month', 'gender'):
            batch_op.drop_column(column)
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_unit_parent_id_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_unit_parent_id'))
        batch_op.drop_column('is_active')
        batch_op.drop_column('parent_id')
