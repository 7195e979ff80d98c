"""Decision tables: strict in-process evaluation and standalone evaluation.

Inside a process a decision table that matches no row raises (instead of SpiffWorkflow's silent ``{}``):
with ``{}`` the previous pass's outputs would survive a return/resubmit loop and the record would be
routed with stale values (catalog §2.4: "the submission is never silently misrouted"). Standalone
evaluation (form defaults, workload formulas) keeps ``{}`` for "no row matches".
"""
from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.specs.model import DecisionTable, HitPolicy

from .errors import ExpressionFailedError


class StrictDMNEngine(DMNEngine):
    """DMNEngine whose UNIQUE/FIRST result fails when no rule matches."""

    def result(self, task: Any) -> dict[str, object]:
        """Return the first matching rule's outputs; raises WorkflowTaskException when none matches."""
        if self.decision_table.hit_policy == HitPolicy.COLLECT.value:
            return super().result(task)
        matched = self.decide(task)
        if not matched:
            inputs = describe_inputs(self.decision_table, task.data)
            error = WorkflowTaskException(
                f"no rule of decision table '{self.decision_table.id}' matches {inputs}", task=task)
            error.error_type = "NoMatchingRule"
            raise error
        return matched[0].output_as_dict(task)


def describe_inputs(table: DecisionTable, data: Mapping[str, object]) -> str:
    """Render the table's plain-name inputs and their values, e.g. ``(category='teaching', record_type='T01')``."""
    names = [i.expression.strip() for i in table.inputs if i.expression and i.expression.strip().isidentifier()]
    return "(" + ", ".join(f"{name}={data.get(name)!r}" for name in names) + ")"


def table_inputs(table: DecisionTable) -> tuple[str, ...]:
    """Input expressions of a table, in column order."""
    return tuple((i.expression or i.label or "").strip() for i in table.inputs)


def table_outputs(table: DecisionTable) -> tuple[str, ...]:
    """Output names of a table, in column order."""
    return tuple(o.name or o.label for o in table.outputs)


def evaluate_table(decision_id: str, table: DecisionTable, script_engine: PythonScriptEngine,
                   inputs: Mapping[str, object]) -> dict[str, object]:
    """Evaluate a standalone decision table against plain inputs.

    Args:
        decision_id: used in error messages and as ``bpmn_id`` of errors.
        table: a parsed decision table.
        script_engine: the safe engine (expressions.build_script_engine).
        inputs: ``{name: plain JSON value}``; every name an input column uses must be present.

    Returns:
        ``{output name: value}`` of the first matching row, ``{}`` when no row matches.

    Raises:
        ExpressionFailedError: a cell failed to evaluate (unknown name, refused construct, type error).
    """
    task = _DecisionTask(decision_id, dict(inputs), script_engine)
    try:
        return dict(DMNEngine(table).result(task))
    except Exception as exc:   # noqa: BLE001 - every evaluation failure becomes one engine error
        raise ExpressionFailedError(f"decision '{decision_id}' failed: {exc}", bpmn_id=decision_id,
                                    error_type=getattr(exc, "error_type", type(exc).__name__)) from exc


class _DecisionWorkflow:
    """The few workflow attributes DMNEngine and WorkflowTaskException read."""

    def __init__(self, decision_id: str, script_engine: PythonScriptEngine) -> None:
        self.script_engine = script_engine
        self.spec = SimpleNamespace(file=f"{decision_id}.dmn")
        self.parent_workflow = None

    @property
    def top_workflow(self) -> _DecisionWorkflow:
        return self


class _DecisionTask:
    """Stand-in task for a decision evaluated outside a process."""

    def __init__(self, decision_id: str, data: dict[str, object], script_engine: PythonScriptEngine) -> None:
        self.data = data
        self.workflow = _DecisionWorkflow(decision_id, script_engine)
        self.task_spec = SimpleNamespace(bpmn_id=decision_id, bpmn_name=decision_id, name=decision_id)
