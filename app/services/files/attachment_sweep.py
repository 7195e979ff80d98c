"""Sweep of child-list files that were uploaded but never placed in a row (catalog §0.4, §3.6).

A file of a child-list field (``references.ref_file``) is uploaded first and placed in a row by the
client's next 保存 or 调整 (see ``attachments``). A file still in no row after ``older_than`` was
abandoned: left alone it would count against the field's file cap and be listed by name in exports.
The sweep soft-deletes such rows (``deleted_at``; the blob stays in the store, as for every soft
delete) and removes upload spools a crashed request left behind. Celery beat runs it hourly;
``flask attachments sweep`` runs it by hand.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from app.models import Attachment, Record, utcnow
from app.storage import attachment_store

from app.services.uow import unit_of_work

log = logging.getLogger(__name__)

DEFAULT_AGE = timedelta(hours=24)
BATCH_RECORDS = 200             # records locked per transaction


@dataclass(frozen=True)
class SweepReport:
    attachments: int            # attachment rows soft-deleted
    spools: int                 # stale temporary upload files removed


def sweep_unplaced_attachments(*, older_than: timedelta = DEFAULT_AGE, now: datetime | None = None) -> SweepReport:
    """Soft-delete child-list attachments uploaded before ``now - older_than`` that no row of their
    record's list names, and remove upload spools older than that.

    Each batch of up to ``BATCH_RECORDS`` records is one transaction that locks those records
    (``FOR UPDATE`` on PostgreSQL), so a 保存/调整 placing a file either commits first (and the file
    is kept) or waits and then finds the file deleted (「附件 N 不存在、已删除…」). Top-level file
    fields are never swept: an upload there lists itself in ``record.data`` at once.

    Returns:
        ``SweepReport(attachments=rows soft-deleted, spools=temporary files removed)``.
    """
    now = now or utcnow()
    cutoff = now - older_than
    swept, after_id = 0, 0
    while True:
        with unit_of_work() as session:
            record_ids = list(session.scalars(
                select(Attachment.record_id).distinct()
                .where(Attachment.deleted_at.is_(None), Attachment.field.contains("."),
                       Attachment.uploaded_at < cutoff, Attachment.record_id > after_id)
                .order_by(Attachment.record_id).limit(BATCH_RECORDS)))
            if not record_ids:
                break
            data: dict[int, dict] = dict(session.execute(select(Record.id, Record.data).where(Record.id.in_(record_ids))
                                                         .order_by(Record.id).with_for_update()).tuples().all())
            candidates = session.execute(select(Attachment.id, Attachment.record_id, Attachment.field).where(
                Attachment.record_id.in_(record_ids), Attachment.deleted_at.is_(None),
                Attachment.field.contains("."), Attachment.uploaded_at < cutoff)).all()
            unplaced = [attachment_id for attachment_id, record_id, field in candidates
                        if attachment_id not in placed_ids(data.get(record_id) or {}, field)]
            if unplaced:
                session.execute(update(Attachment).where(Attachment.id.in_(unplaced)).values(deleted_at=now))
            swept += len(unplaced)
            after_id = record_ids[-1]
    spools = attachment_store().remove_stale_spools(older_than=older_than, now=now)
    if swept or spools:
        log.info("attachment sweep: %d unplaced attachment(s), %d stale spool(s)", swept, spools)
    return SweepReport(swept, spools)


def placed_ids(data: Mapping[str, Any], field: str) -> set[int]:
    """The attachment ids the rows of ``data`` name in the child-list file field ``field``
    (``"references.ref_file"`` → every ``row["ref_file"]`` of ``data["references"]``).

    Deliberately more lenient than ``attachments.check_row_attachment_ids``: a bare id counts as
    placed, because the sweep deletes and must never take a file a row still names."""
    list_field, _, sub = field.partition(".")
    rows = data.get(list_field)
    out: set[int] = set()
    for row in rows if isinstance(rows, list) else ():
        value = row.get(sub) if isinstance(row, Mapping) else None
        out.update(v for v in (value if isinstance(value, list) else [value])
                   if isinstance(v, int) and not isinstance(v, bool))
    return out
