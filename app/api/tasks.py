"""/api/v1/tasks: the reviewer's inbox and 审核."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.records import exports
from app.services.review import batch, inbox
from app.services.review import review
from app.services.review import workspace

from .schemas.common import ErrorResponse
from .schemas.tasks import (BatchReviewRequest, BatchReviewResponse, InboxResponse, PendingCountsResponse,
                            TaskCompleteRequest, TaskCompleteResponse, TaskExportArgs, TaskListArgs)
from .schemas.workspace import UnitOptionResponse
from .records import XLSX, xlsx_response
from .security import current_principal

blp = Blueprint("tasks", __name__, url_prefix="/api/v1/tasks", description="待审核任务")


@blp.route("")
class Inbox(MethodView):
    @blp.arguments(TaskListArgs, location="query")
    @blp.response(200, InboxResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: a bad filter, or 所属单位 out of scope")
    def get(self, args):
        """The caller's inbox: open (``state=open``, 待审核) or completed (``done``, 已审核) review tasks of
        their candidate groups, with 合计 of 工作量 over every filtered row (catalog §5.1, §5.4). Filters:
        姓名/账号, 考核年度, 审核状态, 环节, 提交时间 range and 所属单位 (a unit outside the active role's
        scope is refused with 422 「所属单位不在当前角色的查询范围内」)."""
        return inbox.list_inbox(current_principal(), **args)


# "/export", "/units" and "/counts" cannot collide with the task routes: their converter is <id:task_id>.
@blp.route("/export")
class InboxExport(MethodView):
    @blp.arguments(TaskExportArgs, location="query")
    @blp.response(200, content_type=XLSX, description="the xlsx, as an attachment (业绩导出-YYYYMMDD.xlsx)")
    @blp.alt_response(422, schema=ErrorResponse,
                      description="validation_failed: over 5000 rows, a bad filter, or 所属单位 out of scope")
    def get(self, args):
        """导出 the 待审核 or 已审核 tab with its filters (catalog §5.1 toolbar, §5.4): exactly the rows
        of ``GET /tasks`` with the same arguments, one sheet per record type, typed cells, a 合计 row;
        each row ends with 当前环节 (待审核) or 审核环节, 处理结果, 处理人, 处理时间 (已审核)."""
        return xlsx_response(*exports.export_inbox(current_principal(), **args))


@blp.route("/units")
class WorkspaceUnits(MethodView):
    @blp.response(200, UnitOptionResponse(many=True))
    def get(self):
        """The 所属单位 filter's options for the active role (catalog §5.4): every unit for 人力资源部;
        otherwise the units of the records the role can see (and the units a unit admin administers)."""
        return workspace.units_in_scope(current_principal())


@blp.route("/counts")
class InboxCounts(MethodView):
    @blp.response(200, PendingCountsResponse)
    def get(self):
        """待审核 per record type for the caller's (active role's) candidate groups: the 业务数据审核
        menu badges (catalog §5.1). ``{counts: {code: n}, total: n}``."""
        counts = inbox.pending_counts(current_principal())
        return {"counts": counts, "total": sum(counts.values())}


@blp.route("/<id:task_id>/complete")
class TaskComplete(MethodView):
    @blp.arguments(TaskCompleteRequest)
    @blp.response(200, TaskCompleteResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not in the caller's candidate groups")
    @blp.alt_response(409, schema=ErrorResponse, description="task_already_completed: 该记录已由 X 于 hh:mm 处理")
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 不能审核本人填报的记录")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: comment required to return/terminate")
    @blp.alt_response(428, schema=ErrorResponse,
                      description="signature_required: 第一次审核时需要个人电子签名，请先签名 (PUT /me/signature first)")
    def post(self, body, task_id):
        """审核: approve, return (comment required) or terminate (comment required) (catalog §3.2 8–11).

        A single review needs the reviewer's stored e-signature; the trail row records its version
        (catalog §5.2). ``signature_version`` in the body is ignored (kept for older clients)."""
        record = review.complete_user_task(current_principal(), task_id, needs_signature=True, **body)
        return {"task_id": task_id, "record": record}


@blp.route("/batch")
class BatchReview(MethodView):
    @blp.arguments(BatchReviewRequest)
    @blp.response(200, BatchReviewResponse)
    @blp.alt_response(422, schema=ErrorResponse,
                      description="validation_failed: no rows, more than 500, or 退回 without a comment")
    def post(self, body):
        """批量审核 (catalog §5.3): 通过, or 退回 with one shared required comment, over ``task_ids`` or every
        row of ``filter`` (at most 500); no e-signature. Each record is decided in its own transaction;
        ``results`` has one row per task: 成功 / 已由他人处理 / 不在您的审核范围 / 记录已变更."""
        principal = current_principal()
        ids = body.get("task_ids")
        if ids is None:
            ids = batch.filtered_task_ids(principal, **(body.get("filter") or {}))
        versions = {int(k): v for k, v in (body.get("record_versions") or {}).items() if k.isdigit()}
        results = batch.batch_review(principal, ids, action=body["action"], comment=body.get("comment"),
                                     record_versions=versions)
        succeeded = sum(1 for r in results if r.outcome == "success")
        return {"total": len(results), "succeeded": succeeded, "failed": len(results) - succeeded,
                "results": results}
