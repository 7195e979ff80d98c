"""Record request/response schemas. The record's own fields (``data``) are validated by the service
against the record type's JSON Schema; marshmallow validates only the envelope around them."""
from marshmallow import Schema, fields, validate

from app import messages
from app.api.schemas.common import PageArgs, WorkloadPageResponse
from app.api.schemas.workspace import WorkspaceFilterArgs
from app.services.locks import is_cited
from app.services.records.record_queries import TAB_STATUSES


class RecordCreateRequest(Schema):
    record_type = fields.String(required=True, validate=validate.Length(min=1, max=16), metadata={"example": "T04"})
    data = fields.Dict(required=True, metadata={"description": "the form's fields (forms/<code>.json schema)"})
    submit = fields.Boolean(load_default=False, metadata={"description": "提交 at once instead of 保存"})
    owner_account = fields.String(load_default=None, validate=validate.Length(min=1, max=32),
                                  metadata={"description": "unit admins only: the teacher the record belongs to"})


class RecordUpdateRequest(Schema):
    data = fields.Dict(required=True)
    version = fields.Integer(required=True, metadata={"description": "the version read; 409 when stale"})


class RecordActionRequest(Schema):
    version = fields.Integer(load_default=None, metadata={"description": "optional optimistic-lock check"})


class RecordAdjustRequest(RecordActionRequest):
    field = fields.String(required=True, metadata={"description": "the child list, e.g. cases (病案列表), references (参考文献)"})
    rows = fields.List(fields.Dict(), required=True, metadata={"description": "the whole list in display order"})


class RecordListArgs(PageArgs, WorkspaceFilterArgs):
    record_type = fields.String()
    status = fields.String(validate=validate.OneOf(TAB_STATUSES))
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "姓名 / 账号 / 业绩名称"})
    view = fields.String(load_default="mine", validate=validate.OneOf(("mine", "scope")))
    year = fields.Integer(validate=validate.Range(min=1900, max=2999), metadata={"description": "考核年度"})


class PersonResponse(Schema):
    id = fields.Integer()
    account = fields.String()
    name = fields.String()


class RecordResponse(Schema):
    id = fields.Integer()
    record_type = fields.String(attribute="record_type_code")
    record_type_name = fields.Function(lambda r: r.record_type.name)
    family = fields.Function(lambda r: r.record_type.family)
    category = fields.Function(lambda r: r.record_type.category)
    status = fields.String()
    status_label = fields.String(metadata={"description": "the status label of the record's family (catalog §3.1)"})
    workload = fields.Float(allow_none=True)
    owner = fields.Nested(PersonResponse)
    owner_unit = fields.Function(lambda r: r.owner_unit.name if r.owner_unit else None)
    submitter = fields.Nested(PersonResponse)
    origin = fields.String()
    title = fields.String(allow_none=True)
    assessment_year = fields.Integer(allow_none=True)
    data = fields.Dict()
    current_lane = fields.String(allow_none=True)
    dept_lane = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()
    is_adjusted = fields.Boolean(metadata={"description": "已调整 while 审核中 (catalog §3.6)"})
    is_cited = fields.Function(is_cited, metadata={"description": "cited records are locked (§3.5)"})


class TrailEntryResponse(Schema):
    step = fields.String(attribute="step_name", metadata={"description": "环节"})
    lane = fields.String()
    unit = fields.Function(lambda e: e.unit.name if e.unit else None, metadata={"description": "处理部门"})
    actor = fields.Function(lambda e: {"account": e.actor.account, "name": e.actor.name}, metadata={"description": "处理人"})
    action = fields.String()
    action_label = fields.Function(lambda e: messages.ACTION_LABELS.get(e.action, e.action),
                                   metadata={"description": "处理结果"})
    comment = fields.String(allow_none=True, metadata={"description": "审核意见"})
    signature_version = fields.Integer(allow_none=True, metadata={"description": "电子签名 version of a single review"})
    signature_url = fields.Function(lambda e: f"/api/v1/signatures/{e.actor_id}/{e.signature_version}"
                                    if e.signature_version else None, metadata={"description": "the signature image"})
    at = fields.DateTime(metadata={"description": "处理时间"})


class RecordListResponse(WorkloadPageResponse):
    items = fields.List(fields.Nested(RecordResponse))
    tabs = fields.Dict(metadata={"description": "record count per status, and all"})


class OpenTaskResponse(Schema):
    id = fields.Integer()
    name = fields.String()
    lane = fields.String()


class WaitingOnResponse(Schema):
    step = fields.String(metadata={"description": "当前环节"})
    lane = fields.String()
    lane_label = fields.String(metadata={"description": "二级单位审核 / 职能部门审核 / 人力资源部审核 / 申请人"})
    unit = fields.String(allow_none=True, metadata={"description": "处理部门 (none for the school-wide HR group)"})
    people = fields.List(fields.String(), metadata={"description": "待处理人: names of the eligible reviewers"})


class RecordDetailResponse(Schema):
    record = fields.Nested(RecordResponse)
    trail = fields.List(fields.Nested(TrailEntryResponse))
    open_task = fields.Nested(OpenTaskResponse, allow_none=True)
    can_act = fields.Boolean()
    current_step = fields.String(allow_none=True, metadata={"description": "当前环节"})
    waiting_on = fields.Nested(WaitingOnResponse, allow_none=True,
                               metadata={"description": "who the record waits on; null when no step is open"})


class DiagramResponse(Schema):
    process_key = fields.String()
    version = fields.Integer(allow_none=True)
    bpmn_xml = fields.String(allow_none=True)
    completed = fields.List(fields.String())
    active = fields.List(fields.String())
    status = fields.String(allow_none=True)


class RecordExportArgs(RecordListArgs):
    """导出: the list's filters (tab and filter), without paging: the whole filtered list is exported."""

    class Meta:
        exclude = ("page", "page_size")
