"""/api/v1/units: 单位管理 (catalog §0.6): units and functional departments; the school-level
系统管理员 edits them, routing reads them."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.services.administration import units

from ..schemas.admin import UnitPatchRequest, UnitRequest, UnitResponse
from ..schemas.common import ErrorResponse
from ..security import current_principal

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="单位管理")


class UnitListArgs(Schema):
    include_inactive = fields.Boolean(load_default=True)


@blp.route("")
class Units(MethodView):
    @blp.arguments(UnitListArgs, location="query")
    @blp.response(200, UnitResponse(many=True))
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: the active role administers nothing")
    def get(self, args):
        """Units and departments the caller administers (every one for a school-level 系统管理员)."""
        return units.list_units(current_principal(), **args)

    @blp.arguments(UnitRequest)
    @blp.response(201, UnitResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: per field")
    def post(self, body):
        """新增单位 (school-level 系统管理员). Audited."""
        return units.create_unit(current_principal(), body)


@blp.route("/<id:unit_id>")
class Unit(MethodView):
    @blp.arguments(UnitPatchRequest)
    @blp.response(200, UnitResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: 单位不存在")
    def patch(self, body, unit_id):
        """编辑单位 (type, 默认科研归口部门, parent …). Audited with the before and after values."""
        return units.update_unit(current_principal(), unit_id, body)


@blp.route("/<id:unit_id>/deactivate")
class Deactivate(MethodView):
    @blp.response(200, UnitResponse)
    @blp.alt_response(409, schema=ErrorResponse,
                      description="invalid_state: 单位仍有在职人员 / 待处理任务 / 下级单位 (one error per holder)")
    def post(self, unit_id):
        """停用单位; refused with the list of what still holds it. Audited."""
        return units.deactivate_unit(current_principal(), unit_id)


@blp.route("/<id:unit_id>/reactivate")
class Reactivate(MethodView):
    @blp.response(200, UnitResponse)
    def post(self, unit_id):
        """启用单位 again. Audited."""
        return units.reactivate_unit(current_principal(), unit_id)
