"""How a request's database transaction ends when no service ended it: a read-only one commits.

A service that changes state commits its own unit of work (app/services/uow.py); what a request leaves
open at its end is the transaction of its reads (an inbox page, a record's detail). Closing the session
would end it with ROLLBACK, and psycopg forgets every prepared statement of the connection on a
ROLLBACK (``DEALLOCATE ALL``: a rolled-back transaction may have dropped what they refer to). Ended that
way after every page, no statement is ever executed the five times psycopg waits before preparing it,
and PostgreSQL plans each statement of each request anew (about 1 ms for the inbox's count and 合计).

So at the end of a request a transaction that only read is committed, which for a transaction that
wrote nothing is the same as rolling it back. One that ran anything but a SELECT, or whose session holds
changes not yet flushed, or that ends with an error, is left to the session's close and rolls back as
before: nothing a service did not commit is ever written.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_WROTE = "hrperf_wrote"     # key in the pooled connection's ``info``: this transaction ran a non-SELECT


def install(app: Flask, engines: dict[str, Engine]) -> None:
    """Watch what each transaction of ``engines`` runs and commit the read-only ones a request leaves
    open. Call after ``db.init_app``: teardown functions run last registered first, so this one runs
    before the extension closes the sessions."""
    for engine in engines.values():
        watch(engine)
    app.teardown_appcontext(_end_read_only)


def watch(engine: Engine) -> None:
    """Note on each connection of ``engine`` whether its transaction ran anything but a SELECT (read by
    :func:`only_read`); idempotent."""
    if not event.contains(engine, "begin", _begin):
        event.listen(engine, "begin", _begin)
        event.listen(engine, "before_cursor_execute", _before_cursor_execute)


def _begin(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _before_cursor_execute(connection: Connection, cursor: Any, statement: str, *_: Any) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info[_WROTE] = True


def _end_read_only(error: BaseException | None) -> None:
    if error is not None:
        return
    sessions: dict[str, Session] = g.get("_sqlalchemy_sessions") or {}    # the extension's sessions of this context
    for session in sessions.values():
        if only_read(session):
            try:
                session.commit()
            except SQLAlchemyError:         # the answer is sent already; the session's close rolls back
                log.warning("committing a read-only transaction failed", exc_info=True)


def only_read(session: Session) -> bool:
    """True when ``session`` has an open transaction that ran nothing but SELECT statements and holds
    no unflushed change (committing it writes nothing)."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    return not session.connection().info.get(_WROTE, True)     # one engine: the session's transaction's connection
