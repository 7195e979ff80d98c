"""/api/v1/audit-events: the 审计日志; /api/v1/info-admin-changes: 信息管理员 changes for HR (§6.3 rule 5)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.administration import audit_log

from ..schemas.admin import AuditArgs, AuditPage
from ..schemas.common import ErrorResponse, PageArgs
from ..security import current_principal

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="审计日志")


@blp.route("/audit-events")
class AuditEvents(MethodView):
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPage)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not an administrator")
    def get(self, args):
        """审计日志, newest first: every event for a school-level 系统管理员, one's own and one's units' otherwise."""
        return audit_log.events(current_principal(), **args)


@blp.route("/info-admin-changes")
class InfoAdminChanges(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, AuditPage)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 人力资源部 only")
    def get(self, args):
        """信息管理员 指派 / 撤销, for 人力资源部 (「专职信息管理员变更的需报人事处备案」)."""
        return audit_log.info_admin_changes(current_principal(), **args)
