"""Per-process caches of rows that change rarely, and how they learn of writes (issue 15: cached immutable
data with correct invalidation).

``TimedCache(tables, seconds)``: entries kept for ``seconds``, all dropped when this process writes one
of ``tables``; other processes' writes apply here within ``seconds``.

``on_write(tables, listener)`` calls ``listener`` once a transaction that wrote one of ``tables`` ends:
when it commits (the cached copy is stale now) and when it rolls back (what was read inside the undone
writes, e.g. the id of a unit created and then rolled back, must not outlive them). Writes are ORM
changes found at flush and bulk ``INSERT``/``UPDATE``/``DELETE`` statements run through a session.
Other processes' writes are not seen here: each cache bounds their effect by the age of its entries.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from itertools import chain
from threading import Lock
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

V = TypeVar("V")

_WRITTEN = "tables_written"
"""``session.info`` key: names of the watched tables this session's transaction wrote."""

_listeners: list[tuple[frozenset[str], Callable[[], None]]] = []
_watched: set[str] = set()


def on_write(tables: Iterable[str], listener: Callable[[], None]) -> None:
    """Call ``listener`` (no arguments) when a transaction of this process that wrote one of ``tables``
    commits or rolls back."""
    names = frozenset(tables)
    _watched.update(names)
    _listeners.append((names, listener))


def forget_everything() -> None:
    """Call every listener: the database changed behind every session's back (a test's isolation rolled
    back on its connection, a restore)."""
    for _names, listener in _listeners:
        listener()


def _note(session: Session, name: str | None) -> None:
    if name in _watched:
        session.info.setdefault(_WRITTEN, set()).add(name)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: object) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        _note(session, getattr(getattr(obj, "__table__", None), "name", None))


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None:
        _note(state.session, getattr(state.bind_mapper.persist_selectable, "name", None))


def _tell(written: set[str]) -> None:
    for names, listener in _listeners:
        if names & written:
            listener()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    if written:
        _tell(written)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: object) -> None:
    # after a savepoint's rollback the names stay for the outer transaction: its end tells again
    written = session.info.get(_WRITTEN) if session.in_transaction() else session.info.pop(_WRITTEN, None)
    if written:
        _tell(written)


class TimedCache(Generic[V]):
    """Values loaded on demand, each kept for ``seconds`` (0: never kept), all dropped when a transaction of
    this process that wrote one of ``tables`` ends (:func:`on_write`)."""

    def __init__(self, tables: Iterable[str], seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[Hashable, tuple[float, V]] = {}
        self._lock = Lock()
        on_write(tables, self.clear)

    def get(self, key: Hashable, load: Callable[[], V | None], seconds: float | None = None) -> V | None:
        """The value under ``key`` if younger than ``seconds`` (default: the cache's), else ``load()``;
        a loaded None is not kept (asked again next time)."""
        ttl = self.seconds if seconds is None else seconds
        if ttl <= 0:
            return load()
        now = time.monotonic()
        found = self._entries.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = load()
        if value is not None:
            with self._lock:
                self._entries[key] = (now + ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
