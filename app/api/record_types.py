"""/api/v1/record-types: the catalog of record types with their forms."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.records import record_types as record_type_service

from .schemas.common import ErrorResponse
from .schemas.record_types import DashboardResponse, RecordTypeArgs, RecordTypeDetailResponse, RecordTypeResponse
from .security import current_principal

blp = Blueprint("record_types", __name__, url_prefix="/api/v1/record-types", description="业绩类别")


@blp.route("")
class RecordTypeCollection(MethodView):
    @blp.arguments(RecordTypeArgs, location="query")
    @blp.response(200, RecordTypeResponse(many=True))
    def get(self, args):
        """Every record type (optionally of one category) in catalog tab order, with the caller's
        counts per status (catalog §1.2–§1.4; seed 004 (一)1 我的业绩)."""
        return record_type_service.list_record_types(current_principal(), args.get("category"))


@blp.route("/dashboard")
class RecordTypeDashboard(MethodView):
    @blp.response(200, DashboardResponse)
    def get(self):
        """我的业绩: the caller's record counts by status per family and category (seed 004 (一)1)."""
        return record_type_service.dashboard(current_principal())


@blp.route("/<code>")
class RecordTypeItem(MethodView):
    @blp.response(200, RecordTypeDetailResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    def get(self, code):
        """The form of one record type: JSON Schema, uiSchema, metadata, and the caller's
        decision-filled defaults (归属单位 and whether it is editable, catalog §2.2)."""
        return record_type_service.record_type_form(current_principal(), code)
