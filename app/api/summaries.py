"""/api/v1/summaries and /api/v1/settlements: 数据汇总 (catalog §5.5) and 工作量结算 (§7.6)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.summaries import settlement, workload_summary

from .imports import XLSX, xlsx_response
from .schemas.common import ErrorResponse
from .schemas.summaries import (ExportArgs, ExportFieldArgs, ItemArgs, ItemDetailResponse, ItemLabel, SettlementRequest,
                                SettlementResponse, SummaryArgs, SummaryResponse)
from .security import current_principal

blp = Blueprint("summaries", __name__, url_prefix="/api/v1", description="数据汇总 与 工作量结算")


@blp.route("/summaries/workload")
class WorkloadSummary(MethodView):
    @blp.arguments(SummaryArgs, location="query")
    @blp.response(200, SummaryResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not a unit admin, department or HR")
    def get(self, args):
        """工作量汇总页面: one row per teacher in scope, one column per summary item, 计量计酬合计 /
        计量不计酬合计 / 总计; only approved records; a closed year reads its snapshot. Without ``year`` the
        default 考核年度, the one new records start with, named in ``year`` (catalog §5.5, §7.6, §1.3.0)."""
        return workload_summary.workload_summary(current_principal(), **args)


@blp.route("/summaries/workload/items")
class WorkloadItems(MethodView):
    @blp.response(200, ItemLabel(many=True))
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not a unit admin, department or HR")
    def get(self):
        """The summary items, one page each after 工作量汇总页面 in the 数据汇总 menu (catalog §5.5)."""
        return workload_summary.list_items(current_principal())


@blp.route("/summaries/workload/items/<string:item>")
class WorkloadItem(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, ItemDetailResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: unknown item")
    def get(self, args, item):
        """One summary item's page: its approved records grouped by teacher with subtotals; without ``year``
        the default 考核年度, named in ``year`` (catalog §5.5, §1.3.0)."""
        return workload_summary.item_detail(current_principal(), item=item, **args)


@blp.route("/summaries/workload/export-fields")
class WorkloadExportFields(MethodView):
    @blp.arguments(ExportFieldArgs, location="query")
    @blp.response(200, ItemLabel(many=True))
    def get(self, args):
        """The 导出 field chooser's checkboxes, in column order (全选 = all)."""
        return workload_summary.export_fields(current_principal(), **args)


@blp.route("/summaries/workload/export")
class WorkloadExport(MethodView):
    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, content_type=XLSX, description="工作量汇总-<year>.xlsx, or <汇总项>-<year>.xlsx with ``item``")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: unknown field or item")
    def get(self, args):
        """导出 with the chosen fields (repeat ``fields=``; none = 全选), typed cells; without ``year`` the
        default 考核年度 (catalog §5.5, §1.3.0)."""
        return xlsx_response(*workload_summary.export_summary(current_principal(), **args))


@blp.route("/settlements")
class Settlements(MethodView):
    @blp.response(200, SettlementResponse(many=True))
    def get(self):
        """Closed 考核年度 (HR)."""
        return settlement.list_settlements(current_principal())

    @blp.arguments(SettlementRequest)
    @blp.response(201, SettlementResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not 人力资源部 admin")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the year is already closed")
    def post(self, body):
        """工作量结算: close a 考核年度: its approved workload records become cited, its 汇总 frozen (catalog §7.6)."""
        return settlement.close_year(current_principal(), body["year"])
