from marshmallow import Schema, fields, validate

from .common import patch_of
from .imports import FileUpload, RowError


class FieldUseResponse(Schema):
    record_type = fields.String()
    type_title = fields.String()
    field = fields.String()
    label = fields.String()


class ReferenceListResponse(Schema):
    name = fields.String(metadata={"description": "the x-reference name, e.g. course_catalog, term_calendar, T03.task_kind"})
    label = fields.String()
    kind = fields.String(metadata={"description": "course | term | enum"})
    active_count = fields.Integer()
    retired_count = fields.Integer()
    uses = fields.List(fields.Nested(FieldUseResponse), metadata={"description": "the form fields the list backs"})


class OverviewResponse(Schema):
    lists = fields.List(fields.Nested(ReferenceListResponse))
    default_assessment_year = fields.Integer()


class ValuesArgs(Schema):
    include_retired = fields.Boolean(load_default=False, metadata={"description": "系统管理员 only"})


class ReferenceValueResponse(Schema):
    id = fields.Integer()
    value = fields.String()
    owner_dept = fields.String(allow_none=True, metadata={"description": "course catalogue: 开课主管单位"})
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    sort_order = fields.Integer()
    retired = fields.Boolean()
    retired_at = fields.DateTime(allow_none=True)
    usage_count = fields.Integer(allow_none=True, metadata={"description": "records holding it (系统管理员 only)"})


class ValuesResponse(Schema):
    name = fields.String()
    label = fields.String()
    kind = fields.String()
    owner_dept_choices = fields.List(fields.String())
    items = fields.List(fields.Nested(ReferenceValueResponse))


class ValueRequest(Schema):
    value = fields.String(required=True, validate=validate.Length(max=200))
    owner_dept = fields.String(allow_none=True, validate=validate.Length(max=64))
    start_date = fields.String(allow_none=True, validate=validate.Length(max=10), metadata={"description": "YYYY-MM-DD"})
    end_date = fields.String(allow_none=True, validate=validate.Length(max=10), metadata={"description": "YYYY-MM-DD"})


ValueUpdateRequest = patch_of(ValueRequest, "ValueUpdateRequest",
                              extra={"sort_order": fields.Integer(validate=validate.Range(min=0, max=1_000_000))})


class DefaultYearRequest(Schema):
    default_assessment_year = fields.Integer(required=True)


class DefaultYearResponse(Schema):
    default_assessment_year = fields.Integer()


class CourseUploadRequest(Schema):
    """multipart/form-data: the filled 课程目录导入模板."""
    file = FileUpload(required=True, metadata={"description": ".xlsx or .xls, ≤ 10 MB"})


class CourseRowResponse(Schema):
    row = fields.Integer()
    cells = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    valid = fields.Boolean()
    errors = fields.List(fields.Nested(RowError))


class CourseBatchResponse(Schema):
    id = fields.Integer()
    file_name = fields.String()
    status = fields.String()
    rows = fields.List(fields.Nested(CourseRowResponse))
    total_rows = fields.Integer()
    valid_count = fields.Integer()
    invalid_count = fields.Integer()


class CourseCommitResponse(Schema):
    id = fields.Integer()
    status = fields.String()
    imported_count = fields.Integer()
