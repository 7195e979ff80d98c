"""The application's error family: stable English code, HTTP status, Chinese message, where-details.

Every 4xx/5xx leaves the API as one JSON envelope (architecture.md §5)::

    {"code": "validation_failed", "status": 422, "message": "中文说明",
     "errors": [{"field": "sessions", "message": "「监考/考务场次」必须是整数"}]}
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar


def join_path(prefix: str, step: str | int) -> str:
    """A field path one step deeper: ``cases`` + 3 → ``cases[3]``; ``cases[3]`` + ``admit_date`` →
    ``cases[3].admit_date``; ``""`` + ``sessions`` → ``sessions``. Every error's ``field`` uses it."""
    return f"{prefix}[{step}]" if isinstance(step, int) else (f"{prefix}.{step}" if prefix else str(step))


class AppError(Exception):
    """Base of every error a service raises on purpose."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    after_rollback: list[Callable[[], None]]
    """Optional: callbacks ``unit_of_work`` runs after rolling back (e.g. writing an incident)."""

    def __init__(self, message: str, *, errors: Sequence[Mapping[str, object]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = list(errors or [])

    def to_envelope(self) -> dict[str, object]:
        return {"code": self.code, "status": self.status, "message": self.message, "errors": self.errors}


class BadRequest(AppError):
    status, code = 400, "bad_request"


class Unauthenticated(AppError):
    status, code = 401, "unauthenticated"


class PermissionDenied(AppError):
    status, code = 403, "permission_denied"


class PasswordChangeRequired(AppError):
    """A one-time password was used to log in: nothing but changing it is allowed (catalog §6.1)."""

    status, code = 403, "password_change_required"


class NotFound(AppError):
    status, code = 404, "not_found"


class InvalidState(AppError):
    status, code = 409, "invalid_state"


class StaleVersion(AppError):
    status, code = 409, "stale_version"


class TaskAlreadyCompleted(AppError):
    status, code = 409, "task_already_completed"


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"


class TooManyRequests(AppError):
    """Throttled: too many failed logins, or every password-hashing slot busy."""

    status, code = 429, "too_many_requests"


class ValidationFailed(AppError):
    status, code = 422, "validation_failed"


class SignatureRequired(AppError):
    """A single review without a stored e-signature (catalog §5.2): the browser opens the signature pad."""

    status, code = 428, "signature_required"


class EngineIncident(AppError):
    """The process could not advance; an incident was recorded for the operators."""

    status, code = 500, "process_incident"
