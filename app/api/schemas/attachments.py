"""Attachment request/response schemas (multipart upload; catalog §0.4)."""
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import FileStorage


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
