"""数据汇总 and 工作量结算 schemas (catalog §5.5, §7.6)."""
from marshmallow import Schema, fields, validate

from .common import PageArgs

YEAR = validate.Range(min=2000, max=2100)
YEAR_OR_DEFAULT = "考核年度; none: the default 考核年度 (catalog §1.3.0), named in the answer's ``year``"


class SummaryArgs(PageArgs):
    year = fields.Integer(validate=YEAR, metadata={"description": YEAR_OR_DEFAULT})
    unit_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "所属部门 (HR)"})
    q = fields.String(validate=validate.Length(max=64), metadata={"description": "姓名 or 账号"})
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class ItemArgs(Schema):
    year = fields.Integer(validate=YEAR, metadata={"description": YEAR_OR_DEFAULT})
    unit_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    q = fields.String(validate=validate.Length(max=64))


class ExportArgs(ItemArgs):
    fields_ = fields.List(fields.String(validate=validate.Length(max=40)), data_key="fields", attribute="fields",
                          validate=validate.Length(max=100), metadata={"description": "chosen field keys; none = 全选"})
    item = fields.String(validate=validate.Length(max=40), metadata={"description": "export one item's records instead"})


class ExportFieldArgs(Schema):
    item = fields.String(validate=validate.Length(max=40))


class ItemLabel(Schema):
    key = fields.String(metadata={"example": "teaching-paid"})
    label = fields.String(metadata={"example": "教学教研工作量（计量计酬）"})


class SummaryRow(Schema):
    account = fields.String()
    name = fields.String()
    unit = fields.String(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    items = fields.Dict(keys=fields.String(), values=fields.Float(), metadata={"description": "item key → 工作量"})
    paid_total = fields.Float(metadata={"description": "计量计酬合计"})
    unpaid_total = fields.Float(metadata={"description": "计量不计酬合计"})
    total = fields.Float(metadata={"description": "总计"})


class Totals(Schema):
    paid_total = fields.Float()
    unpaid_total = fields.Float()
    total = fields.Float()


class SummaryResponse(Schema):
    year = fields.Integer(required=True, metadata={"description": "the 考核年度 shown: the one asked for, else the default"})
    frozen = fields.Boolean(metadata={"description": "the year is closed (工作量结算): figures are the snapshot"})
    closed_at = fields.DateTime(allow_none=True)
    items = fields.List(fields.Nested(ItemLabel))
    items_total = fields.Dict(keys=fields.String(), values=fields.Float())
    rows = fields.List(fields.Nested(SummaryRow))
    total = fields.Integer(metadata={"description": "teachers"})
    page = fields.Integer()
    page_size = fields.Integer()
    totals = fields.Nested(Totals)


class DetailRecord(Schema):
    record_id = fields.Integer()
    record_type = fields.String()
    type_name = fields.String()
    title = fields.String(allow_none=True)
    workload = fields.Float()
    approved_at = fields.String(allow_none=True)


class DetailGroup(Schema):
    account = fields.String()
    name = fields.String()
    unit = fields.String(allow_none=True)
    subtotal = fields.Float()
    records = fields.List(fields.Nested(DetailRecord))


class ItemDetailResponse(Schema):
    year = fields.Integer(required=True, metadata={"description": "the 考核年度 shown: the one asked for, else the default"})
    frozen = fields.Boolean()
    item = fields.Nested(ItemLabel)
    groups = fields.List(fields.Nested(DetailGroup))
    total = fields.Float()


class SettlementRequest(Schema):
    year = fields.Integer(required=True, validate=YEAR)


class SettlementResponse(Schema):
    year = fields.Integer()
    closed_at = fields.DateTime()
    record_count = fields.Integer()
    teacher_count = fields.Integer()
