"""Plain-data views of a workflow: the result of a step, ready user tasks, diagram highlight.

Nothing here mutates the workflow; :func:`read_step` is called after a successful step only.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from .serialization import dump_state

ROUTING_OUTPUTS = ("unit_step", "dept_lane", "hr_step", "final_lane")
"""Decision outputs copied into ``EngineStep.outputs`` when present (catalog §2.3, §2.4). Every value,
``final_lane`` included, is a decision-table output (rules/route_steps.dmn, rules/library_steps.dmn): the
adapter names no department and derives no lane."""
END_CANCELLED = "end_cancelled"
"""Synthetic ``end_event`` of a cancelled (withdrawn) instance; it is not a diagram element."""


@dataclass(frozen=True)
class ReadyUserTask:
    """A user task waiting for a person.

    Attributes:
        engine_task_id: SpiffWorkflow task UUID (str); key of the service's ``user_task`` row.
        bpmn_id: diagram element id, e.g. ``"dept_review"``.
        name: element name for the inbox, e.g. ``"职能部门审核"``.
        lane: lane name (``"applicant" | "unit" | "dept" | "hr"``); the service maps it to a candidate group.
        properties: the task's ``spiffworkflow:properties`` (name → value text), e.g.
            ``{"sign_mode": "all"}`` for a 会签 step (lint.SIGN_MODES); ``{}`` when it has none.
        previous_task_id: engine task id of the nearest completed user task before this one on its path
            (the previous step, whichever lane it sat in), None at the first user task.
    """

    engine_task_id: str
    bpmn_id: str
    name: str
    lane: str | None
    properties: Mapping[str, str] = field(default_factory=dict)
    previous_task_id: str | None = None


@dataclass(frozen=True)
class EngineStep:
    """The outcome of ``start`` / ``complete_user_task`` / ``cancel``.

    Attributes:
        state: spec-free serialized instance state (JSON text), to store on the instance row.
        ready_user_tasks: every READY user task after the step (empty when completed).
        outputs: routing outputs from the latest task data: any of ``unit_step`` (bool), ``dept_lane``
            (str or None = no functional step), ``hr_step`` (bool), ``final_lane`` (str: the department
            that reviews last, as the steps table decided it).
        is_completed: True once an end event was reached or the instance was cancelled.
        end_event: bpmn id of the end event reached (``"end_approved"``, ``"end_terminated"``),
            ``"end_cancelled"`` after :meth:`WorkflowEngine.cancel`, None while running.
        next_timer_at: earliest due time (aware UTC) of waiting timer events, None if none.
        events: names of the events the step threw that nothing in the process caught (an escalation
            after a timer, e.g. ``"review_overdue"``), for the application's outbox.
    """

    state: str
    ready_user_tasks: tuple[ReadyUserTask, ...]
    outputs: Mapping[str, object] = field(default_factory=dict)
    is_completed: bool = False
    end_event: str | None = None
    next_timer_at: datetime | None = None
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class ElementStates:
    """Diagram highlight of an instance (bpmn element ids).

    Attributes:
        completed: elements that completed at least once, in order of first completion. After a
            return loop an element can be both completed and active.
        active: elements currently READY, WAITING or STARTED (e.g. the user task awaiting review).
    """

    completed: tuple[str, ...]
    active: tuple[str, ...]


def read_step(workflow: BpmnWorkflow, *, cancelled: bool = False, events: tuple[str, ...] = ()) -> EngineStep:
    """Build the :class:`EngineStep` of a workflow after a successful step (serializes the state)."""
    ready_tasks = workflow.get_tasks(state=TaskState.READY, manual=True)
    is_completed = workflow.is_completed()
    completed = workflow.get_tasks(state=TaskState.COMPLETED) if is_completed or not ready_tasks else []
    end_event = END_CANCELLED if cancelled else (_reached_end_event(completed) if is_completed else None)
    return EngineStep(
        state=dump_state(workflow),
        ready_user_tasks=tuple(_ready_user_task(task) for task in ready_tasks),
        outputs=routing_outputs(ready_tasks[0].data if ready_tasks else _latest_data(completed)),
        is_completed=is_completed,
        end_event=end_event,
        next_timer_at=next_timer_at(workflow),
        events=events,
    )


def _ready_user_task(task: Task) -> ReadyUserTask:
    """Plain view of one READY manual task."""
    spec = task.task_spec
    previous = previous_user_task(task)
    properties = (getattr(spec, "extensions", None) or {}).get("properties") or {}
    return ReadyUserTask(engine_task_id=str(task.id), bpmn_id=spec.bpmn_id, name=spec.bpmn_name or spec.bpmn_id,
                         lane=spec.lane, properties={str(k): str(v) for k, v in properties.items()},
                         previous_task_id=str(previous.id) if previous is not None else None)


def previous_user_task(task: Task) -> Task | None:
    """The nearest COMPLETED manual (user) task among ``task``'s ancestors, None if there is none."""
    parent = task.parent
    while parent is not None:
        if parent.task_spec.manual and parent.state == TaskState.COMPLETED:
            return parent
        parent = parent.parent
    return None


def routing_outputs(data: Mapping[str, object]) -> dict[str, object]:
    """Pick the decision-table routing outputs (``ROUTING_OUTPUTS``) present in task data."""
    return {key: data[key] for key in ROUTING_OUTPUTS if key in data}


def element_states(workflow: BpmnWorkflow) -> ElementStates:
    """Completed and active bpmn element ids of a workflow."""
    completed: dict[str, float] = {}
    for task in workflow.get_tasks(state=TaskState.COMPLETED):
        bpmn_id = task.task_spec.bpmn_id
        if bpmn_id and (bpmn_id not in completed or task.last_state_change < completed[bpmn_id]):
            completed[bpmn_id] = task.last_state_change
    active_mask = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    active = dict.fromkeys(t.task_spec.bpmn_id for t in workflow.get_tasks(state=active_mask) if t.task_spec.bpmn_id)
    return ElementStates(completed=tuple(sorted(completed, key=completed.__getitem__)), active=tuple(active))


def next_timer_at(workflow: BpmnWorkflow) -> datetime | None:
    """Earliest due time of the waiting timer events (engine-notes §6), aware UTC."""
    due = []
    for event in workflow.waiting_events():
        if "Timer" not in event.event_type and event.event_type != "TimeDateEventDefinition":
            continue
        if isinstance(event.value, str):
            try:
                moment = datetime.fromisoformat(event.value)
            except ValueError:
                continue
            due.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return min(due).astimezone(UTC) if due else None


def _reached_end_event(completed: list[Task]) -> str | None:
    """Bpmn id of the completed end event (the latest one if several)."""
    ends = [t for t in completed if isinstance(t.task_spec, EndEvent)]
    return max(ends, key=lambda t: t.last_state_change).task_spec.bpmn_id if ends else None


def _latest_data(completed: list[Task]) -> Mapping[str, object]:
    """Data of the latest completed task (used when no user task is READY)."""
    if not completed:
        return {}
    # tree order breaks ties of equal timestamps: later in the tree = later in the run
    latest = max(enumerate(completed), key=lambda pair: (pair[1].last_state_change, pair[0]))[1]
    return latest.data
