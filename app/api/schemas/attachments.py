"""Attachment request/response schemas (multipart upload; catalog §0.4)."""
import json
import math

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

from app.api.schemas.records import RecordResponse

NOT_A_JSON_OBJECT = "必须是 JSON 对象"


class FileUpload(Upload):
    """A multipart file part (a plain form value with the same name is refused)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ValidationError("必须是上传的文件")
        return value


class AttachmentUploadRequest(Schema):
    """multipart/form-data body: the target field and the file."""

    field = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "a top-level file field (e.g. attachments, evidence) or list.subfield for a file field in a "
                       "child-list row (e.g. references.ref_file)", "example": "attachments"})
    file = FileUpload(required=True, metadata={"description": "the file; pdf/jpg/jpeg/png/doc/docx/xls/xlsx, ≤ 10 MB "
                                                          "unless the field's x-attachment says otherwise"})


class JsonObjectText(fields.Field):
    """A multipart text part holding a JSON object (documented as a string): the checks the input guard
    gives JSON bodies (no NaN/Infinity, no lone surrogates, no runaway nesting), then a dict."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError(NOT_A_JSON_OBJECT)
        try:
            parsed = json.loads(value, parse_constant=_refuse_constant, parse_float=_finite_float)
            json.dumps(parsed, ensure_ascii=False).encode("utf-8")     # lone surrogates cannot be encoded
        except (ValueError, RecursionError, UnicodeEncodeError):
            raise ValidationError(NOT_A_JSON_OBJECT) from None
        if not isinstance(parsed, dict):
            raise ValidationError(NOT_A_JSON_OBJECT)
        return parsed


def _refuse_constant(name: str) -> float:
    raise ValueError(name)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


class DraftUploadRequest(AttachmentUploadRequest):
    """multipart/form-data body of the first upload on a new form: the draft to save, the field and the file."""

    record_type = fields.String(required=True, validate=validate.Length(min=1, max=16), metadata={"example": "T01"})
    data = JsonObjectText(load_default=dict, metadata={
        "type": "string", "description": "the form's fields as a JSON object (forms/<code>.json schema); 保存's checks"})
    owner_account = fields.String(load_default=None, validate=validate.Length(min=1, max=32),
                                  metadata={"description": "unit admins only: the teacher the record belongs to"})


class AttachmentResponse(Schema):
    id = fields.Integer()
    record_id = fields.Integer()
    field = fields.String()
    file_name = fields.String(metadata={"description": "the cleaned base name, shown and used as download name"})
    extension = fields.String()
    size = fields.Integer(metadata={"description": "bytes"})
    sha256 = fields.String()
    content_type = fields.String()
    uploaded_at = fields.DateTime()
    download_url = fields.Function(lambda a: f"/api/v1/attachments/{a.id}/download")


class DraftUploadResponse(Schema):
    record = fields.Nested(RecordResponse, metadata={"description": "the new draft, listing the file"})
    attachment = fields.Nested(AttachmentResponse)
