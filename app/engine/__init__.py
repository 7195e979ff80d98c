"""Workflow-engine adapter: the only package that imports SpiffWorkflow (style.md §5).

It knows nothing of Flask or SQLAlchemy and speaks plain data: bytes of BPMN/DMN documents in,
JSON text (spec, state) and frozen dataclasses out. Services store ``CompiledProcess.spec_json`` once per
definition version and ``EngineStep.state`` per instance, and pass them back with a ``cache_key`` (the
definition-version id) on every call.

Usage::

    engine = get_engine()
    compiled = engine.compile_process(bpmn, [dmn1, dmn2], "workload_approval")   # deploy
    step = engine.start(str(version_id), compiled.spec_json, routing_fields)       # 提交
    step = engine.complete_user_task(str(version_id), compiled.spec_json, step.state,
                                     step.ready_user_tasks[0].engine_task_id, {"decision": "approve"})

Sources: engine-notes (SpiffWorkflow 3.2 recipe), style.md §5, catalog §2.
"""
from __future__ import annotations

import logging as _logging
import threading

from .errors import (DefinitionInvalidError, EngineError, ExpressionFailedError, LintIssue, MigrationRefusedError,
                     TaskNotReadyError)
from .lint import DEFAULT_LANES
from .migration import MigrationCheck
from .parsing import CompiledDecision, CompiledProcess
from .runtime import WorkflowEngine
from .serialization import SERIALIZER_VERSION
from .steps import END_CANCELLED, ElementStates, EngineStep, ReadyUserTask

# SpiffWorkflow logs every task state change at INFO ("spiff.task", "spiff.workflow", …): dozens of
# records per request, measurable in bench/lifecycle.py. Only its warnings and errors go out.
_logging.getLogger("spiff").setLevel(_logging.WARNING)

__all__ = [
    "DEFAULT_LANES", "END_CANCELLED", "SERIALIZER_VERSION",
    "CompiledDecision", "CompiledProcess", "DefinitionInvalidError", "ElementStates", "EngineError",
    "EngineStep", "ExpressionFailedError", "LintIssue", "MigrationCheck", "MigrationRefusedError", "ReadyUserTask",
    "TaskNotReadyError",
    "WorkflowEngine", "get_engine",
]

_engine: WorkflowEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> WorkflowEngine:
    """Return the process-wide :class:`WorkflowEngine` (created on first use)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = WorkflowEngine()
    return _engine
