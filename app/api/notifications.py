"""/api/v1/notifications: the caller's in-app notifications (catalog §3.9)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.services.messaging import notifications

from .security import current_principal

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications", description="通知")


class NotificationArgs(Schema):
    unread = fields.Boolean(load_default=False)


class NotificationResponse(Schema):
    id = fields.Integer()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


@blp.route("")
class NotificationCollection(MethodView):
    @blp.arguments(NotificationArgs, location="query")
    @blp.response(200, NotificationResponse(many=True))
    def get(self, args):
        """The caller's latest 50 notifications, newest first."""
        return notifications.list_notifications(current_principal().user_id, unread_only=args["unread"])
