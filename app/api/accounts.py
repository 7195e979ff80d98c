"""/api/v1/accounts: account administration by the 系统管理员 (issue 8: deactivation ends access)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.identity import auth as auth_service

from .schemas.auth import AccountResponse
from .schemas.common import ErrorResponse
from .security import current_principal, requires_role
from app.vocabulary import Role

blp = Blueprint("accounts", __name__, url_prefix="/api/v1/accounts", description="账号管理")


@blp.route("/<string(maxlength=32):account>/deactivate")
class Deactivate(MethodView):
    @blp.response(200, AccountResponse)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: 系统管理员 only")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 账号不存在")
    @requires_role(Role.SYSTEM_ADMIN)
    def post(self, account):
        """Deactivate ``account``: it can no longer log in, and every session and bearer token of it
        ends at once. Audited (``audit_event``)."""
        return auth_service.deactivate_account(current_principal(), account)
