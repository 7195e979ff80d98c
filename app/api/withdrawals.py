"""/api/v1: 撤回 an approved record, the 撤回记录 list and the unit's decision; 引用 (citation lock)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.records import citations
from app.services.records import withdrawals

from .schemas.common import ErrorResponse
from .schemas.withdrawals import (CitationRequest, CitedRecordResponse, WithdrawalDecisionRequest, WithdrawalListArgs,
                                  WithdrawalListResponse, WithdrawalResponse, WithdrawRequest)
from .security import current_principal, requires_role
from app.vocabulary import Role

blp = Blueprint("withdrawals", __name__, url_prefix="/api/v1", description="撤回与引用")


@blp.route("/records/<id:record_id>/withdraw")
class RecordWithdraw(MethodView):
    @blp.arguments(WithdrawRequest)
    @blp.response(201, WithdrawalResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's record")
    @blp.alt_response(409, schema=ErrorResponse,
                      description="invalid_state: not approved, 该类业绩不支持撤回, or a request is pending")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: 撤回原因 missing or too long")
    def post(self, body, record_id):
        """撤回 an approved record; a cited one is refused (不予撤回) and still answers 201.

        Catalog §3.2 transition 15, §3.4, §3.5. The request answers 已处理/撤回成功 (record back to
        draft), 待处理 (withdraw_approval types) or 已处理/不予撤回 (cited).
        """
        return withdrawals.withdraw_record(current_principal(), record_id, **body)


@blp.route("/withdrawals")
class WithdrawalCollection(MethodView):
    @blp.arguments(WithdrawalListArgs, location="query")
    @blp.response(200, WithdrawalListResponse)
    def get(self, args):
        """撤回记录: the caller's 撤回 requests and, for unit admins, those to decide (catalog §3.4)."""
        return withdrawals.list_withdrawals(current_principal(), **args)


@blp.route("/withdrawals/<id:request_id>/decision")
class WithdrawalDecision(MethodView):
    @blp.arguments(WithdrawalDecisionRequest)
    @blp.response(200, WithdrawalResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not a request of the caller's unit")
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 不能审核本人填报的记录")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: already processed")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: 处理说明 too long")
    def post(self, body, request_id):
        """同意 or 不同意 a pending 撤回 request (withdraw_approval types, catalog §3.4, §9 Q5)."""
        return withdrawals.decide_withdrawal(current_principal(), request_id, **body)


@blp.route("/records/<id:record_id>/citations")
class RecordCitations(MethodView):
    @blp.arguments(CitationRequest)
    @blp.response(201, CitedRecordResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 人力资源部 admins only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: only approved records may be cited")
    @requires_role(Role.HR_ADMIN)
    def post(self, body, record_id):
        """引用: lock an approved record for a 职称申报, 工作量结算 or 上报 (catalog §3.5)."""
        return citations.cite_record(current_principal(), record_id, **body)
