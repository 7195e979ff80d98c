"""/api/v1/roles: the roles an administrator may grant, with their Chinese labels and scope (catalog §6.2)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.services.administration import grants

from ..schemas.common import ErrorResponse
from ..security import current_principal

blp = Blueprint("roles", __name__, url_prefix="/api/v1/roles", description="角色")


class RoleOption(Schema):
    role = fields.String()
    label = fields.String(metadata={"description": "catalog §6.2, e.g. 二级单位管理员"})
    scope = fields.String(metadata={"description": "none | unit | unit_or_school | department | school"})
    categories = fields.Boolean(metadata={"description": "the grant names the categories it covers"})


@blp.route("")
class Roles(MethodView):
    @blp.response(200, RoleOption(many=True))
    @blp.alt_response(403, schema=ErrorResponse, description="permission_denied: the active role administers no accounts")
    def get(self):
        """The roles the caller may grant (all of them for a school-level 系统管理员; 教职工 only for a
        二级单位管理员), each with what its grant is scoped to."""
        return grants.grantable_roles(current_principal())
