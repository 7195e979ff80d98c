"""/api/v1/me/delegations: 委托, out-of-office delegation of a reviewer's tasks (个人设置)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app import messages
from app.services.review import delegations

from .schemas.common import ErrorResponse
from .schemas.tasks import ColleagueResponse
from .security import current_principal

blp = Blueprint("delegations", __name__, url_prefix="/api/v1/me/delegations", description="委托")


class DelegationResponse(Schema):
    id = fields.Integer()
    delegator = fields.Function(lambda d: {"id": d.delegator.id, "account": d.delegator.account, "name": d.delegator.name},
                                metadata={"description": "委托人"})
    delegate = fields.Function(lambda d: {"id": d.delegate.id, "account": d.delegate.account, "name": d.delegate.name},
                               metadata={"description": "受托人"})
    role = fields.String(metadata={"description": "the delegated candidate group's role"})
    role_label = fields.Function(lambda d: messages.ROLE_LABELS.get(d.role, d.role), metadata={"description": "审核职责"})
    unit = fields.Function(lambda d: d.unit.name if d.unit else None, metadata={"description": "单位"})
    starts_on = fields.Date(metadata={"description": "开始日期 (included)"})
    ends_on = fields.Date(metadata={"description": "结束日期 (included)"})
    reason = fields.String(allow_none=True, metadata={"description": "委托说明"})
    status = fields.Function(delegations.status_of, metadata={"description": "upcoming | active | ended | revoked"})
    status_label = fields.Function(lambda d: delegations.STATUS_LABELS[delegations.status_of(d)],
                                   metadata={"description": "未开始 / 生效中 / 已结束 / 已撤销"})
    created_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)


class DelegationsResponse(Schema):
    given = fields.List(fields.Nested(DelegationResponse), metadata={"description": "委托出去的"})
    received = fields.List(fields.Nested(DelegationResponse), metadata={"description": "委托给我的"})


class DelegableGroupResponse(Schema):
    role = fields.String()
    role_label = fields.String()
    unit_id = fields.Integer(allow_none=True)
    unit_name = fields.String(allow_none=True)
    colleagues = fields.List(fields.Nested(ColleagueResponse), metadata={"description": "eligible delegates"})


class DelegationRequest(Schema):
    delegate_id = fields.Integer(required=True, metadata={"description": "受托人: a member of the same group"})
    role = fields.String(required=True, validate=validate.Length(max=32), metadata={"description": "the group's role"})
    unit_id = fields.Integer(load_default=None, allow_none=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


@blp.route("")
class Delegations(MethodView):
    @blp.response(200, DelegationsResponse)
    def get(self):
        """The caller's delegations: ``given`` (he delegated) and ``received`` (delegated to him), newest first."""
        given, received = delegations.my_delegations(current_principal())
        return {"given": given, "received": received}

    @blp.arguments(DelegationRequest)
    @blp.response(201, DelegationResponse)
    @blp.alt_response(422, schema=ErrorResponse,
                      description="validation_failed: not the caller's group, another unit's user, bad range, overlap")
    def post(self, body):
        """委托: from ``starts_on`` to ``ends_on`` (included) the delegate completes the caller's assigned
        tasks of the group ``(role, unit_id)`` for him (「代 X 审核」). The delegate must be a member of
        the same group (same unit); he is notified; the action is audited."""
        return delegations.create_delegation(current_principal(), **body)


@blp.route("/options")
class DelegationOptions(MethodView):
    @blp.response(200, DelegableGroupResponse(many=True))
    def get(self):
        """The candidate groups the caller (active role) may delegate, each with its eligible colleagues."""
        return delegations.delegable_groups(current_principal())


@blp.route("/<id:delegation_id>/revoke")
class DelegationRevoke(MethodView):
    @blp.response(200, DelegationResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not a delegation the caller made")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: already revoked")
    def post(self, delegation_id):
        """撤销委托 (the delegator): the delegate loses the delegator's tasks at once; audited."""
        return delegations.revoke_delegation(current_principal(), delegation_id)
