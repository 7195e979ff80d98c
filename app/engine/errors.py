"""Engine error family and lint findings.

Every SpiffWorkflow, lxml or simpleeval exception that can escape the adapter is translated into one of
these classes, so callers never import anything from SpiffWorkflow. Messages are English (logs, operator
screens); services map the classes to their own Chinese ``AppError`` messages (style.md §9).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LintIssue:
    """One problem found in an uploaded BPMN or DMN document.

    Attributes:
        line: 1-based source line of the offending element, or None when unknown.
        message: what is wrong, in English, e.g. ``"element bpmn:scriptTask is not allowed"``.
    """

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class EngineError(Exception):
    """Base class of every error raised by ``app.engine``.

    Attributes:
        message: human-readable description (English).
        bpmn_id: id of the BPMN/DMN element involved (task, gateway, decision), when known.
        line: 1-based source line, when known.
    """

    def __init__(self, message: str, *, bpmn_id: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.bpmn_id = bpmn_id
        self.line = line


class DefinitionInvalidError(EngineError):
    """A BPMN/DMN document failed the defusedxml check, the lint, XSD validation or parsing (deploy time).

    Attributes:
        issues: every problem found, each rendering as ``"line N: message"``.
    """

    def __init__(self, issues: list[LintIssue], *, bpmn_id: str | None = None) -> None:
        self.issues = list(issues)
        first = self.issues[0] if self.issues else LintIssue(None, "invalid definition")
        message = "; ".join(str(issue) for issue in self.issues) or str(first)
        super().__init__(message, bpmn_id=bpmn_id, line=first.line)


class ExpressionFailedError(EngineError):
    """A run-time failure inside the process: condition, decision table, gateway or refused script.

    The instance state passed in is untouched; the caller rolls back and records an incident.

    Attributes:
        error_type: class name of the underlying error, e.g. ``"NameNotDefined"``, ``"WorkflowException"``.
    """

    def __init__(self, message: str, *, bpmn_id: str | None = None, line: int | None = None,
                 error_type: str | None = None) -> None:
        super().__init__(message, bpmn_id=bpmn_id, line=line)
        self.error_type = error_type


class TaskNotReadyError(EngineError):
    """The engine task id is unknown, malformed, or the task is not a READY manual (user) task."""


class MigrationRefusedError(EngineError):
    """An instance cannot move onto a new process version: a task it waits at is gone (engine-notes §5)."""
