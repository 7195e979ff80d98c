"""Schemas of /api/v1/operations (运维: instances, stuck view, actions, figures)."""
from marshmallow import Schema, fields, validate

from app.vocabulary import Role

from .common import PageArgs, PageResponse

REASON = fields.String(required=True, validate=validate.Length(min=1, max=500),
                       metadata={"description": "操作原因 (recorded in the audit trail)"})


class InstanceListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(("running", "completed", "terminated", "cancelled", "suspended",
                                                    "incident")))
    process_key = fields.String(validate=validate.Length(max=64), metadata={"description": "e.g. workload_approval"})
    version = fields.Integer(validate=validate.Range(min=1), metadata={"description": "with process_key"})
    lane = fields.String(validate=validate.OneOf(("applicant", "unit", "dept", "hr")),
                         metadata={"description": "instances with an open task in this lane"})
    unit_id = fields.Integer(validate=validate.Range(min=1), metadata={"description": "the record's owner unit"})
    older_than_days = fields.Integer(validate=validate.Range(min=1, max=3650),
                                     metadata={"description": "started at least N days ago"})


class RecordColumns(Schema):
    """The record a listed instance or task belongs to: id, title, type name, owner and owner unit."""
    record_id = fields.Integer()
    record_title = fields.String(allow_none=True)
    record_type = fields.String()
    owner = fields.String()
    owner_unit = fields.String(allow_none=True)


class InstanceRowResponse(RecordColumns):
    id = fields.Integer()
    status = fields.String()
    status_label = fields.String()
    process_key = fields.String()
    process_version = fields.Integer()
    step = fields.String(allow_none=True, metadata={"description": "当前环节"})
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    open_incidents = fields.Integer()
    created_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class InstancePageResponse(PageResponse):
    items = fields.List(fields.Nested(InstanceRowResponse))


class Option(Schema):
    value = fields.String()
    label = fields.String()


class ProcessOption(Schema):
    key = fields.String()
    versions = fields.List(fields.Integer())


class UnitOption(Schema):
    id = fields.Integer()
    name = fields.String()


class InstanceFiltersResponse(Schema):
    statuses = fields.List(fields.Nested(Option))
    processes = fields.List(fields.Nested(ProcessOption))
    lanes = fields.List(fields.Nested(Option))
    units = fields.List(fields.Nested(UnitOption))


class TaskRowResponse(RecordColumns):
    id = fields.Integer()
    instance_id = fields.Integer()
    name = fields.String(metadata={"description": "当前环节"})
    lane = fields.String()
    lane_label = fields.String()
    group = fields.String(metadata={"description": "候选组, e.g. 二级单位管理员 · 文学院"})
    assignee = fields.String(allow_none=True, metadata={"description": "改派给的人"})
    created_at = fields.DateTime()
    due_at = fields.DateTime(allow_none=True)


class IncidentRowResponse(Schema):
    id = fields.Integer()
    instance_id = fields.Integer(allow_none=True)
    record_id = fields.Integer(allow_none=True)
    record_title = fields.String(allow_none=True)
    record_type = fields.String(allow_none=True)
    owner = fields.String(allow_none=True)
    error_type = fields.String()
    bpmn_id = fields.String(allow_none=True, metadata={"description": "the failing element"})
    message = fields.String()
    can_retry = fields.Boolean()
    created_at = fields.DateTime()


class FailedOutboxResponse(Schema):
    id = fields.Integer()
    event_type = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()


class StuckResponse(Schema):
    incidents = fields.List(fields.Nested(IncidentRowResponse))
    unstaffed = fields.List(fields.Nested(TaskRowResponse), metadata={"description": "候选组无在岗成员的待办"})
    overdue = fields.List(fields.Nested(TaskRowResponse), metadata={"description": "已超时的待办"})
    failed_outbox = fields.List(fields.Nested(FailedOutboxResponse))


class ReasonRequest(Schema):
    reason = REASON


class ReassignRequest(Schema):
    user_id = fields.Integer(required=True, metadata={"description": "the eligible account's id"})
    reason = REASON


class AssigneeResponse(Schema):
    id = fields.Integer()
    account = fields.String()
    name = fields.String()
    unit = fields.Function(lambda u: u.unit.name if u.unit else None)
    roles = fields.Function(lambda u: sorted({Role(g.role).label for g in u.grants}),
                            metadata={"description": "role labels, e.g. 二级单位管理员"})


class AssigneeListResponse(Schema):
    items = fields.List(fields.Nested(AssigneeResponse))


class DoneResponse(Schema):
    ok = fields.Boolean()


class AgeBucket(Schema):
    le_hours = fields.Float()
    count = fields.Integer(metadata={"description": "cumulative: open review tasks at most this old"})


class FiguresResponse(Schema):
    instances = fields.Dict(keys=fields.String(), values=fields.Integer())
    open_tasks = fields.Dict(keys=fields.String(), values=fields.Integer())
    task_age_buckets = fields.Function(lambda f: [{"le_hours": b, "count": c} for b, c in f.task_age_buckets])
    task_age_count = fields.Integer()
    outbox_pending = fields.Integer()
    outbox_failed = fields.Integer()
    open_incidents = fields.Integer()
    queue_length = fields.Integer(allow_none=True)
    heartbeat_at = fields.Float(allow_none=True, metadata={"description": "Unix seconds; null: no broker or no worker"})
    measured_at = fields.Float()


class JumpRequest(Schema):
    bpmn_id = fields.String(required=True, validate=validate.Length(min=1, max=64),
                            metadata={"description": "a step the instance has passed (GET …/steps)"})
    reason = REASON


class StepOption(Schema):
    bpmn_id = fields.String()
    name = fields.String()


class StepListResponse(Schema):
    items = fields.List(fields.Nested(StepOption))
