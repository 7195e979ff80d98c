"""/api/v1/accounts: 人员管理 (catalog §6.1–§6.3): search, 新建, 编辑, 停用 / 启用, 重置密码, role grants.

Open to the roles that administer accounts (系统管理员, 二级单位管理员, 信息管理员); what each reaches is
decided in ``app.services.administration.reach``: an account outside it is a 404.
"""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.administration import accounts, grants

from ..schemas.admin import (AccountCreated, AccountPage, AccountPatchRequest, AccountRequest, AccountSearchArgs,
                             AccountView, GrantRequest, PasswordResetResponse)
from ..schemas.common import ErrorResponse
from ..security import current_principal

blp = Blueprint("accounts", __name__, url_prefix="/api/v1/accounts", description="账号管理")
ACCOUNT = "<string(maxlength=32):account>"


@blp.route("")
class Accounts(MethodView):
    @blp.arguments(AccountSearchArgs, location="query")
    @blp.response(200, AccountPage)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: the active role administers no accounts")
    def get(self, args):
        """人员管理 list: accounts in the caller's reach, searched by 账号 / 姓名, unit, role, status."""
        return accounts.search(current_principal(), **args)

    @blp.arguments(AccountRequest)
    @blp.response(201, AccountCreated)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: per field (账号已存在, 身份证号码校验位错误 …)")
    def post(self, body):
        """新建账号 with the 教职工 role and a one-time password (shown once). Audited."""
        return accounts.create(current_principal(), body)


@blp.route(f"/{ACCOUNT}")
class Account(MethodView):
    @blp.response(200, AccountView)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: unknown, or outside the caller's reach")
    def get(self, account):
        """One account (身份证号码 in full) with its role grants."""
        return accounts.get(current_principal(), account)

    @blp.arguments(AccountPatchRequest)
    @blp.response(200, AccountView)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed")
    def patch(self, body, account):
        """编辑 姓名, 所属单位, 性别, 出生年月, 身份证号码, e-mail, staff flag. Audited."""
        return accounts.update(current_principal(), account, body)


@blp.route(f"/{ACCOUNT}/deactivate")
class Deactivate(MethodView):
    @blp.response(200, AccountView)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not an account administrator, or one's own")
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 账号不存在")
    def post(self, account):
        """停用 ``account``: it can no longer log in, and every session and bearer token of it ends at once.
        Audited (``audit_event``)."""
        return accounts.deactivate(current_principal(), account)


@blp.route(f"/{ACCOUNT}/reactivate")
class Reactivate(MethodView):
    @blp.response(200, AccountView)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 账号不存在")
    def post(self, account):
        """启用 a deactivated account again. Audited."""
        return accounts.reactivate(current_principal(), account)


@blp.route(f"/{ACCOUNT}/password-reset")
class PasswordReset(MethodView):
    @blp.response(200, PasswordResetResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 账号不存在")
    def post(self, account):
        """重置密码 (catalog §6.1): a one-time password, shown once; good for one login, after which the
        person must change it. Every session and token of the account ends. Audited."""
        return accounts.reset_password(current_principal(), account)


@blp.route(f"/{ACCOUNT}/grants")
class Grants(MethodView):
    @blp.arguments(GrantRequest)
    @blp.response(201, AccountView)
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: not the caller's role to grant")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: §6.3 rule 5 (staff only), scope")
    def post(self, body, account):
        """授予角色 with its scope (unit; categories for a 二级单位管理员). Audited; a 信息管理员 change is
        also recorded for HR (catalog §6.3 rule 5)."""
        return grants.add(current_principal(), account, body["role"], body.get("unit_id"), body.get("categories"))


@blp.route(f"/{ACCOUNT}/grants/<id:grant_id>")
class Grant(MethodView):
    @blp.response(200, AccountView)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    def delete(self, account, grant_id):
        """撤销角色. Audited."""
        return grants.remove(current_principal(), account, grant_id)
