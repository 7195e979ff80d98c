from marshmallow import Schema, fields, validate

from .common import PageArgs, WorkloadPageResponse
from .records import RecordResponse

from app.vocabulary import DECISIONS

class TaskListArgs(PageArgs):
    record_type = fields.String()
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "姓名 or 账号（工号）"})


class TaskCompleteRequest(Schema):
    action = fields.String(required=True, validate=validate.OneOf(DECISIONS),
                           metadata={"description": "审核通过 / 退回 / 终止"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                            metadata={"description": "审核意见: required for return and terminate"})
    signature_version = fields.Integer(load_default=None, allow_none=True)


class InboxItemResponse(Schema):
    """One inbox row; dumped from an ``InboxItem`` (the task's columns, its record, can_act)."""

    id = fields.Integer()
    name = fields.String(metadata={"description": "当前环节"})
    lane = fields.String()
    created_at = fields.DateTime()
    can_act = fields.Boolean(metadata={"description": "false on the caller's own records (不能审核本人填报的记录)"})
    record = fields.Nested(RecordResponse)


class InboxResponse(WorkloadPageResponse):
    items = fields.List(fields.Nested(InboxItemResponse))


class TaskCompleteResponse(Schema):
    task_id = fields.Integer()
    record = fields.Nested(RecordResponse)
