"""/api/v1/imports: the 二级单位管理员's import wizard (catalog §4.1): 模板下载 → 上传 → 字段映射 → 预览 →
只导入有效数据 → 结果."""
from __future__ import annotations

import io

from flask import Response, send_file
from flask.views import MethodView

from app.services.imports import personal_imports, unit_imports

from .attachments import _MultipartBlueprint
from .schemas.common import ErrorResponse
from .schemas.imports import (BatchListArgs, BatchResponse, ImportTypeResponse, ImportUploadRequest, MappingRequest,
                              PersonalBatchResponse, PersonalCommitResponse, PersonalUploadRequest, PreviewRowsArgs,
                              PreviewRowsResponse, SheetRequest)
from .security import current_principal, requires_role

blp = _MultipartBlueprint("imports", __name__, url_prefix="/api/v1/imports", description="Excel 导入")
# 二级单位管理员 imports records (§4.1); account administrators import accounts (type ACCOUNTS, §4.2)
IMPORTING_ROLES = ("unit_admin", "system_admin", "info_admin")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/types")
class ImportTypes(MethodView):
    @blp.response(200, ImportTypeResponse(many=True))
    def get(self):
        """The import types the caller may import as 二级单位管理员 (catalog §4.1 step 1); empty otherwise."""
        return unit_imports.import_types(current_principal())


@blp.route("/types/<string:record_type>/template")
class ImportTemplate(MethodView):
    @blp.response(200, content_type=XLSX, description="「<类型名称>导入模板.xlsx」")
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not an import type, or not its unit admin")
    @requires_role(*IMPORTING_ROLES)
    def get(self, record_type):
        """模板下载: the generated template (catalog §4.1 step 2: red required headers, notes, 可选值 drop-downs)."""
        return xlsx_response(*unit_imports.template(current_principal(), record_type))


@blp.route("/types/<string:record_type>/batches")
class ImportUpload(MethodView):
    @blp.arguments(ImportUploadRequest, location="form_and_files")
    @blp.response(201, BatchResponse)
    @blp.alt_response(413, schema=ErrorResponse, description="payload_too_large: 文件超过 10MB")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: a file-level check (catalog §4.1 step 3)")
    @requires_role(*IMPORTING_ROLES)
    def post(self, body, record_type):
        """上传 (multipart ``file``, optional ``sheet``): file-level checks, then the batch with the proposed
        mapping and the same-file warning (catalog §4.1 steps 3, 4, 6)."""
        upload = body["file"]
        return unit_imports.upload(current_principal(), record_type, upload.stream, upload.filename or "",
                                   sheet=body.get("sheet"))


@blp.route("/batches")
class ImportBatches(MethodView):
    @blp.arguments(BatchListArgs, location="query")
    @blp.response(200, BatchResponse(many=True))
    def get(self, args):
        """The caller's import batches, newest first (file, sha256, counts; catalog §4.1 step 6 audit)."""
        return unit_imports.list_batches(current_principal(), **args)


@blp.route("/batches/<id:batch_id>")
class ImportBatch(MethodView):
    @blp.response(200, BatchResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's batch")
    def get(self, batch_id):
        """One batch: status, mapping, counts and ``progress`` (poll it while ``status`` is committing)."""
        return unit_imports.get_batch(current_principal(), batch_id)


@blp.route("/batches/<id:batch_id>/sheet")
class ImportSheet(MethodView):
    @blp.arguments(SheetRequest)
    @blp.response(200, BatchResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the sheet fails a file-level check")
    def put(self, body, batch_id):
        """Pick the data sheet when the workbook has several (catalog §4.1 step 3)."""
        return unit_imports.choose_sheet(current_principal(), batch_id, body["sheet"])


@blp.route("/batches/<id:batch_id>/mapping")
class ImportMapping(MethodView):
    @blp.arguments(MappingRequest)
    @blp.response(200, BatchResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: 必填字段“X”未映射 (one error per field)")
    def put(self, body, batch_id):
        """字段映射: 表格列 → 系统字段 (catalog §4.1 step 4)."""
        return unit_imports.set_mapping(current_principal(), batch_id, body["mapping"])


@blp.route("/batches/<id:batch_id>/preview")
class ImportPreview(MethodView):
    @blp.response(200, BatchResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: already committing or committed")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: mapping incomplete")
    def post(self, batch_id):
        """预览: check every row; the counts of 有效数据 / 无效数据 (catalog §4.1 step 5)."""
        return unit_imports.preview(current_principal(), batch_id)


@blp.route("/batches/<id:batch_id>/rows")
class ImportRows(MethodView):
    @blp.arguments(PreviewRowsArgs, location="query")
    @blp.response(200, PreviewRowsResponse)
    def get(self, args, batch_id):
        """One page of 有效数据 (``valid=true``) or 无效数据 with 「第 R 行，“列名”：原因」 errors."""
        return unit_imports.preview_rows(current_principal(), batch_id, **args)


@blp.route("/batches/<id:batch_id>/invalid-rows.xlsx")
class ImportInvalidRows(MethodView):
    @blp.response(200, content_type=XLSX, description="the invalid rows plus 错误原因")
    def get(self, batch_id):
        """导出无效数据 (catalog §4.1 step 5)."""
        return xlsx_response(*unit_imports.invalid_rows_xlsx(current_principal(), batch_id))


@blp.route("/batches/<id:batch_id>/commit")
class ImportCommit(MethodView):
    @blp.response(202, BatchResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not previewed, or no valid row")
    def post(self, batch_id):
        """只导入有效数据: start the commit job; poll the batch for ``progress`` (catalog §4.1 step 6)."""
        return unit_imports.start_commit(current_principal(), batch_id)


@blp.route("/batches/<id:batch_id>/cancel")
class ImportCancel(MethodView):
    @blp.response(200, BatchResponse)
    def post(self, batch_id):
        """取消 before the commit; the batch stays in the audit list as 已取消."""
        return unit_imports.cancel(current_principal(), batch_id)


@blp.route("/personal/<string:template>/template")
class PersonalTemplate(MethodView):
    @blp.response(200, content_type=XLSX, description="病案导入模板.xlsx | 病案模板.xlsx | 文献模板.xlsx")
    def get(self, template):
        """病案模板下载 / 文献模板下载 (catalog §4.3): ``cases`` (A20/A21), ``a19-cases`` (A19), ``references`` (A22)."""
        return xlsx_response(*personal_imports.template(current_principal(), template))


@blp.route("/personal/<string:template>/batches")
class PersonalUpload(MethodView):
    @blp.arguments(PersonalUploadRequest, location="form_and_files")
    @blp.response(201, PersonalBatchResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: a file-level check")
    def post(self, body, template):
        """导入 → 上传文件: every row with 「允许导入」 or its errors (catalog §4.3 steps 2–3)."""
        upload = body["file"]
        return personal_imports.upload(current_principal(), template, upload.stream, upload.filename or "",
                                       record_id=body.get("record_id"))


@blp.route("/personal/batches/<id:batch_id>/commit")
class PersonalCommit(MethodView):
    @blp.response(200, PersonalCommitResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: a row is not 允许导入, or already imported")
    def post(self, batch_id):
        """正式导入: all or nothing (catalog §4.3 steps 4–5)."""
        return personal_imports.commit(current_principal(), batch_id)


def xlsx_response(content: bytes, file_name: str) -> Response:
    """An xlsx download, never stored by a shared cache."""
    response = send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=file_name)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
