"""What keeps a record from changing: the citation lock (catalog §3.5).

A record is *cited* while ``Record.cited_by`` is not empty; a cited record cannot be withdrawn,
deleted, edited or adjusted. Shared by records/ and files/ (a file of a cited record is locked too);
``records/citations.py`` adds citations.
"""
from __future__ import annotations

from app import messages
from app.errors import InvalidState
from app.models import Record


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
