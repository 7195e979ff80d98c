from marshmallow import Schema, fields, validate

from app import messages
from app.services.review.inbox import INBOX_STATES

from .common import PageArgs, WorkloadPageResponse
from .records import RecordResponse
from .workspace import StatusFilterArgs, WorkspaceFilterArgs

from app.vocabulary import DECISIONS

class TaskListArgs(PageArgs, WorkspaceFilterArgs, StatusFilterArgs):
    record_type = fields.String()
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "姓名 or 账号（工号）"})
    year = fields.Integer(validate=validate.Range(min=1900, max=2999), metadata={"description": "考核年度"})
    state = fields.String(load_default="open", validate=validate.OneOf(INBOX_STATES),
                          metadata={"description": "open = 待审核, done = 已审核 (catalog §5.1)"})


class TaskExportArgs(TaskListArgs):
    """导出 of 待审核 / 已审核: the list's filters without paging (every filtered row)."""

    class Meta:
        exclude = ("page", "page_size")


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
    can_act = fields.Boolean(metadata={"description":
                                       "false on the caller's own records (不能审核本人填报的记录) and on done tasks"})
    outcome = fields.String(allow_none=True, metadata={"description": "done tasks: approve | return | terminate"})
    outcome_label = fields.Function(lambda i: messages.ACTION_LABELS.get(i.task.outcome) if i.task.outcome else None,
                                    metadata={"description": "处理结果: 通过 / 退回 / 终止"})
    completed_at = fields.DateTime(allow_none=True, metadata={"description": "处理时间 of done tasks"})
    completed_by = fields.Function(lambda i: {"account": i.task.completed_by.account, "name": i.task.completed_by.name}
                                   if i.task.completed_by else None, metadata={"description": "处理人"})
    record = fields.Nested(RecordResponse)


class InboxResponse(WorkloadPageResponse):
    items = fields.List(fields.Nested(InboxItemResponse))


class TaskCompleteResponse(Schema):
    task_id = fields.Integer()
    record = fields.Nested(RecordResponse)


class PendingCountsResponse(Schema):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "{record-type code: open tasks}; types without tasks are absent"})
    total = fields.Integer()


class BatchFilter(WorkspaceFilterArgs, StatusFilterArgs):
    """「全部筛选结果」: the inbox filters whose every open row is decided (at most 500)."""

    record_type = fields.String()
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "姓名 or 账号（工号）"})
    year = fields.Integer(validate=validate.Range(min=1900, max=2999), metadata={"description": "考核年度"})


class BatchReviewRequest(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["approve", "return"]),
                           metadata={"description": "通过 (approve) or 退回 (return)"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                            metadata={"description": "one shared 审核意见: required for return"})
    task_ids = fields.List(fields.Integer(), load_default=None, allow_none=True,
                           validate=validate.Length(max=500),
                           metadata={"description": "selected rows or a page; omit to decide every filtered row"})
    filter = fields.Nested(BatchFilter, load_default=None, allow_none=True,
                           metadata={"description": "used when task_ids is omitted"})
    record_versions = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=None,
                                  allow_none=True,
                                  metadata={"description": "{task_id: record version seen}; changed since → 记录已变更"})


class BatchResultItem(Schema):
    task_id = fields.Integer()
    record_id = fields.Integer(allow_none=True)
    title = fields.String(allow_none=True)
    owner = fields.String(allow_none=True, metadata={"description": "提交人 (the owner's 姓名)"})
    outcome = fields.String(metadata={"description": "success | done_by_other | out_of_scope | changed"})
    label = fields.String(metadata={"description": "成功 / 已由他人处理 / 不在您的审核范围 / 记录已变更"})
    detail = fields.String(allow_none=True, metadata={"description": "the single review's message"})


class BatchReviewResponse(Schema):
    total = fields.Integer()
    succeeded = fields.Integer()
    failed = fields.Integer()
    results = fields.List(fields.Nested(BatchResultItem))
