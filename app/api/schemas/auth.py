from marshmallow import Schema, fields, validate


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


class MeResponse(Schema):
    user_id = fields.Integer()
    account = fields.String()
    name = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    grants = fields.List(fields.Nested(GrantResponse))


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
