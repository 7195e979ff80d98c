"""Schemas of 系统管理 (catalog §0.6, §6.1–§6.3): units, accounts, role grants, the audit log."""
from marshmallow import Schema, fields, validate

from app.services.administration.units import RESEARCH_OWNERS, UNIT_KINDS

from .common import PageArgs, PageResponse, patch_of


class UnitRequest(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32), metadata={"description": "单位编码"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"description": "单位名称"})
    kind = fields.String(required=True, validate=validate.OneOf(UNIT_KINDS),
                         metadata={"description": "学院 / 科研机构 / 机关 / 教辅, or 职能部门"})
    default_research_owner = fields.String(allow_none=True, load_default=None,
                                           validate=validate.OneOf(RESEARCH_OWNERS),
                                           metadata={"description": "学院 and 科研机构 only: 科学技术部 / 人文社科部"})
    parent_id = fields.Integer(allow_none=True, load_default=None, metadata={"description": "上级单位"})


UnitPatchRequest = patch_of(UnitRequest, "UnitPatchRequest")


class UnitResponse(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    default_research_owner = fields.String(allow_none=True)
    parent_id = fields.Integer(allow_none=True)
    parent_name = fields.String(allow_none=True)
    is_active = fields.Boolean()
    people = fields.Integer(metadata={"description": "active accounts of the unit"})


class GrantView(Schema):
    id = fields.Integer()
    role = fields.String()
    role_label = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    categories = fields.List(fields.String(), allow_none=True)


class AccountView(Schema):
    id = fields.Integer()
    account = fields.String()
    name = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    birth_month = fields.String(allow_none=True)
    id_number = fields.String(allow_none=True, metadata={"description": "masked in lists, in full for one account"})
    email = fields.String(allow_none=True)
    is_staff = fields.Boolean()
    is_active = fields.Boolean()
    level = fields.String(metadata={"description": "校级 / 单位 / 个人 (catalog §6.1)"})
    must_change_password = fields.Boolean()
    created_at = fields.DateTime()
    grants = fields.List(fields.Nested(GrantView))


class AccountCreated(AccountView):
    one_time_password = fields.String(metadata={"description": "shown once; changed at the first login"})


class AccountPage(PageResponse):
    items = fields.List(fields.Nested(AccountView))


class AccountSearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=50), metadata={"description": "part of the 账号 or 姓名"})
    unit_id = fields.Integer()
    role = fields.String(validate=validate.Length(max=32))
    active = fields.Boolean()


class AccountRequest(Schema):
    account = fields.String(required=True, validate=validate.Length(min=1, max=32), metadata={"description": "账号 (工号)"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=64))
    unit_id = fields.Integer(required=True)
    gender = fields.String(allow_none=True, load_default=None)
    birth_month = fields.String(allow_none=True, load_default=None, metadata={"description": "YYYY-MM"})
    id_number = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=32))
    email = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=200))
    is_staff = fields.Boolean(load_default=True, metadata={"description": "false for a student assistant"})


AccountPatchRequest = patch_of(AccountRequest, "AccountPatchRequest", exclude=("account",))


class PasswordResetResponse(Schema):
    account = fields.String()
    name = fields.String()
    one_time_password = fields.String(metadata={"description": "good for one login, then it must be changed"})


class GrantRequest(Schema):
    role = fields.String(required=True, validate=validate.Length(min=1, max=32))
    unit_id = fields.Integer(allow_none=True, load_default=None)
    categories = fields.List(fields.String(validate=validate.Length(max=32)), allow_none=True, load_default=None,
                             validate=validate.Length(max=20))


class AuditArgs(PageArgs):
    action = fields.String(validate=validate.Length(max=48), metadata={"description": "a code, or a prefix ending in ."})
    account = fields.String(validate=validate.Length(max=32))


class AuditEventView(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    action = fields.String()
    action_label = fields.String()
    actor_account = fields.String(allow_none=True)
    actor_name = fields.String(allow_none=True)
    target_account = fields.String(allow_none=True)
    target_name = fields.String(allow_none=True)
    detail = fields.Dict()


class AuditPage(PageResponse):
    items = fields.List(fields.Nested(AuditEventView))
