from marshmallow import Schema, fields, pre_dump, validate

from app import messages


class LoginRequest(Schema):
    account = fields.String(required=True, validate=validate.Length(min=1, max=32), metadata={"description": "账号（工号）"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class GrantResponse(Schema):
    role = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    categories = fields.Method("_categories")

    def _categories(self, grant):
        return sorted(grant.categories) if grant.categories is not None else None


class RoleOptionResponse(Schema):
    role = fields.String(required=True, metadata={"description": "sent back as X-Active-Role"})
    label = fields.String(required=True, metadata={"description": "中文, e.g. 二级单位管理员"})
    units = fields.List(fields.String(), required=True, metadata={"description": "the role's units"})


class MeResponse(Schema):
    user_id = fields.Integer()
    account = fields.String()
    name = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    grants = fields.List(fields.Nested(GrantResponse))
    role_options = fields.List(fields.Nested(RoleOptionResponse), metadata={
        "description": "roles for the active-role switcher, in grant order (catalog §6.2 labels)"})
    must_change_password = fields.Boolean(metadata={
        "description": "logged in with a one-time password: only 修改密码 is allowed until it is changed"})

    @pre_dump
    def _with_role_options(self, principal, **_):
        """Dumped from a ``Principal``: its columns plus one option per role."""
        options = [{"role": role, "label": messages.ROLE_LABELS.get(role, role),
                    "units": sorted({g.unit_name for g in principal.grants_for(role) if g.unit_name})}
                   for role in principal.roles]
        return {"user_id": principal.user_id, "account": principal.account, "name": principal.name,
                "unit_id": principal.unit_id, "unit_name": principal.unit_name, "roles": list(principal.roles),
                "grants": list(principal.grants), "role_options": options,
                "must_change_password": principal.must_change_password}


class LoginResponse(Schema):
    user = fields.Nested(MeResponse)
    csrf_token = fields.String(metadata={"description": "send as X-CSRFToken on unsafe requests"})


class TokenResponse(Schema):
    token = fields.String()
    token_type = fields.String()
    expires_at = fields.String()


class TokenInfo(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)


class TokenListQuery(Schema):
    account = fields.String(validate=validate.Length(min=1, max=32),
                            metadata={"description": "系统管理员: another account's tokens"})


class TokenListResponse(Schema):
    items = fields.List(fields.Nested(TokenInfo))


class PasswordChangeRequest(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class AccountResponse(Schema):
    account = fields.String()
    name = fields.String()
    is_active = fields.Boolean()
