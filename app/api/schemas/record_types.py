from marshmallow import Schema, fields


class RecordTypeArgs(Schema):
    category = fields.String()


class RecordTypeResponse(Schema):
    """Dumped from a ``RecordTypeEntry`` (type, the caller's counts, the current form)."""

    code = fields.Function(lambda e: e.type.code)
    name = fields.Function(lambda e: e.type.name)
    family = fields.Function(lambda e: e.type.family)
    category = fields.Function(lambda e: e.type.category)
    entry_mode = fields.Function(lambda e: e.type.entry_mode)
    pay_attribute = fields.Function(lambda e: e.type.pay_attribute)
    process_key = fields.Function(lambda e: e.type.process_key)
    post_approval_policy = fields.Function(lambda e: e.type.post_approval_policy)
    list_columns = fields.Function(lambda e: list(e.form.doc["list_columns"]))
    title_field = fields.Function(lambda e: e.form.doc["title_field"])
    my_counts = fields.Function(lambda e: e.counts, metadata={
        "description": "the caller's records by status: draft, in_review, returned, approved, terminated, all"})


class RecordTypeInfoResponse(Schema):
    code = fields.String()
    name = fields.String()
    family = fields.String()
    category = fields.String()
    entry_mode = fields.String()
    pay_attribute = fields.String(allow_none=True)
    process_key = fields.String()
    post_approval_policy = fields.String()


class RecordTypeDetailResponse(Schema):
    record_type = fields.Nested(RecordTypeInfoResponse)
    schema = fields.Dict()
    ui_schema = fields.Dict()
    metadata = fields.Dict()
    field_defaults = fields.Dict(metadata={"description": "decision-filled fields for the caller: {field: {value, editable}}"})


class DashboardResponse(Schema):
    families = fields.Dict(metadata={"description": "{family: {status: n, all: n}}"})
    categories = fields.Dict(metadata={"description": "{category: {status: n, all: n}}"})
