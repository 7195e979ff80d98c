"""Record attachments: 上传, 删除, 下载 and the helpers the save/submit path and exports use (catalog §0.4).

Files belong to one field of one record: a top-level file field (``"evidence"``, ``"attachments"``)
or a file field inside a child-list row (``"references.ref_file"``). Uploading to a top-level field
also lists the new id in ``record.data[field]``; a child-list upload is placed in a row by the
client's next 保存 or 调整, which checks the ids with ``check_row_attachment_ids``; one left in no row
for a day is soft-deleted by ``attachment_sweep``.

Who may change files, and when (catalog §3.3, §3.6): the record's applicant, while the record is
draft or returned; a child-list file field also while in_review or approved when its list is
adjustable for this record (``adjustable_lists``: A20–A22 template mode) and the record is not
cited. Anyone who may read the record may list and download its files; otherwise 404.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.definitions.file_fields import FileFieldRule, check_row_file_ids, file_field_rules, row_file_fields
from app.definitions.forms import FormDefinition
from app.errors import InvalidState, NotFound, ValidationFailed
from app.extensions import db
from app.models import Attachment, Record, utcnow
from app.vocabulary import ADJUSTABLE_STATUSES, EDITABLE_STATUSES
from app.storage import attachment_store

from app.services import locks
from app.services import scope
from app.services.deployment import form_of
from app.services.files.attachment_rules import (CONTENT_MISMATCH, CONTENT_TYPES, EMPTY_FILE, TOO_LARGE, TOO_MANY,
                                                 TYPE_NOT_ALLOWED, clean_file_name, content_matches, extension_of,
                                                 name_problem)
from app.services.files.upload_inspection import content_problem
from app.services.uow import unit_of_work

log = logging.getLogger(__name__)

ATTACHMENT_NOT_FOUND = "附件不存在或无权访问"
NOT_A_FILE_FIELD = "「{field}」不是可上传附件的字段"
STILL_IN_ROW = "该附件仍在「{label}」第 {n} 条中使用，请先调整列表再删除"


def upload_attachment(principal: Principal, record_id: int, *, field: str, file_name: str | None,
                      stream: BinaryIO) -> Attachment:
    """上传 one file to a file field of the caller's record.

    Args:
        principal: the record's applicant (owner, or the importing unit admin).
        record_id: the record.
        field: a top-level file property (``"attachments"``, ``"evidence"``) or ``"list.subfield"``
            for a file field in a child-list row (``"references.ref_file"``).
        file_name: the client's file name; directories are stripped (``"../../x.pdf"`` → ``"x.pdf"``).
        stream: the file's bytes (binary, read once, at most the field's max_mb + 1 byte).

    Returns:
        The new ``Attachment`` (``file_name`` cleaned, ``sha256`` of the content, ``size`` in bytes,
        ``content_type`` from the extension). A top-level upload also appends its id to
        ``record.data[field]`` (so the record's version moves).

    Raises:
        NotFound: not the caller's record.
        InvalidState: the record is not draft/returned (child-list fields: nor adjustable in
            in_review/approved), or it is cited (「该业绩已被引用，不能调整」).
        ValidationFailed: one ``{"field", "message"}``: unknown or non-file field; bad name; type
            not allowed (「附件：文件 x.exe 类型不允许，仅支持 pdf/…」); over max_mb (「…超过 10 MB」);
            over max_files (「附件：最多只能上传 10 个文件」); content not matching the extension
            (「…的内容与扩展名不符」); unsafe content (``upload_inspection``: a polyglot 「…同时是可执行程序（ELF），
            不能上传」, a PDF with JavaScript or a launch action, an office file that is no valid OOXML
            package or a zip bomb). Nothing is stored on any refusal: no row, no file.

    Source: catalog §0.4 (rules and field overrides), §3.3, §3.6.
    """
    store = attachment_store()
    with unit_of_work() as session:
        record = scope.applicant_record(session, principal, record_id, lock=True)
        form = form_of(session, record.form_version_id)
        rule = _rule_for(form, field)
        _ensure_changeable(form, record, rule, action="上传附件")
        name = clean_file_name(file_name) or ""
        problem = name_problem(name, rule.label)
        if problem:
            _refuse(problem, rule)
        extension = extension_of(name)
        if not rule.allows(extension):
            _refuse(TYPE_NOT_ALLOWED.format(label=rule.label, name=name, types="/".join(rule.types)), rule)
        if _live_count(session, record.id, rule.field) >= rule.upload_cap:
            _refuse(TOO_MANY.format(label=rule.label, max_files=rule.upload_cap), rule)
        with store.spool(stream, limit=rule.max_bytes) as upload:
            if upload.is_over_limit:
                _refuse(TOO_LARGE.format(label=rule.label, name=name, max_mb=_mb(rule.max_mb)), rule)
            if upload.size == 0:
                _refuse(EMPTY_FILE.format(label=rule.label, name=name), rule)
            if not content_matches(extension, upload):
                _refuse(CONTENT_MISMATCH.format(label=rule.label, name=name), rule)
            problem = content_problem(extension, upload.path, label=rule.label, name=name)
            if problem:
                _refuse(problem, rule)
            attachment = Attachment(record_id=record.id, field=rule.field, file_name=name, extension=extension,
                                    content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
                                    size=upload.size, sha256=upload.sha256, uploaded_by_id=principal.user_id)
            session.add(attachment)
            session.flush()
            if rule.list_field is None:
                ids = [i for i in _as_list(record.data.get(field)) if i != attachment.id]
                record.data = {**record.data, field: [*ids, attachment.id]}
            store.keep(upload)      # last: any refusal or DB error above leaves the store untouched
    return attachment


def delete_attachment(principal: Principal, record_id: int, attachment_id: int) -> None:
    """删除 one file: soft delete (``deleted_at``) and remove its id from ``record.data``.

    In draft/returned the id is also removed from any child-list row that lists it. In an adjustable
    in_review/approved record a file still listed by a row cannot be deleted: the row is changed by
    调整 first (which keeps the list's rules and the 审核记录 entry). The stored blob is kept
    (content-addressed, possibly shared; the row keeps its sha256 for the audit).

    Raises:
        NotFound: not the caller's record, or no live attachment ``attachment_id`` on it.
        InvalidState: same status rules as ``upload_attachment``; or the file is still in a row of
            a submitted record (「该附件仍在「参考文献」第 n 条中使用，请先调整列表再删除」).

    Source: catalog §3.2 (删除 only while editable), §3.6.
    """
    with unit_of_work() as session:
        record = scope.applicant_record(session, principal, record_id, lock=True)
        attachment = session.scalar(select(Attachment).where(
            Attachment.id == attachment_id, Attachment.record_id == record.id, Attachment.deleted_at.is_(None)))
        if attachment is None:
            raise NotFound(ATTACHMENT_NOT_FOUND)
        form = form_of(session, record.form_version_id)
        rule = file_field_rules(form).get(attachment.field)
        _ensure_changeable(form, record, rule, action="删除附件")
        if rule is not None and rule.list_field is not None:
            _remove_from_rows(record, rule, attachment.id, form)
        elif attachment.id in _as_list(record.data.get(attachment.field)):
            record.data = {**record.data,
                           attachment.field: [i for i in _as_list(record.data[attachment.field]) if i != attachment.id]}
        attachment.deleted_at = utcnow()


def open_attachment(principal: Principal, attachment_id: int) -> tuple[Attachment, Path]:
    """下载: the attachment and the path of its bytes, for a caller who may read its record.

    Raises:
        NotFound: no live attachment, a record outside the caller's scope (catalog §6.3), or a
            missing blob (logged as an error; the caller sees the same 404, never a path).

    Source: catalog §3.7 (attachments can be previewed or downloaded).
    """
    session = db.session
    attachment = session.scalar(select(Attachment).where(Attachment.id == attachment_id,
                                                         Attachment.deleted_at.is_(None)))
    if attachment is None:
        raise NotFound(ATTACHMENT_NOT_FOUND)
    scope.visible_record(session, principal, attachment.record_id)
    path = attachment_store().path_for(attachment.sha256)
    if not path.is_file():
        log.error("attachment %s: blob %s is missing from the store", attachment.id, attachment.sha256)
        raise NotFound(ATTACHMENT_NOT_FOUND)
    return attachment, path


def list_attachments(principal: Principal, record_id: int) -> list[Attachment]:
    """The live files of a record the caller may read, in upload order. Raises NotFound otherwise."""
    session = db.session
    record = scope.visible_record(session, principal, record_id)
    return list(session.scalars(select(Attachment).where(Attachment.record_id == record.id,
                                                         Attachment.deleted_at.is_(None)).order_by(Attachment.id)))


def file_field_ids(session: Session, record: Record, *, form: FormDefinition | None = None) -> dict[str, list[int]]:
    """Live attachment ids of every top-level file field of ``record`` (``[]`` when none), in upload order.

    For the save/submit path: the server's list of a field's files, whatever the client sent.
    ``form`` defaults to the record's pinned form version. No transaction is opened or committed.
    """
    form = form or form_of(session, record.form_version_id)
    out: dict[str, list[int]] = {rule.field: [] for rule in file_field_rules(form).values() if rule.list_field is None}
    rows = session.execute(select(Attachment.field, Attachment.id).where(
        Attachment.record_id == record.id, Attachment.deleted_at.is_(None), Attachment.field.in_(list(out)))
        .order_by(Attachment.id))
    for field, attachment_id in rows:
        out[field].append(attachment_id)
    return out


def row_upload_ids(session: Session, record_id: int, form: FormDefinition) -> dict[str, set[int]]:
    """``{"references.ref_file": {17, 18}}``: the live attachment ids of ``record_id`` per child-list file
    field of ``form`` (one query; none for a record not saved yet). The facts ``check_row_file_ids`` checks
    a child list against."""
    fields = row_file_fields(form)
    out: dict[str, set[int]] = {field: set() for field in fields}
    if not fields or not record_id:
        return out
    for field, attachment_id in session.execute(select(Attachment.field, Attachment.id).where(
            Attachment.record_id == record_id, Attachment.field.in_(fields), Attachment.deleted_at.is_(None))):
        out[field].add(attachment_id)
    return out


def check_row_attachment_ids(session: Session, record_id: int, form: FormDefinition,
                             data: Mapping[str, Any]) -> list[dict[str, str]]:
    """``definitions.file_fields.check_row_file_ids`` against the record's live uploads (for 调整).

    Returns:
        ``[{"field": "references[4].ref_file", "message": "第 5 条参考文献-文献附件：附件 17 不存在、…"}]``;
        empty when every id is fine. No transaction is opened or committed.
    """
    return check_row_file_ids(form, data, row_upload_ids(session, record_id, form))


def live_files(session: Session, record_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """``{record_id: [(attachment id, file name), …]}`` of the live files of each record, all fields, in
    upload order (``[]`` when none): one query, for exports that list files by name.

    Source: catalog §3.10 (exports list attachments by file name).
    """
    ids = list(dict.fromkeys(record_ids))
    out: dict[int, list[tuple[int, str]]] = {record_id: [] for record_id in ids}
    if not ids:
        return out
    rows = session.execute(select(Attachment.record_id, Attachment.id, Attachment.file_name).where(
        Attachment.record_id.in_(ids), Attachment.deleted_at.is_(None)).order_by(Attachment.record_id, Attachment.id))
    for record_id, attachment_id, name in rows:
        out[record_id].append((attachment_id, name))
    return out


def _rule_for(form: FormDefinition, field: str) -> FileFieldRule:
    rule = file_field_rules(form).get(field or "")
    if rule is None:
        message = NOT_A_FILE_FIELD.format(field=_field_label(form, field))
        raise ValidationFailed(message, errors=[{"field": field or "field", "message": message}])
    return rule


def _field_label(form: FormDefinition, field: str | None) -> str:
    head, _, sub = (field or "").partition(".")
    prop = form.properties.get(head)
    if prop is None:
        return field or ""
    sub_prop = prop.get("items", {}).get("properties", {}).get(sub) if sub else None
    return f"{prop.get('title', head)}-{sub_prop.get('title', sub)}" if sub_prop else prop.get("title", head)


def _ensure_changeable(form: FormDefinition, record: Record, rule: FileFieldRule | None, *, action: str) -> None:
    """Status rules of catalog §3.3 and §3.6 (see the module docstring)."""
    if record.status in EDITABLE_STATUSES:
        return
    adjustable = (rule is not None and rule.list_field is not None and record.status in ADJUSTABLE_STATUSES
                  and form.is_adjustable(rule.list_field, record.data))
    if not adjustable:
        raise InvalidState(messages.NOT_EDITABLE.format(status=record.status_label, action=action))
    locks.ensure_not_cited(record, "调整")


def _remove_from_rows(record: Record, rule: FileFieldRule, attachment_id: int, form: FormDefinition) -> None:
    """Remove ``attachment_id`` from the rows of ``rule``'s list (draft/returned); InvalidState when a
    row of a submitted record still lists it."""
    sub = rule.row_field
    rows = record.data.get(rule.list_field)
    if not isinstance(rows, list):
        return
    new_rows, changed = [], False
    for i, row in enumerate(rows):
        if isinstance(row, Mapping) and attachment_id in _as_list(row.get(sub)):
            if record.status not in EDITABLE_STATUSES:
                raise InvalidState(STILL_IN_ROW.format(label=form.label(rule.list_field or rule.field), n=i + 1))
            row, changed = {**row, sub: [v for v in _as_list(row.get(sub)) if v != attachment_id]}, True
        new_rows.append(row)
    if changed:
        record.data = {**record.data, rule.list_field: new_rows}


def _live_count(session: Session, record_id: int, field: str) -> int:
    return session.scalar(select(func.count(Attachment.id)).where(
        Attachment.record_id == record_id, Attachment.field == field, Attachment.deleted_at.is_(None))) or 0


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else []


def _mb(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _refuse(message: str, rule: FileFieldRule) -> NoReturn:
    raise ValidationFailed(message, errors=[{"field": rule.field, "message": message}])
