"""WorkflowEngine: stateless run-time operations on cached specs.

State in, state out: every call restores the instance from its spec-free ``state`` and the cached spec,
runs, and returns a new :class:`EngineStep`. A failing call raises and returns nothing, so a
half-advanced instance can never be saved (engine-notes §2).
"""
from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from . import lint, migration, parsing
from .decisions import evaluate_table
from .errors import EngineError, ExpressionFailedError, LintIssue, MigrationRefusedError, TaskNotReadyError
from .expressions import ScriptsDisabledError, build_script_engine
from .parsing import CompiledDecision, CompiledProcess
from .migration import MigrationCheck
from .serialization import SpecBundle, load_spec, load_state
from .steps import ElementStates, EngineStep, ReadyUserTask, element_states, read_step

T = TypeVar("T")
_CACHE_SIZE = 256


class _LruCache:
    """Small thread-safe LRU of ``key -> (fingerprint, value)``; a changed fingerprint rebuilds the value."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._items: OrderedDict[str, tuple[str, object]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str, source: str | bytes, build: Callable[[], T]) -> T:
        fingerprint = hashlib.sha256(source if isinstance(source, bytes) else source.encode("utf-8")).hexdigest()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == fingerprint:
                self._items.move_to_end(key)
                return hit[1]  # type: ignore[return-value]
        value = build()
        with self._lock:
            self._items[key] = (fingerprint, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class WorkflowEngine:
    """Facade over SpiffWorkflow for one worker process (see ``app.engine`` for the contract).

    Args:
        allowed_lanes: lane names the BPMN lint accepts (default applicant/unit/dept/hr).
    """

    def __init__(self, allowed_lanes: Iterable[str] = lint.DEFAULT_LANES) -> None:
        self._allowed_lanes = frozenset(allowed_lanes)
        self._script_engine = build_script_engine()
        self._specs = _LruCache()
        self._decisions = _LruCache()

    # --- deploy time -------------------------------------------------------------------------------

    def lint_bpmn(self, xml: bytes) -> list[LintIssue]:
        """Lint a BPMN document; returns ``[]`` when clean (see ``lint.lint_bpmn``)."""
        return lint.lint_bpmn(xml, self._allowed_lanes)

    def lint_dmn(self, xml: bytes) -> list[LintIssue]:
        """Lint a DMN document; returns ``[]`` when clean (see ``lint.lint_dmn``)."""
        return lint.lint_dmn(xml)

    def referenced_decisions(self, bpmn_xml: bytes) -> tuple[str, ...]:
        """Return the ``calledDecisionId`` values of a BPMN document; raises DefinitionInvalidError if refused."""
        return lint.referenced_decisions(lint.require_secure(bpmn_xml))

    def decision_id_of(self, dmn_xml: bytes) -> str:
        """Return the decision id of a DMN document; raises DefinitionInvalidError if refused or ambiguous."""
        return lint.decision_id_of(lint.require_secure(dmn_xml))

    def compile_process(self, bpmn_xml: bytes, dmn_xmls: Sequence[bytes], process_key: str) -> CompiledProcess:
        """Lint, validate and parse a process with its decisions (see ``parsing.compile_process``).

        Raises:
            DefinitionInvalidError: with ``issues`` rendering as ``line N: …``.
        """
        compiled, _bundle = parsing.compile_process(bpmn_xml, dmn_xmls, process_key, self._allowed_lanes)
        return compiled

    def compile_decision(self, dmn_xml: bytes) -> CompiledDecision:
        """Lint and parse a standalone decision; raises DefinitionInvalidError."""
        return parsing.compile_decision(dmn_xml)[0]

    # --- run time ----------------------------------------------------------------------------------

    def start(self, cache_key: str, spec_json: str, data: Mapping[str, object]) -> EngineStep:
        """Start an instance: ``data`` (whitelisted routing fields) goes into the start task, then run.

        Args:
            cache_key: the caller's definition-version id; the restored spec is cached under it.
            spec_json: ``CompiledProcess.spec_json`` of that version.
            data: plain JSON values, e.g. ``{"record_type": "T01", "category": "teaching", "origin":
                "teacher", "course_owner_dept": "…", "research_owner": None}``.

        Raises:
            ExpressionFailedError: a decision, condition or gateway failed (→ incident).
            EngineError: ``spec_json`` cannot be restored.
            TypeError: ``data`` holds a value that is not plain JSON.
        """
        spec, subs = self._bundle(cache_key, spec_json)
        plain = _plain(data)

        def run() -> BpmnWorkflow:
            workflow = BpmnWorkflow(spec, subs, script_engine=self._script_engine)
            workflow.get_next_task(state=TaskState.READY).data.update(plain)
            workflow.do_engine_steps(will_complete_task=tracker.note)
            return workflow
        tracker = _StepTracker()
        return read_step(_guarded(run, tracker))

    def complete_user_task(self, cache_key: str, spec_json: str, state: str, engine_task_id: str,
                           data: Mapping[str, object]) -> EngineStep:
        """Complete a READY user task with ``data`` (top-level keys replace) and run to the next wait.

        Args:
            engine_task_id: ``ReadyUserTask.engine_task_id``.
            data: e.g. ``{"decision": "approve"}`` or ``{"decision": "resubmit", **routing_fields}``.

        Raises:
            TaskNotReadyError: unknown/malformed id, or the task is not a READY user task.
            ExpressionFailedError: a decision, condition or gateway failed; the given state stays valid.
            EngineError: ``spec_json`` or ``state`` cannot be restored.
            TypeError: ``data`` holds a value that is not plain JSON.
        """
        plain = _plain(data)
        workflow = self._load(cache_key, spec_json, state)
        task = _ready_manual_task(workflow, engine_task_id)

        def run() -> BpmnWorkflow:
            task.data.update(plain)
            tracker.note(task)
            task.run()
            workflow.do_engine_steps(will_complete_task=tracker.note)
            return workflow
        tracker = _StepTracker()
        return read_step(_guarded(run, tracker))

    def cancel(self, cache_key: str, spec_json: str, state: str) -> EngineStep:
        """Cancel (withdraw) an instance: every open task is cancelled.

        Returns:
            A step with ``is_completed=True``, no ready tasks and ``end_event="end_cancelled"``
            (a synthetic id: no end event of the diagram is reached). An instance that had already
            ended is returned unchanged (its own ``end_event``).

        Raises:
            EngineError: ``spec_json`` or ``state`` cannot be restored.
        """
        workflow = self._load(cache_key, spec_json, state)
        if workflow.is_completed():
            return read_step(workflow)
        workflow.cancel()
        return read_step(workflow, cancelled=True)

    def fire_timers(self, cache_key: str, spec_json: str, state: str) -> EngineStep:
        """Fire the timer events that are due and run to the next wait (engine-notes.md §6).

        SpiffWorkflow has no clock of its own: ``refresh_timers()`` compares each waiting timer with
        the current time, then ``do_engine_steps()`` runs what fired. Events thrown and not caught
        (an escalation) are drained into ``EngineStep.events``; a second call with the resulting
        state fires nothing more.

        Raises:
            ExpressionFailedError: a timer expression or what follows it failed (→ incident).
            EngineError: ``spec_json`` or ``state`` cannot be restored.
        """
        workflow = self._load(cache_key, spec_json, state)

        def run() -> BpmnWorkflow:
            workflow.refresh_timers()
            workflow.do_engine_steps(will_complete_task=tracker.note)
            return workflow
        tracker = _StepTracker()
        fired = _guarded(run, tracker)
        names = tuple(str(getattr(event.event_definition, "name", None) or getattr(event.event_definition, "code", ""))
                      for event in fired.get_events())
        return read_step(fired, events=names)

    def reset_to_user_task(self, cache_key: str, spec_json: str, state: str, bpmn_id: str) -> EngineStep:
        """Move an instance back to a user task it has already passed (operations 跳转): the element before
        the latest completed run of user task ``bpmn_id`` is reset and run again (SpiffWorkflow
        ``reset_from_task_id``), so the task is READY with a new engine task id and everything after it
        is dropped.

        Raises:
            TaskNotReadyError: the instance has no completed user task ``bpmn_id``.
            EngineError: ``spec_json`` or ``state`` cannot be restored.
        """
        workflow = self._load(cache_key, spec_json, state)
        passed = [t for t in workflow.get_tasks(state=TaskState.COMPLETED)
                  if t.task_spec.manual and t.task_spec.bpmn_id == bpmn_id]
        if not passed:
            raise TaskNotReadyError(f"no completed user task '{bpmn_id}' to go back to", bpmn_id=bpmn_id)
        target = max(passed, key=lambda t: t.last_state_change)
        # Reset to the element before the task (its gateway), which runs again and opens the task afresh:
        # a new engine task id, so the projected user-task rows of the earlier run stay as they were.
        anchor = target.parent if target.parent is not None and not target.parent.task_spec.manual else target

        def run() -> BpmnWorkflow:
            workflow.reset_from_task_id(anchor.id)
            workflow.do_engine_steps(will_complete_task=tracker.note)
            return workflow
        tracker = _StepTracker()
        return read_step(_guarded(run, tracker))

    def passed_user_tasks(self, cache_key: str, spec_json: str, state: str) -> list[tuple[str, str]]:
        """``(bpmn_id, name)`` of the user tasks an instance has completed, oldest first, each once."""
        workflow = self._load(cache_key, spec_json, state)
        done = sorted((t for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.manual),
                      key=lambda t: t.last_state_change)
        seen: dict[str, str] = {}
        for task in done:
            seen.setdefault(task.task_spec.bpmn_id, task.task_spec.bpmn_name or task.task_spec.bpmn_id)
        return list(seen.items())

    def element_states(self, cache_key: str, spec_json: str, state: str) -> ElementStates:
        """Completed and active element ids of an instance, for the diagram highlight."""
        return element_states(self._load(cache_key, spec_json, state))

    def evaluate_decision(self, cache_key: str, dmn_xml: bytes, inputs: Mapping[str, object]) -> dict[str, object]:
        """Evaluate a standalone decision (e.g. ``research_owner_default``, ``workload_T04``).

        Args:
            cache_key: the caller's decision-version id; the parsed table is cached under it.
            dmn_xml: the DMN document (linted and parsed on a cache miss).
            inputs: every name the table's input/output cells use, e.g. ``{"task_type": "监考", "sessions": 1}``.

        Returns:
            ``{output: value}`` of the first matching row; ``{}`` when no row matches.

        Raises:
            DefinitionInvalidError: the document fails the lint or parse.
            ExpressionFailedError: a cell failed (e.g. an input name missing from ``inputs``).
        """
        compiled, table = self._decisions.get(cache_key, dmn_xml, lambda: parsing.compile_decision(dmn_xml))
        return evaluate_table(compiled.decision_id, table, self._script_engine, _plain(inputs))

    def user_tasks(self, cache_key: str, spec_json: str) -> tuple[ReadyUserTask, ...]:
        """Every user task of a process version (``engine_task_id`` empty), in spec order: what a route
        preview lists as the steps a path skipped."""
        spec, _subs = self._bundle(cache_key, spec_json)
        return tuple(ReadyUserTask(engine_task_id="", bpmn_id=t.bpmn_id, name=t.bpmn_name or t.bpmn_id, lane=t.lane)
                     for t in spec.task_specs.values() if getattr(t, "manual", False) and t.bpmn_id)

    def check_migration(self, cache_key: str, spec_json: str, state: str, new_cache_key: str,
                        new_spec_json: str) -> MigrationCheck:
        """Would the instance survive a move onto the new spec (engine-notes §5)? Changes nothing.

        Raises:
            EngineError: a spec or the state cannot be restored.
        """
        workflow = self._load(cache_key, spec_json, state)
        return migration.check(workflow, self._bundle(new_cache_key, new_spec_json))

    def migrate(self, cache_key: str, spec_json: str, state: str, new_cache_key: str, new_spec_json: str,
                ready_data: Mapping[str, object]) -> EngineStep:
        """Move the instance onto the new spec; ``ready_data`` (the new routing outputs) goes into its
        READY user tasks.

        Returns:
            The step of the moved instance (its READY tasks keep their engine task ids).

        Raises:
            MigrationRefusedError: a READY or WAITING task has no element in the new version.
            EngineError: a spec or the state cannot be restored.
        """
        workflow = self._load(cache_key, spec_json, state)
        new = self._bundle(new_cache_key, new_spec_json)
        found = migration.check(workflow, new)
        if not found.can_move:
            raise MigrationRefusedError(f"waiting task(s) removed by the new version: {', '.join(found.removed_waiting)}",
                                        bpmn_id=found.removed_waiting[0])
        return read_step(migration.migrate(workflow, new, _plain(ready_data)))

    # --- helpers -----------------------------------------------------------------------------------

    def _bundle(self, cache_key: str, spec_json: str) -> SpecBundle:
        """Cached ``(spec, subprocess_specs)`` for a definition version."""
        def build() -> SpecBundle:
            try:
                return load_spec(spec_json)
            except Exception as exc:  # noqa: BLE001 - corrupt stored spec
                raise EngineError(f"cannot restore spec '{cache_key}': {exc}") from exc
        return self._specs.get(cache_key, spec_json, build)

    def _load(self, cache_key: str, spec_json: str, state: str) -> BpmnWorkflow:
        """Restore an instance with the cached spec and the safe script engine."""
        bundle = self._bundle(cache_key, spec_json)
        try:
            workflow = load_state(state, bundle)
        except Exception as exc:  # noqa: BLE001 - corrupt or foreign state
            raise EngineError(f"cannot restore instance state: {exc}") from exc
        workflow.script_engine = self._script_engine
        return workflow


def _ready_manual_task(workflow: BpmnWorkflow, engine_task_id: str) -> Task:
    """Find a READY manual task by id; raises TaskNotReadyError."""
    try:
        task = workflow.get_task_from_id(uuid.UUID(str(engine_task_id)))
    except (ValueError, SpiffWorkflowException) as exc:
        raise TaskNotReadyError(f"unknown engine task id '{engine_task_id}'") from exc
    if task is None:
        raise TaskNotReadyError(f"unknown engine task id '{engine_task_id}'")
    if not task.task_spec.manual or task.state != TaskState.READY:
        raise TaskNotReadyError(f"task '{task.task_spec.bpmn_id}' is {TaskState.get_name(task.state)}, "
                                "not a READY user task", bpmn_id=task.task_spec.bpmn_id)
    return task


class _StepTracker:
    """Remembers the task being run, for errors that carry no task (e.g. SpiffWorkflow's call_service)."""

    def __init__(self) -> None:
        self.bpmn_id: str | None = None

    def note(self, task: object) -> None:
        self.bpmn_id = getattr(getattr(task, "task_spec", None), "bpmn_id", None)


def _guarded(run: Callable[[], T], tracker: _StepTracker) -> T:
    """Run an engine step; translate every failure into ExpressionFailedError."""
    try:
        return run()
    except EngineError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure mid-step means the instance must not be saved
        raise _expression_failed(exc, tracker.bpmn_id) from exc


def _expression_failed(exc: Exception, running_bpmn_id: str | None) -> ExpressionFailedError:
    """Build an ExpressionFailedError from a SpiffWorkflow (or other) exception."""
    refused = _find_in_chain(exc, ScriptsDisabledError)
    task_spec = getattr(exc, "task_spec", None)
    bpmn_id = getattr(task_spec, "bpmn_id", None) or running_bpmn_id
    line = getattr(exc, "line_number", None)
    if refused is not None:
        message, error_type = str(refused), type(refused).__name__
    else:
        message = str(exc).rstrip(". ").strip() or type(exc).__name__
        error_type = getattr(exc, "error_type", None) or type(exc).__name__
    return ExpressionFailedError(message, bpmn_id=bpmn_id, line=line if isinstance(line, int) and line else None,
                                 error_type=error_type)


def _find_in_chain(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of ``kind`` in the cause/context chain of ``exc``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _plain(data: Mapping[str, object]) -> dict[str, object]:
    """A deep, JSON-plain copy of caller data; raises TypeError for non-JSON values."""
    return json.loads(json.dumps(dict(data), ensure_ascii=False))
