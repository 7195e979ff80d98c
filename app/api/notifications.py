"""/api/v1/notifications: the caller's in-app notifications, read state and e-mail preferences;
/api/v1/records/{id}/urge (催办); /api/v1/outbox/failed for operators (catalog §3.9, issue 13)."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.services.deadlines import urging
from app.services.messaging import notifications, preferences
from app.vocabulary import Role

from .schemas.common import ErrorResponse
from .security import current_principal, requires_role

blp = Blueprint("notifications", __name__, url_prefix="/api/v1", description="通知")


class NotificationArgs(Schema):
    unread = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class NotificationResponse(Schema):
    id = fields.Integer()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True, metadata={"description": "the record or task, e.g. /records/12"})
    event_type = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class NotificationSummary(Schema):
    unread = fields.Integer(required=True)
    total = fields.Integer(required=True)


class MarkedResponse(Schema):
    marked = fields.Integer(required=True, metadata={"description": "how many became read"})


class PreferenceItem(Schema):
    event_type = fields.String(required=True)
    label = fields.String(dump_only=True)
    email = fields.Boolean(required=True)


class PreferencesResponse(Schema):
    items = fields.List(fields.Nested(PreferenceItem), required=True)


class PreferencesUpdate(Schema):
    items = fields.List(fields.Nested(PreferenceItem), required=True)


class UrgeResponse(Schema):
    id = fields.Integer(required=True)
    record_id = fields.Integer(required=True)
    task_id = fields.Integer(required=True)
    urged_on = fields.Date(required=True)


class FailedMessage(Schema):
    id = fields.Integer()
    event_type = fields.String()
    payload = fields.Dict()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()


class FailedListResponse(Schema):
    items = fields.List(fields.Nested(FailedMessage), required=True)


@blp.route("/notifications")
class NotificationCollection(MethodView):
    @blp.arguments(NotificationArgs, location="query")
    @blp.response(200, NotificationResponse(many=True))
    def get(self, args):
        """The caller's notifications, newest first, a page at a time (``unread`` for unread only)."""
        return notifications.list_notifications(current_principal().user_id, unread_only=args["unread"],
                                                limit=args["page_size"], page=args["page"])


@blp.route("/notifications/summary")
class NotificationSummaryView(MethodView):
    @blp.response(200, NotificationSummary)
    def get(self):
        """Unread and total counts (the bell)."""
        return notifications.notification_summary(current_principal().user_id)


@blp.route("/notifications/<id:notification_id>/read")
class NotificationRead(MethodView):
    @blp.response(200, MarkedResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's notification")
    def post(self, notification_id):
        """Mark one notification read."""
        return {"marked": notifications.mark_read(current_principal().user_id, notification_id)}


@blp.route("/notifications/read-all")
class NotificationReadAll(MethodView):
    @blp.response(200, MarkedResponse)
    def post(self):
        """Mark every notification of the caller read."""
        return {"marked": notifications.mark_read(current_principal().user_id)}


@blp.route("/notifications/preferences")
class NotificationPreferences(MethodView):
    @blp.response(200, PreferencesResponse)
    def get(self):
        """Which events also come by e-mail (in-app always)."""
        return {"items": preferences.email_preferences(current_principal().user_id)}

    @blp.arguments(PreferencesUpdate)
    @blp.response(200, PreferencesResponse)
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: 未知的通知类型")
    def put(self, body):
        """Store the caller's e-mail choices."""
        choices = {item["event_type"]: item["email"] for item in body["items"]}
        return {"items": preferences.set_email_preferences(current_principal().user_id, choices)}


@blp.route("/records/<id:record_id>/urge")
class RecordUrge(MethodView):
    @blp.response(201, UrgeResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found: not the caller's record")
    @blp.alt_response(409, schema=ErrorResponse,
                      description="invalid_state: 今天已催办过, not waiting long enough, or not in review")
    def post(self, record_id):
        """催办: remind the reviewers of the record's current task (once a day; shown in 审核记录)."""
        return urging.urge_record(current_principal(), record_id)


@blp.route("/outbox/failed")
class OutboxFailed(MethodView):
    @blp.response(200, FailedListResponse)
    @requires_role(Role.OPERATOR, Role.SYSTEM_ADMIN)
    def get(self):
        """Outbox rows that failed for good, with the reason (operators)."""
        return {"items": notifications.failed_messages()}


@blp.route("/outbox/<id:message_id>/retry")
class OutboxRetry(MethodView):
    @blp.response(200, FailedMessage)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the row has not failed")
    @requires_role(Role.OPERATOR, Role.SYSTEM_ADMIN)
    def post(self, message_id):
        """Queue a failed row again (attempts reset)."""
        return notifications.retry_message(message_id)
