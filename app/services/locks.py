"""What keeps a record from changing: the citation lock (catalog §3.5) and the row locks of a review step.

A record is *cited* while ``Record.cited_by`` is not empty; a cited record cannot be withdrawn,
deleted, edited or adjusted. Shared by records/ and files/ (a file of a cited record is locked too);
``records/citations.py`` adds citations.

Every change to a running review (a reviewer's 审核, an operator's action) takes the rows ``FOR UPDATE``
in one order: the user task (when there is one), then the record, then the process instance
(:func:`lock_review`), so two of them never deadlock and the second waits and sees the first's result.
"""
from __future__ import annotations

import functools

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, lazyload, undefer

from app import messages
from app.errors import InvalidState
from app.models import ProcessInstance, Record


def is_cited(record: Record) -> bool:
    """True while a downstream use depends on the record (catalog §3.5)."""
    return bool(record.cited_by)


def ensure_not_cited(record: Record, action_label: str) -> None:
    """Raise InvalidState (409) 「该业绩已被引用，不能{action}」 when the record is cited.

    Args:
        record: the record about to change.
        action_label: the action as the UI names it: 修改, 删除, 调整, 撤回.
    """
    if is_cited(record):
        raise InvalidState(messages.CITED_LOCKED.format(action=action_label))


def lock_review(session: Session, record_id: int, instance_id: int) -> tuple[Record, ProcessInstance]:
    """Lock ``record`` then ``instance`` ``FOR UPDATE`` (fresh from the database) in the order every review
    step takes them; the caller has locked the user task first when the step acts on one.

    One statement: PostgreSQL locks the rows of a result row in the order ``FOR UPDATE OF`` names their
    tables (record, then process_instance); SQLite serialises writers by itself.

    Raises:
        sqlalchemy.exc.NoResultFound: no such record, or ``instance_id`` is not one of its instances.
    """
    record, instance = session.execute(_lock_statement(), {"record_id": record_id, "instance_id": instance_id}).one()
    return record, instance


@functools.cache
def _lock_statement() -> Select[tuple[Record, ProcessInstance]]:
    """The locking read of :func:`lock_review`, built once (bind parameters ``record_id``, ``instance_id``)."""
    return (select(Record, ProcessInstance)
            .join(ProcessInstance, ProcessInstance.record_id == Record.id)
            .where(Record.id == bindparam("record_id"), ProcessInstance.id == bindparam("instance_id"))
            .with_for_update(of=[Record.id, ProcessInstance.id])         # renders "OF record, process_instance"
            # what a step's notifications and the response name (type, owner, unit); the rest only when used
            .options(lazyload("*"), joinedload(Record.record_type).lazyload("*"),
                     joinedload(Record.owner).lazyload("*"), joinedload(Record.owner_unit),
                     undefer(ProcessInstance.state))        # the step needs it: the same round trip
            .execution_options(populate_existing=True))
