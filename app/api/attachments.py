"""/api/v1/records/<id>/attachments and /api/v1/attachments/<id>/download: record files (catalog §0.4, §3.7)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Request, Response, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from app.services.files import attachments
from app.services.records import draft_uploads

from .schemas.attachments import AttachmentResponse, AttachmentUploadRequest, DraftUploadRequest, DraftUploadResponse
from .schemas.common import ErrorResponse
from .security import current_principal

if TYPE_CHECKING:
    from app.models import Attachment


class _MultipartParser(FlaskParser):
    """webargs parser with a ``form_and_files`` location: one schema for a multipart body's fields and files."""

    __location_map__ = dict(form_and_files="load_form_and_files", **FlaskParser.__location_map__)

    def load_form_and_files(self, req: Request, schema: Schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class _MultipartBlueprint(Blueprint):
    """A Blueprint whose ``form_and_files`` arguments are documented as one multipart/form-data body."""

    ARGUMENTS_PARSER = _MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "form_and_files": "multipart/form-data"}


blp = _MultipartBlueprint("attachments", __name__, url_prefix="/api/v1", description="附件")


@blp.route("/records/<id:record_id>/attachments")
class RecordAttachments(MethodView):
    @blp.response(200, AttachmentResponse(many=True))
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: no such record in the caller's scope")
    def get(self, record_id):
        """List a record's files, for anyone who may read the record (catalog §3.7)."""
        return attachments.list_attachments(current_principal(), record_id)

    @blp.arguments(AttachmentUploadRequest, location="form_and_files")
    @blp.response(201, AttachmentResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not 未提交/退回 (or 调整 of a cited record)")
    @blp.alt_response(413, schema=ErrorResponse, description="payload_too_large: the request exceeds MAX_CONTENT_LENGTH")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: field, name, type, size, count or content")
    def post(self, body, record_id):
        """Upload one file to a file field of the caller's record (multipart: ``field``, ``file``; catalog §0.4)."""
        return attachments.upload_attachment(current_principal(), record_id, field=body["field"],
                                             file_name=body["file"].filename, stream=body["file"].stream)


@blp.route("/records/new/attachments")
class NewRecordAttachments(MethodView):
    @blp.arguments(DraftUploadRequest, location="form_and_files")
    @blp.response(201, DraftUploadResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not a teacher, or an import-only type")
    @blp.alt_response(413, schema=ErrorResponse, description="payload_too_large: the request exceeds MAX_CONTENT_LENGTH")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the draft's fields, or the file "
                                                               "(field, name, type, size, count or content)")
    def post(self, body):
        """Save a new form as a draft and upload its first file, in one transaction (catalog §0.4, §3.2 1).

        A refused file leaves nothing behind: no draft, no file."""
        record, attachment = draft_uploads.create_draft_with_attachment(
            current_principal(), record_type=body["record_type"], data=body["data"], owner_account=body["owner_account"],
            field=body["field"], file_name=body["file"].filename, stream=body["file"].stream)
        return {"record": record, "attachment": attachment}


@blp.route("/records/<id:record_id>/attachments/<id:attachment_id>")
class RecordAttachment(MethodView):
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not editable, or still listed by a row")
    def delete(self, record_id, attachment_id):
        """Delete one file of the caller's record (soft delete; its id leaves the record's data)."""
        attachments.delete_attachment(current_principal(), record_id, attachment_id)


@blp.route("/attachments/<id:attachment_id>/download")
class AttachmentDownload(MethodView):
    @blp.response(200, content_type="application/octet-stream", description="the file, as an attachment")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: no such file in the caller's scope")
    def get(self, attachment_id):
        """Download one file under its stored name, for anyone who may read its record (catalog §3.7)."""
        return _file_response(*attachments.open_attachment(current_principal(), attachment_id))


def _file_response(attachment: Attachment, path: Path) -> Response:
    """The bytes as a download: stored name, stored content type, never sniffed, never shared-cached."""
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.file_name, etag=attachment.sha256, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.private = True
    return response
