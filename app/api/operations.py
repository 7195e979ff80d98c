"""/api/v1/operations: the operator console (运维人员 only; 404 for every other role, issue 14 item 3)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.services.operations import actions, figures, instances, stuck

from .schemas.common import ErrorResponse
from .schemas.operations import (AssigneeListResponse, DoneResponse, FiguresResponse, InstanceFiltersResponse,
                                 InstanceListArgs, InstancePageResponse, JumpRequest, ReasonRequest, ReassignRequest,
                                 StepListResponse, StuckResponse)
from .security import current_principal

blp = Blueprint("operations", __name__, url_prefix="/api/v1/operations", description="运维")


@blp.route("/instances")
class Instances(MethodView):
    @blp.arguments(InstanceListArgs, location="query")
    @blp.response(200, InstancePageResponse)
    def get(self, args):
        """Process instances, newest first, filtered by status, process and version, lane, unit and age."""
        return instances.list_instances(current_principal(), **args)


@blp.route("/instances/filters")
class InstanceFilters(MethodView):
    @blp.response(200, InstanceFiltersResponse)
    def get(self):
        """The choices of the instance list's filters (statuses, processes with versions, lanes, units)."""
        return instances.instance_filters(current_principal())


@blp.route("/stuck")
class Stuck(MethodView):
    @blp.response(200, StuckResponse)
    def get(self):
        """The stuck view: open incidents, tasks nobody may act on, overdue tasks, failed outbox rows."""
        return stuck.stuck_view(current_principal())


@blp.route("/figures")
class Figures(MethodView):
    @blp.response(200, FiguresResponse)
    def get(self):
        """The dashboard's figures (the same numbers as /metrics)."""
        return figures.figures_for(current_principal())


@blp.route("/incidents/<id:incident_id>/retry")
class IncidentRetry(MethodView):
    @blp.arguments(ReasonRequest)
    @blp.response(200, DoneResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: resolved, nothing to retry, failed again")
    def post(self, body, incident_id):
        """重试: run the interrupted step again (after the definition was fixed and redeployed)."""
        actions.retry_incident(current_principal(), incident_id, **body)
        return {"ok": True}


@blp.route("/tasks/<id:task_id>/assignees")
class TaskAssignees(MethodView):
    @blp.response(200, AssigneeListResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    def get(self, task_id):
        """The accounts an open review task may be handed to (改派)."""
        return {"items": actions.assignee_options(current_principal(), task_id)}


@blp.route("/tasks/<id:task_id>/reassign")
class TaskReassign(MethodView):
    @blp.arguments(ReassignRequest)
    @blp.response(200, DoneResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the task is not open")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: the user is not eligible")
    def post(self, body, task_id):
        """改派: the task goes to one named eligible user (his inbox, his alone)."""
        actions.reassign_task(current_principal(), task_id, **body)
        return {"ok": True}


def _status_action(name: str, call, doc: str) -> None:
    """``POST /instances/{id}/<name>`` with a required ``reason``: one view class per action, same shape."""
    def post(self, body, instance_id):
        call(current_principal(), instance_id, **body)
        return {"ok": True}
    post.__doc__ = doc
    post = blp.arguments(ReasonRequest)(blp.response(200, DoneResponse)(
        blp.alt_response(404, schema=ErrorResponse, description="not_found")(
            blp.alt_response(409, schema=ErrorResponse, description="invalid_state: not in a state that allows it")(post))))
    blp.route(f"/instances/<id:instance_id>/{name}")(type(f"Instance{name.title()}", (MethodView,), {"post": post}))


_status_action("suspend", actions.suspend_instance,
               "挂起: the instance holds; its open tasks cannot be completed until 恢复 (409).")
_status_action("resume", actions.resume_instance, "恢复: a suspended instance runs again.")
_status_action("terminate", actions.terminate_instance,
               "终止: the instance ends, the record becomes 已终止, its applicant is notified.")


@blp.route("/instances/<id:instance_id>/steps")
class InstanceSteps(MethodView):
    @blp.response(200, StepListResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    def get(self, instance_id):
        """The steps a running instance has passed, where 跳转 may send it (none when it does not run)."""
        steps = actions.step_options(current_principal(), instance_id)
        return {"items": [{"bpmn_id": bpmn_id, "name": name} for bpmn_id, name in steps]}


@blp.route("/instances/<id:instance_id>/jump")
class InstanceJump(MethodView):
    @blp.arguments(JumpRequest)
    @blp.response(200, DoneResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the instance is not running")
    @blp.alt_response(422, schema=ErrorResponse, description="validation_failed: not a step it has passed")
    def post(self, body, instance_id):
        """跳转: send the instance back to a step it has passed; its open tasks are cancelled."""
        actions.jump_to_step(current_principal(), instance_id, **body)
        return {"ok": True}


@blp.route("/outbox/<id:message_id>/retry")
class OutboxRetry(MethodView):
    @blp.arguments(ReasonRequest)
    @blp.response(200, DoneResponse)
    @blp.alt_response(404, schema=ErrorResponse, description="not_found")
    @blp.alt_response(409, schema=ErrorResponse, description="invalid_state: the row has not failed")
    def post(self, body, message_id):
        """重发: a failed outbox row goes back to the relay."""
        actions.retry_outbox(current_principal(), message_id, **body)
        return {"ok": True}
