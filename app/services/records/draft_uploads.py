"""上传 on a new form: save the draft and store the file in one transaction (catalog §0.4, §3.2 transition 1).

A file belongs to a record, so the first upload on a form that was never saved also saves it as a
draft. Both happen together or not at all: a refused file (type, size, content) leaves no draft
behind, so nothing the user did not ask for is half-written.
"""
from __future__ import annotations

from typing import Any, BinaryIO

from app.auth.principal import Principal
from app.models import Attachment, Record

from app.services.files import attachments
from app.services.records.lifecycle import create_record
from app.services.uow import unit_of_work


def create_draft_with_attachment(principal: Principal, *, record_type: str, data: Any, field: str,
                                 file_name: str | None, stream: BinaryIO,
                                 owner_account: str | None = None) -> tuple[Record, Attachment]:
    """保存 the new form as a draft and 上传 one file to it, as one transaction.

    Args:
        principal: the caller, who files the record (as in ``create_record``).
        record_type: a record-type code, e.g. ``"T01"``.
        data: the form's fields as they are now; 保存's checks (filled fields only).
        field: the file field (``"attachments"``, or ``"list.subfield"`` in a child-list row).
        file_name: the client's file name.
        stream: the file's bytes.
        owner_account: the teacher the record belongs to, when a unit admin files it.

    Returns:
        The new draft (its data already listing a top-level upload) and the new attachment.

    Raises:
        Everything ``create_record`` and ``upload_attachment`` raise; on any of them nothing is
        written: no record, no attachment row, no file.

    Source: catalog §0.4, §3.2 transition 1.
    """
    with unit_of_work():
        record = create_record(principal, record_type=record_type, data=data, owner_account=owner_account)
        attachment = attachments.upload_attachment(principal, record.id, field=field, file_name=file_name,
                                                   stream=stream)
    return record, attachment
