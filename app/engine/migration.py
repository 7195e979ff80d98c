"""Moving a running instance onto a newer version of its process (engine-notes §5).

``SpiffWorkflow.bpmn.util.diff`` aligns the instance's tasks with the new spec: a task whose spec is gone
is *removed*. An instance may move only when every removed task is merely predicted (a branch not yet
taken); a removed READY or WAITING task (a review someone is waiting for) keeps it on its version.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from .serialization import SERIALIZER, SpecBundle


_OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED


@dataclass(frozen=True)
class MigrationCheck:
    """What a move to the new spec would do to one instance.

    Attributes:
        removed_waiting: bpmn ids of READY / WAITING tasks whose element the new version no longer has
            (non-empty = the instance cannot move; any other removed task that is not merely predicted, such as
            the step already laid out after a waiting task, blocks the move too and is named when no open one is).
        removed_predicted: bpmn ids of predicted tasks that disappear (harmless: branches not taken yet).
        changed: bpmn ids of tasks whose element changed (e.g. a decision task with an edited table).
    """

    removed_waiting: tuple[str, ...]
    removed_predicted: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def can_move(self) -> bool:
        return not self.removed_waiting


def check(workflow: BpmnWorkflow, new: SpecBundle) -> MigrationCheck:
    """Diff ``workflow`` against the new spec bundle without changing it."""
    diff, _sub_diffs = diff_workflow(SERIALIZER.registry, workflow, new[0], new[1])
    blocking = [t for t in diff.removed if not t.has_state(TaskState.PREDICTED_MASK) and not t.has_state(TaskState.FINISHED_MASK)]
    waiting = [t for t in blocking if t.has_state(_OPEN)] or blocking      # name the waiting task, not what follows it
    predicted = [t for t in diff.removed if t.has_state(TaskState.PREDICTED_MASK)]
    return MigrationCheck(removed_waiting=_ids(waiting), removed_predicted=_ids(predicted),
                          changed=_ids(diff.changed))


def migrate(workflow: BpmnWorkflow, new: SpecBundle, ready_data: Mapping[str, object]) -> BpmnWorkflow:
    """Swap the spec of ``workflow`` for the new one and re-predict its open branches.

    ``ready_data`` is merged into the data of every READY user task afterwards (the routing outputs the
    new version's decision tables give for this record), so the gateways after the waiting task route by
    the new tables. The caller has checked :func:`check` first.
    """
    diff, _sub_diffs = diff_workflow(SERIALIZER.registry, workflow, new[0], new[1])
    migrate_workflow(diff, workflow, new[0])
    workflow.subprocess_specs = new[1]
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        task.data.update(ready_data)
    return workflow


def _ids(tasks: list) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.task_spec.bpmn_id or t.task_spec.name for t in tasks))
