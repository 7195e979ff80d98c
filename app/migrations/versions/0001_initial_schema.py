"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa
import app.models.base
from sqlalchemy.dialects import postgresql
from sqlalchemy import Text

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('definition_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('extra', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('spec_json', sa.Text(), nullable=True),
    sa.Column('deployed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deployed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_definition_version')),
    sa.UniqueConstraint('kind', 'key', 'version', name=op.f('uq_definition_version_kind_key_version'))
    )
    with op.batch_alter_table('definition_version', schema=None) as batch_op:
        batch_op.create_index('ix_definition_version_sha', ['kind', 'key', 'sha256'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('dedupe_key', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending', ['status', 'next_attempt_at'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('default_research_owner', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_code')),
    sa.UniqueConstraint('name', name=op.f('uq_unit_name'))
    )
    op.create_table('record_type',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('family', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('entry_mode', sa.String(length=16), nullable=False),
    sa.Column('pay_attribute', sa.String(length=16), nullable=True),
    sa.Column('process_key', sa.String(length=64), nullable=False),
    sa.Column('post_approval_policy', sa.String(length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_version_id'], ['definition_version.id'], name=op.f('fk_record_type_form_version_id_definition_version')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_record_type'))
    )
    with op.batch_alter_table('record_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_type_category'), ['category'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_user_account_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('account', name=op.f('uq_user_account_account'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_name'), ['name'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_api_token_token_sha256'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox_message.id'], name=op.f('fk_notification_outbox_id_outbox_message')),
    sa.ForeignKeyConstraint(['recipient_id'], ['user_account.id'], name=op.f('fk_notification_recipient_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('outbox_id', 'recipient_id', name=op.f('uq_notification_outbox_id_recipient_id'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_recipient_id'), ['recipient_id'], unique=False)

    op.create_table('record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_type_code', sa.String(length=16), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('submitter_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('workload', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('assessment_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.Column('current_lane', sa.String(length=16), nullable=True),
    sa.Column('dept_lane', sa.String(length=32), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_version_id'], ['definition_version.id'], name=op.f('fk_record_form_version_id_definition_version')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_record_owner_id_user_account')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['unit.id'], name=op.f('fk_record_owner_unit_id_unit')),
    sa.ForeignKeyConstraint(['record_type_code'], ['record_type.code'], name=op.f('fk_record_record_type_code_record_type')),
    sa.ForeignKeyConstraint(['submitter_id'], ['user_account.id'], name=op.f('fk_record_submitter_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record'))
    )
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_assessment_year'), ['assessment_year'], unique=False)
        batch_op.create_index('ix_record_dept_lane_status', ['dept_lane', 'status'], unique=False)
        batch_op.create_index('ix_record_owner_type_status', ['owner_id', 'record_type_code', 'status'], unique=False)
        batch_op.create_index('ix_record_unit_category_status', ['owner_unit_id', 'category', 'status'], unique=False)

    op.create_table('role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('categories', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_role_grant_unit_id_unit')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_grant_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant')),
    sa.UniqueConstraint('user_id', 'role', 'unit_id', name=op.f('uq_role_grant_user_id_role_unit_id'))
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)

    op.create_table('process_instance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('definition_version_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('unit_step', sa.Boolean(), nullable=True),
    sa.Column('dept_lane', sa.String(length=32), nullable=True),
    sa.Column('hr_step', sa.Boolean(), nullable=True),
    sa.Column('final_lane', sa.String(length=32), nullable=True),
    sa.Column('next_timer_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['definition_version_id'], ['definition_version.id'], name=op.f('fk_process_instance_definition_version_id_definition_version')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_process_instance_record_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_instance'))
    )
    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_instance_next_timer_at'), ['next_timer_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_instance_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_instance_status'), ['status'], unique=False)

    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('error_type', sa.String(length=64), nullable=False),
    sa.Column('bpmn_id', sa.String(length=64), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_incident_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_incident_record_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_record_id'), ['record_id'], unique=False)

    op.create_table('user_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('engine_task_id', sa.String(length=36), nullable=False),
    sa.Column('bpmn_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('lane', sa.String(length=16), nullable=False),
    sa.Column('candidate_role', sa.String(length=32), nullable=False),
    sa.Column('candidate_unit_id', sa.Integer(), nullable=True),
    sa.Column('candidate_category', sa.String(length=32), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('comment', sa.String(length=1000), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_user_task_assignee_id_user_account')),
    sa.ForeignKeyConstraint(['candidate_unit_id'], ['unit.id'], name=op.f('fk_user_task_candidate_unit_id_unit')),
    sa.ForeignKeyConstraint(['completed_by_id'], ['user_account.id'], name=op.f('fk_user_task_completed_by_id_user_account')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_user_task_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_user_task_record_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_task')),
    sa.UniqueConstraint('instance_id', 'engine_task_id', name=op.f('uq_user_task_instance_id_engine_task_id'))
    )
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.create_index('ix_user_task_inbox', ['status', 'candidate_role', 'candidate_unit_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_task_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_task_record_id'), ['record_id'], unique=False)

    op.create_table('review_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('user_task_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('lane', sa.String(length=16), nullable=False),
    sa.Column('step_name', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=True),
    sa.Column('signature_version', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_review_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_review_event_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_review_event_record_id_record')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_review_event_unit_id_unit')),
    sa.ForeignKeyConstraint(['user_task_id'], ['user_task.id'], name=op.f('fk_review_event_user_task_id_user_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_event'))
    )
    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_event_record_id'), ['record_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('review_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_event_record_id'))

    op.drop_table('review_event')
    with op.batch_alter_table('user_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_task_record_id'))
        batch_op.drop_index(batch_op.f('ix_user_task_instance_id'))
        batch_op.drop_index('ix_user_task_inbox')

    op.drop_table('user_task')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_record_id'))
        batch_op.drop_index(batch_op.f('ix_incident_instance_id'))

    op.drop_table('incident')
    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_instance_status'))
        batch_op.drop_index(batch_op.f('ix_process_instance_record_id'))
        batch_op.drop_index(batch_op.f('ix_process_instance_next_timer_at'))

    op.drop_table('process_instance')
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))

    op.drop_table('role_grant')
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_index('ix_record_unit_category_status')
        batch_op.drop_index('ix_record_owner_type_status')
        batch_op.drop_index('ix_record_dept_lane_status')
        batch_op.drop_index(batch_op.f('ix_record_assessment_year'))

    op.drop_table('record')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_recipient_id'))

    op.drop_table('notification')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_name'))

    op.drop_table('user_account')
    with op.batch_alter_table('record_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_type_category'))

    op.drop_table('record_type')
    op.drop_table('unit')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')

    op.drop_table('outbox_message')
    with op.batch_alter_table('definition_version', schema=None) as batch_op:
        batch_op.drop_index('ix_definition_version_sha')

    op.drop_table('definition_version')

