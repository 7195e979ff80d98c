from marshmallow import Schema, fields


class RecordTypeArgs(Schema):
    category = fields.String()


class RecordTypeInfoResponse(Schema):
    code = fields.String()
    name = fields.String()
    family = fields.String()
    category = fields.String()
    entry_mode = fields.String()
    pay_attribute = fields.String(allow_none=True)
    process_key = fields.String()
    post_approval_policy = fields.String()


class RecordTypeResponse(RecordTypeInfoResponse):
    """Dumped from a ``RecordTypeEntry`` (the type's columns, the caller's counts, the current form)."""

    list_columns = fields.Function(lambda e: list(e.form.doc["list_columns"]))
    title_field = fields.Function(lambda e: e.form.doc["title_field"])
    my_counts = fields.Function(lambda e: e.counts, metadata={
        "description": "the caller's records by status: draft, in_review, returned, approved, terminated, all"})


class RecordTypeDetailResponse(Schema):
    record_type = fields.Nested(RecordTypeInfoResponse)
    schema = fields.Dict()
    ui_schema = fields.Dict()
    metadata = fields.Dict()
    field_defaults = fields.Dict(metadata={"description": "decision-filled fields for the caller and the default 考核年度: "
                                                          "{field: {value, editable}}"})
    reference_details = fields.Dict(metadata={"description": "facts of reference values the form uses, e.g. "
                                                             "{course_owner_dept: {课程名称: 开课主管单位}}"})


class DashboardResponse(Schema):
    families = fields.Dict(metadata={"description": "{family: {status: n, all: n}}"})
    categories = fields.Dict(metadata={"description": "{category: {status: n, all: n}}"})
