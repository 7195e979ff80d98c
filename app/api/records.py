"""/api/v1/records: the applicant's records and everything a scoped reader may see."""
import io

from flask import Response, send_file
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.records import adjustments
from app.services.records import exports
from app.services.records import record_queries
from app.services.records import lifecycle as records

from .schemas.common import ErrorResponse
from .schemas.records import (DiagramResponse, RecordActionRequest, RecordAdjustRequest, RecordCreateRequest,
                              RecordDetailResponse, RecordExportArgs, RecordListArgs, RecordListResponse, RecordResponse,
                              RecordUpdateRequest, TrailEntryResponse)
from .security import current_principal

blp = Blueprint("records", __name__, url_prefix="/api/v1/records", description="业绩记录")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("")
class RecordCollection(MethodView):
    @blp.arguments(RecordListArgs, location="query")
    @blp.response(200, RecordListResponse)
    def get(self, args):
        """List records with status tabs and 合计 of 工作量 (catalog §1.3.0 list page, §5.4).

        ``view=scope`` is the review workspace's 全部 tab: everything the active role may read, narrowed
        by 环节 (where the record is now), 提交时间 and 所属单位 (422 when the unit is outside the scope)."""
        return record_queries.list_records(current_principal(), **args)

    @blp.arguments(RecordCreateRequest)
    @blp.response(201, RecordResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: one error per field")
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: import-only record type")
    def post(self, body):
        """新增申请: save a draft (保存), or submit at once with ``submit: true`` (catalog §3.2 1–2)."""
        return records.create_record(current_principal(), **body)


# "/export" cannot collide with RecordItem: its converter is <id:record_id>.
@blp.route("/export")
class RecordExport(MethodView):
    @blp.arguments(RecordExportArgs, location="query")
    @blp.response(200, content_type=XLSX, description="the xlsx, as an attachment (业绩导出-YYYYMMDD.xlsx)")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: over 5000 rows; narrow the filter")
    def get(self, args):
        """导出 the current list (tab and filter) as an xlsx, one sheet per record type.

        Catalog §3.10 「如需要导出自己填写的内容，则点击“...”，点击“导出”」: the list columns plus every
        form field, 审核状态, 申报日期 and 审核时间; attachments by file name. Same arguments and scope as
        the list (``view=mine`` by default: the caller's own records).
        """
        return xlsx_response(*exports.export_records(current_principal(), **args))


@blp.route("/<id:record_id>")
class RecordItem(MethodView):
    @blp.response(200, RecordDetailResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: no such record in the caller's scope")
    def get(self, record_id):
        """详情: record, 审核记录 and the caller's actionable task (catalog §3.7)."""
        return record_queries.record_detail(current_principal(), record_id)

    @blp.arguments(RecordUpdateRequest)
    @blp.response(200, RecordResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="stale_version or invalid_state")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed")
    def patch(self, body, record_id):
        """编辑 → 保存 a draft or returned record (catalog §3.2 3, 12)."""
        return records.update_record(current_principal(), record_id, **body)

    @blp.arguments(RecordActionRequest, location="query")
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: only 未提交/退回 records")
    def delete(self, args, record_id):
        """删除 a draft or returned record (catalog §3.2 4, 14)."""
        records.delete_record(current_principal(), record_id, **args)


@blp.route("/<id:record_id>/submit")
class RecordSubmit(MethodView):
    @blp.arguments(RecordActionRequest)
    @blp.response(200, RecordResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state or stale_version")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed")
    def post(self, body, record_id):
        """提交 a draft or returned record for review (catalog §3.2 2, 13)."""
        return records.submit_record(current_principal(), record_id, **body)


@blp.route("/<id:record_id>/adjust")
class RecordAdjust(MethodView):
    @blp.arguments(RecordAdjustRequest)
    @blp.response(200, RecordResponse)
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not adjustable, or cited")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the list breaks its rules")
    def post(self, body, record_id):
        """调整 a child list (病案列表 / 参考文献) of a submitted record (catalog §3.6)."""
        return adjustments.adjust_child_list(current_principal(), record_id, **body)


@blp.route("/<id:record_id>/trail")
class RecordTrail(MethodView):
    @blp.response(200, TrailEntryResponse(many=True))
    def get(self, record_id):
        """审核记录: 环节, 处理部门, 处理人, 处理结果, 审核意见, 处理时间 (catalog §3.7)."""
        return record_queries.record_trail(current_principal(), record_id)


@blp.route("/<id:record_id>/diagram")
class RecordDiagram(MethodView):
    @blp.response(200, DiagramResponse)
    def get(self, record_id):
        """流程图: BPMN XML of the pinned process version with completed and active element ids."""
        return record_queries.record_diagram(current_principal(), record_id)


def xlsx_response(content: bytes, file_name: str) -> Response:
    """The workbook as a download, never cached by a shared cache (it holds personal records)."""
    response = send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=file_name)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
