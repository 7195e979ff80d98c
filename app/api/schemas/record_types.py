from marshmallow import Schema, fields

from app.extensions import db
from app.services.record_data import form_of


class RecordTypeArgs(Schema):
    category = fields.String()


class RecordTypeResponse(Schema):
    code = fields.String()
    name = fields.String()
    family = fields.String()
    category = fields.String()
    entry_mode = fields.String()
    pay_attribute = fields.String(allow_none=True)
    process_key = fields.String()
    post_approval_policy = fields.String()
    form_version = fields.Function(lambda t: t.form_version.version)
    list_columns = fields.Function(lambda t: list(form_of(db.session, t.form_version_id).doc["list_columns"]))
    title_field = fields.Function(lambda t: form_of(db.session, t.form_version_id).doc["title_field"])


class RecordTypeDetailResponse(Schema):
    record_type = fields.Nested(RecordTypeResponse)
    schema = fields.Dict()
    ui_schema = fields.Dict()
    metadata = fields.Dict()
    field_defaults = fields.Dict(metadata={"description": "decision-filled fields for the caller: {field: {value, editable}}"})
