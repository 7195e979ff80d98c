"""撤回, 撤回记录 and citation request/response schemas (catalog §3.4, §3.5)."""
from marshmallow import Schema, fields, validate

from app import messages
from app.services.records.withdrawals import WITHDRAWAL_HANDLING, WITHDRAWAL_OUTCOMES
from app.services.records.citations import KINDS, MAX_REF
from app.services.records.withdrawals import handling_label, outcome_label

from .common import PageArgs, PageResponse
from .records import PersonResponse, RecordResponse


class WithdrawRequest(Schema):
    reason = fields.String(required=True, metadata={"description": "撤回原因 (the service checks it: 请填写撤回原因)",
                                                    "minLength": 1, "maxLength": 500})


class WithdrawalDecisionRequest(Schema):
    agree = fields.Boolean(required=True, metadata={"description": "true = 同意 (the record returns to draft), false = 不同意"})
    note = fields.String(load_default=None, allow_none=True, metadata={"description": "处理说明", "maxLength": 500})


class WithdrawalListArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "按照业绩名称查询"})
    record_type = fields.String(validate=validate.Length(max=16), metadata={"description": "业绩类别 (record-type code)"})
    handling = fields.String(validate=validate.OneOf(WITHDRAWAL_HANDLING), metadata={"description": "处理情况"})
    outcome = fields.String(validate=validate.OneOf(WITHDRAWAL_OUTCOMES), metadata={"description": "状态"})


class WithdrawalResponse(Schema):
    id = fields.Integer()
    record_id = fields.Integer(metadata={"description": "查看: the record's detail"})
    record_type = fields.String(attribute="record_type_code")
    record_title = fields.String(allow_none=True, metadata={"description": "业绩名称 when the request was filed"})
    reason = fields.String(metadata={"description": "撤回原因"})
    requested_at = fields.DateTime(metadata={"description": "申请时间"})
    handling = fields.String(metadata={"description": "pending | processed"})
    handling_label = fields.Function(handling_label, metadata={"description": "处理情况: 待处理 / 已处理"})
    outcome = fields.String(allow_none=True, metadata={"description": "withdrawn | refused | rejected"})
    outcome_label = fields.Function(outcome_label, metadata={"description": "状态: 撤回成功 / 不予撤回 / 不同意 / —"})
    note = fields.String(allow_none=True, metadata={"description": "处理说明"})
    handled_by = fields.Nested(PersonResponse, allow_none=True,
                               metadata={"description": "处理人; null while pending or when decided automatically"})
    handled_at = fields.DateTime(allow_none=True, metadata={"description": "处理时间"})


class WithdrawalItemResponse(WithdrawalResponse):
    record_type_name = fields.String(metadata={"description": "业绩类别"})
    requester = fields.Nested(PersonResponse, metadata={"description": "申请人"})
    can_decide = fields.Boolean(metadata={"description": "the caller may 同意 / 不同意 it now"})


class WithdrawalListResponse(PageResponse):
    items = fields.List(fields.Nested(WithdrawalItemResponse))


class CitationRequest(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS),
                         metadata={"description": "title_application (职称申报) | settlement (工作量结算) | info_report (上报)"})
    ref = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REF),
                        metadata={"description": "the citing document's reference, e.g. an application number"})


class CitationResponse(Schema):
    kind = fields.String()
    kind_label = fields.Function(lambda c: messages.CITATION_KIND_LABELS.get(c.get("kind"), c.get("kind")))
    ref = fields.String()
    at = fields.String(metadata={"description": "ISO 8601, UTC"})
    by = fields.Integer(metadata={"description": "user id of the person who cited it"})


class CitedRecordResponse(RecordResponse):
    cited_by = fields.List(fields.Nested(CitationResponse), metadata={"description": "引用 (catalog §3.5)"})
