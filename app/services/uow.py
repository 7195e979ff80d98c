"""unit_of_work(): the only code that commits."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.orm import Session

from app.extensions import db

_in_unit: ContextVar[bool] = ContextVar("_in_unit", default=False)
_after_commit: ContextVar[list[Callable[[], None]] | None] = ContextVar("_after_commit", default=None)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Run the block as one transaction; a nested call joins the outer one.

    Callbacks registered with ``after_commit`` run once the outermost block has committed
    (the outbox nudge); they never run when the block raises. An exception may carry an
    ``after_rollback`` list of callbacks, run after the rollback (incidents survive the failure).
    """
    session = db.session
    if _in_unit.get():
        yield session
        return
    token = _in_unit.set(True)
    callbacks: list[Callable[[], None]] = []
    cb_token = _after_commit.set(callbacks)
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        _in_unit.reset(token)
        _after_commit.reset(cb_token)
        for callback in getattr(exc, "after_rollback", ()):
            callback()          # e.g. record an incident in its own transaction
        raise
    _in_unit.reset(token)
    _after_commit.reset(cb_token)
    for callback in callbacks:
        callback()


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` after the current unit of work commits (immediately if none is open)."""
    callbacks = _after_commit.get()
    if callbacks is None:
        callback()
    elif callback not in callbacks:
        callbacks.append(callback)
