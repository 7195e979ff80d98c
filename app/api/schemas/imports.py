"""Import wizard schemas (catalog §4.1, §4.3)."""
from marshmallow import Schema, fields, validate

from .attachments import FileUpload
from .common import PageArgs, PageResponse


class ImportTypeResponse(Schema):
    code = fields.String(metadata={"example": "T03"})
    title = fields.String(metadata={"example": "临床医学专业水平测试"})
    category = fields.String()
    template_name = fields.String(metadata={"example": "临床医学专业水平测试导入模板.xlsx"})


class ImportUploadRequest(Schema):
    """multipart/form-data: the filled template and, optionally, the data sheet to read."""
    file = FileUpload(required=True, metadata={"description": ".xlsx or .xls, ≤ 10 MB, ≤ 5000 data rows"})
    sheet = fields.String(validate=validate.Length(min=1, max=64),
                          metadata={"description": "default: the first sheet that is not 可选值"})


class SheetRequest(Schema):
    sheet = fields.String(required=True, validate=validate.Length(min=1, max=64))


class MappingRequest(Schema):
    mapping = fields.Dict(keys=fields.String(validate=validate.Length(max=200)), required=True,
                          values=fields.String(allow_none=True, validate=validate.Length(max=64)),
                          metadata={"description": "表格列 (header) → 系统字段 key (__account = 用户 › 账号, "
                                                   "__name = 教职工姓名, a form field key, or null to ignore)",
                                    "example": {"教职工账号": "__account", "场次": "sessions", "备用列": None}})


class ColumnMapping(Schema):
    header = fields.String()
    field = fields.String(allow_none=True)
    target = fields.String(allow_none=True, metadata={"example": "用户 › 账号"})


class FieldOption(Schema):
    key = fields.String()
    label = fields.String()
    target = fields.String()
    required = fields.Boolean()


class ProgressResponse(Schema):
    percent = fields.Integer(metadata={"description": "0–100"})
    done = fields.Integer()
    total = fields.Integer()


class BatchResponse(Schema):
    id = fields.Integer()
    record_type = fields.String()
    record_type_name = fields.String(metadata={"example": "临床医学专业水平测试",
                                               "description": "the type's name (教师账号批量生成 for ACCOUNTS), whatever the "
                                                              "caller's active role may import"})
    file_name = fields.String()
    sha256 = fields.String()
    status = fields.String(metadata={"description": "uploaded | mapped | previewed | committing | committed | failed | "
                                                    "cancelled"})
    status_label = fields.String()
    sheets = fields.List(fields.String(), metadata={"description": "data sheets to pick from (可选值 left out)"})
    sheet = fields.String(allow_none=True)
    headers = fields.List(fields.String())
    columns = fields.List(fields.Nested(ColumnMapping))
    fields_ = fields.List(fields.Nested(FieldOption), data_key="fields")
    missing_required = fields.List(fields.String(), metadata={"description": "「必填字段“X”未映射」: blocks 下一步"})
    warnings = fields.List(fields.String())
    total_rows = fields.Integer()
    valid_count = fields.Integer()
    invalid_count = fields.Integer()
    imported_count = fields.Integer()
    progress = fields.Nested(ProgressResponse)
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    committed_at = fields.DateTime(allow_none=True)

    def get_attribute(self, obj, attr, default):
        return super().get_attribute(obj, "fields" if attr == "fields_" else attr, default)


class RowError(Schema):
    row = fields.Integer()
    column = fields.String(allow_none=True)
    message = fields.String()
    text = fields.String(metadata={"example": "第 7 行，“教职工账号”：账号不存在"})


class RowOwner(Schema):
    account = fields.String()
    name = fields.String()


class PreviewRow(Schema):
    row = fields.Integer(metadata={"description": "spreadsheet row number"})
    cells = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    owner = fields.Nested(RowOwner, allow_none=True)
    errors = fields.List(fields.Nested(RowError))


class PreviewRowsArgs(PageArgs):
    valid = fields.Boolean(load_default=True, metadata={"description": "true: 有效数据, false: 无效数据"})
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class PreviewRowsResponse(PageResponse):
    items = fields.List(fields.Nested(PreviewRow))


class BatchListArgs(Schema):
    record_type = fields.String(validate=validate.Length(max=16))


class PersonalUploadRequest(Schema):
    """multipart/form-data: the filled personal template and the saved parent record (病案列表 / 参考文献)."""
    file = FileUpload(required=True, metadata={"description": ".xlsx or .xls, ≤ 10 MB"})
    record_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),
                               metadata={"description": "the A20/A21/A22 record (required for cases and references)"})


class PersonalRow(Schema):
    row = fields.Integer()
    cells = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    status = fields.String(allow_none=True, metadata={"description": "允许导入, or null when the row has errors"})
    errors = fields.List(fields.Nested(RowError))


class PersonalBatchResponse(Schema):
    id = fields.Integer()
    template = fields.String()
    record_id = fields.Integer(allow_none=True)
    file_name = fields.String()
    rows = fields.List(fields.Nested(PersonalRow))
    total_rows = fields.Integer()
    valid_count = fields.Integer()
    invalid_count = fields.Integer()
    can_import = fields.Boolean(metadata={"description": "正式导入 is enabled only when every row is 允许导入"})


class PersonalCommitResponse(Schema):
    id = fields.Integer()
    status = fields.String()
    imported_count = fields.Integer()
    record_ids = fields.List(fields.Integer(), metadata={"description": "A19: the new drafts; else the parent"})
