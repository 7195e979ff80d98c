"""The 二级单位管理员's import of workload records (catalog §4.1): template → upload → 字段映射 → 预览 →
只导入有效数据, kept as an ``import_batch`` with its ``import_row`` rows for audit.

Scope: the caller must administer the import type's category in a unit (a ``unit_admin`` grant); the
batch belongs to that unit and only that unit's teachers can be imported for (「该教职工不属于本单位」).
Another admin's batch is a 404 (never leak existence).
"""
from __future__ import annotations

import logging
from decimal import Decimal
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, BinaryIO, TypeVar

from flask import current_app
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.auth.principal import Grant, Principal, load_principal
from app.definitions.forms import FormDefinition
from app.errors import InvalidState, NotFound, PayloadTooLarge, PermissionDenied, ValidationFailed
from app.excel.import_spec import ACCOUNT_KEY, ImportSpec, spec_from_form
from app.excel.reader import MAX_BYTES, TOO_LARGE, ExcelFileError, open_workbook
from app.excel.template import ERROR_COLUMN, build_rows_workbook, build_template
from app.models import ImportBatch, ImportRow, RecordType, User, school_time, utcnow
from app.services.audit import audit
from app.services.deployment import current_process, form_of
from app.services.messaging import notifications
from app.services.records import lifecycle
from app.services.reference.values import resolved_form
from app.services.review import process_steps
from app.services.uow import after_commit, unit_of_work
from app.storage import attachment_store

from . import account_imports, progress
from .account_imports import ACCOUNTS_CODE
from .rows import (CheckedRow, DuplicateCheck, Mapped, check_cells, check_owner, check_schema, existing_fingerprints,
                   users_by_account)

log = logging.getLogger(__name__)

BATCH_NOT_FOUND = "导入批次不存在或无权访问"
NOT_IMPORT_TYPE = "「{title}」不是导入类业绩"
NO_IMPORT_ROLE = "当前账号不是「{title}」所属类目的二级单位管理员"
REQUIRED_UNMAPPED = "必填字段“{label}”未映射"
MAPPED_TWICE = "系统字段“{label}”被映射了多次"
UNKNOWN_FIELD = "系统字段“{field}”不存在"
UNKNOWN_HEADER = "表格列“{header}”不存在"
IGNORED_COLUMN = "表格列“{header}”未映射，将被忽略"
SAME_FILE = "该文件已于 {time} 导入"
NO_VALID_ROWS = "没有有效数据可导入"
WRONG_STEP = "当前导入状态为「{status}」，不能{action}"
IMPORTED_NOTICE = "单位已为您导入 {n} 条「{type_name}」记录，正在审核中"
IMPORT_FINISHED = "「{type_name}」导入完成：已导入 {n} 条，无效数据 {invalid} 条未导入"
UNIT_KINDS = ("unit", "accounts")      # batches of this wizard: workload records, or 教师账号批量生成
STATUS_LABELS = {"uploaded": "已上传", "mapped": "已映射", "previewed": "已预览", "committing": "导入中",
                 "committed": "已导入", "failed": "导入失败", "cancelled": "已取消"}
PROGRESS_EVERY = 100           # rows between two progress reports
COMMIT_CHUNK = 500             # records inserted and started per flush
CHECK_CHUNK = 500              # rows checked per account lookup


# ---------------------------------------------------------------- types and templates (steps 1–2)

def import_types(principal: Principal) -> list[dict[str, Any]]:
    """The import types the caller may import (catalog §4.1 step 1), in catalog order, then
    教师账号批量生成 (code ``ACCOUNTS``, catalog §4.2) for an administrator of accounts.

    Returns:
        ``[{"code": "T03", "title": "临床医学专业水平测试", "category": "teaching",
        "template_name": "临床医学专业水平测试导入模板.xlsx"}]``; empty for a caller who administers no
        unit (the page shows nothing to import).
    """
    with unit_of_work() as session:
        types = session.scalars(select(RecordType).where(RecordType.entry_mode == "import")
                                .order_by(RecordType.sort_order, RecordType.code)).all()
        listed = [{"code": t.code, "title": t.name, "category": t.category, "template_name": f"{t.name}导入模板.xlsx"}
                  for t in types if principal.sees_business_data and _grant_for(principal, t) is not None]
        if account_imports.may_import(session, principal):
            listed.append({"code": ACCOUNTS_CODE, "title": account_imports.TITLE, "category": "accounts",
                           "template_name": account_imports.SPEC.template_name})
        return listed


def template(principal: Principal, record_type: str) -> tuple[bytes, str]:
    """「<类型名称>导入模板.xlsx」 of an import type: ``(xlsx bytes, file name)`` (catalog §4.1 step 2).

    Raises:
        NotFound: unknown type. PermissionDenied: not an import type, or the caller does not
        administer its category in any unit.
    """
    with unit_of_work() as session:
        if record_type == ACCOUNTS_CODE:
            account_imports.reach_for_import(session, principal)
            spec = account_imports.SPEC
        else:
            rtype, _grant = _import_type(session, principal, record_type)
            spec = import_spec(session, rtype)
    return build_template(spec), spec.template_name


def import_spec(session: Session, rtype: RecordType) -> ImportSpec:
    """The template columns of ``rtype``'s current form version, its reference enums holding the maintained
    values (the 可选值 sheet and the row checks offer what the form offers)."""
    return spec_from_form(import_form(session, rtype).doc)


def import_form(session: Session, rtype: RecordType) -> FormDefinition:
    """The current form of ``rtype`` with its reference data resolved (``reference.values.resolved_form``)."""
    return resolved_form(session, form_of(session, rtype.form_version_id))


# ---------------------------------------------------------------- upload (step 3)

def upload(principal: Principal, record_type: str, stream: BinaryIO, file_name: str, *,
           sheet: str | None = None) -> dict[str, Any]:
    """上传 a filled template: file-level checks, then a batch in status ``uploaded``.

    The file is spooled to disk while hashed (never held in memory), checked (extension and content,
    10 MB, zip-bomb and DTD checks, header row, at most 5,000 data rows) and kept content-addressed
    for the later steps. The header is auto-mapped by label (教职工账号 → 用户 › 账号).

    Args:
        record_type: the import type, e.g. ``"T03"``.
        stream / file_name: the uploaded file and its name (only the extension is used).
        sheet: the data sheet; default the first sheet that is not 「可选值」.

    Returns:
        The batch view (see ``batch_view``): ``sheets`` lists the sheets to pick from, ``mapping`` the
        proposed mapping and ``warnings`` e.g. 「该文件已于 2026-11-20 09:30 导入」 for a file whose
        sha256 was committed before.

    Raises:
        PayloadTooLarge: 「文件超过 10MB」 (413). ValidationFailed: every other file-level check, with
        the catalog's message (422). NotFound / PermissionDenied: as ``template``.

    Source: catalog §4.1 step 3 (checks and messages), step 6 (same-file warning).
    """
    store = attachment_store()
    with store.spool(stream, limit=MAX_BYTES) as spooled:
        if spooled.is_over_limit:
            raise PayloadTooLarge(TOO_LARGE)
        with unit_of_work() as session:
            if record_type == ACCOUNTS_CODE:
                account_imports.reach_for_import(session, principal)
                batch_kind, code, unit_id, spec = "accounts", None, None, account_imports.SPEC
            else:
                rtype, grant = _import_type(session, principal, record_type)
                batch_kind, code, unit_id, spec = "unit", rtype.code, grant.unit_id, import_spec(session, rtype)
            scan, sheets, kind = _scan(spooled.path, file_name, sheet)
            batch = ImportBatch(kind=batch_kind, record_type_code=code, file_name=_safe_name(file_name),
                                file_kind=kind, sha256=spooled.sha256, size=spooled.size,
                                uploaded_by_id=principal.user_id, unit_id=unit_id, sheet_names=sheets,
                                sheet_name=scan.name, headers=scan.headers, total_rows=scan.data_rows,
                                mapping=auto_mapping(spec, scan.headers))
            session.add(batch)
            session.flush()
            audit(session, principal.user_id, "import.upload", "import_batch", batch.id, record_type=record_type,
                  file_name=batch.file_name, sha256=batch.sha256, unit_id=unit_id, rows=scan.data_rows)
            store.keep(spooled)
            return batch_view(session, batch, spec)


def _scan(path, file_name: str, sheet: str | None):
    try:
        with open_workbook(path, file_name) as workbook:
            sheets = workbook.data_sheet_names
            scan = workbook.scan(sheet)
            return scan, sheets, workbook.kind
    except ExcelFileError as exc:
        if exc.message == TOO_LARGE:
            raise PayloadTooLarge(exc.message) from exc
        raise ValidationFailed(exc.message, errors=[{"field": "file", "message": exc.message}]) from exc


def choose_sheet(principal: Principal, batch_id: int, sheet: str) -> dict[str, Any]:
    """Pick another data sheet of an uploaded workbook (the sheet picker, catalog §4.1 step 3);
    re-reads its header and proposes a new mapping. Raises ValidationFailed for file-level problems."""
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id, lock=True)
        _ensure_step(batch, ("uploaded", "mapped", "previewed"), "选择工作表")
        scan, _sheets, _kind = _scan(attachment_store().path_for(batch.sha256), batch.file_name, sheet)
        spec = _spec(session, batch)
        batch.sheet_name, batch.headers, batch.total_rows = scan.name, scan.headers, scan.data_rows
        batch.mapping, batch.status = auto_mapping(spec, scan.headers), "uploaded"
        _clear_rows(session, batch)
        return batch_view(session, batch, spec)


# ---------------------------------------------------------------- mapping (step 4)

def auto_mapping(spec: ImportSpec, headers: list[str]) -> dict[str, str | None]:
    """Header label → field key for every header equal to a column label (None = ignored).

    「教职工账号」 maps to the user-account lookup (``__account``, shown as 用户 › 账号), catalog §4.1 step 4.
    """
    by_label = spec.by_label()
    return {h: (by_label[h].key if h in by_label else None) for h in headers}


def set_mapping(principal: Principal, batch_id: int, mapping: Mapping[str, str | None]) -> dict[str, Any]:
    """Save the 字段映射 (表格列 → 系统字段) and move to the preview step.

    Args:
        mapping: header label → field key (``__account`` for 用户 › 账号, ``__name`` for 教职工姓名, a form
            field key, or null to ignore the column). Headers left out keep their current mapping.

    Returns:
        The batch view; ``warnings`` lists 「表格列“X”未映射，将被忽略」 for ignored columns.

    Raises:
        ValidationFailed: 「必填字段“X”未映射」 (one error per field), a field mapped twice, an unknown
            header or field (catalog §4.1 step 4).
    """
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id, lock=True)
        _ensure_step(batch, ("uploaded", "mapped", "previewed"), "修改字段映射")
        spec = _spec(session, batch)
        merged = dict(batch.mapping or {})
        keys = {c.key for c in spec.columns}
        errors = []
        for header, key in mapping.items():
            if header not in batch.headers:
                errors.append({"field": "mapping", "message": UNKNOWN_HEADER.format(header=str(header)[:50])})
            elif key not in (None, "") and key not in keys:
                errors.append({"field": header, "message": UNKNOWN_FIELD.format(field=str(key)[:50])})
            else:
                merged[header] = key or None
        errors += mapping_errors(spec, merged)
        if errors:
            raise ValidationFailed(errors[0]["message"], errors=errors)
        batch.mapping, batch.status = merged, "mapped"
        _clear_rows(session, batch)
        return batch_view(session, batch, spec)


def mapping_errors(spec: ImportSpec, mapping: Mapping[str, str | None]) -> list[dict[str, str]]:
    """Problems that block 下一步: required fields not mapped, a field mapped twice (catalog §4.1 step 4)."""
    targets = [k for k in mapping.values() if k]
    errors = [{"field": c.key, "message": REQUIRED_UNMAPPED.format(label=c.target)}
              for c in spec.columns if c.required and c.key not in targets]
    errors += [{"field": key, "message": MAPPED_TWICE.format(label=spec.column(key).target)}
               for key in sorted({k for k in targets if targets.count(k) > 1})]
    return errors


# ---------------------------------------------------------------- preview (step 5)

def preview(principal: Principal, batch_id: int) -> dict[str, Any]:
    """预览: check every row and keep the verdicts (有效数据 / 无效数据) on the batch.

    Row checks (catalog §4.1 step 5, messages verbatim): 账号不存在, 该教职工不属于本单位, 姓名与账号不符,
    必填, 「“X”不在可选值中」, 应为数字, 日期格式应为 YYYY-MM-DD, 不支持公式，请粘贴为数值, 与第 R 行重复,
    与已有记录重复; plus the form's bounds and rules (e.g. 「不能小于 1」). Each error is
    ``{"row", "column", "message", "text"}`` with ``text`` = 「第 R 行，“列名”：原因」.

    Returns:
        The batch view with ``valid_count`` and ``invalid_count``; rows via ``preview_rows``.

    Raises:
        ValidationFailed: the mapping still misses a required field; a file-level problem.
        InvalidState: the batch is being or has been committed.
    """
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id, lock=True)
        _ensure_step(batch, ("uploaded", "mapped", "previewed"), "预览")
        spec = _spec(session, batch)
        errors = mapping_errors(spec, batch.mapping or {})
        if errors:
            raise ValidationFailed(errors[0]["message"], errors=errors)
        _clear_rows(session, batch)
        valid = total = 0
        for chunk in _chunks(_checked_rows(session, batch, spec), 500):
            _store_rows(session, batch, chunk)
            total += len(chunk)
            valid += sum(1 for r in chunk if r.is_valid)
        batch.valid_count, batch.invalid_count = valid, total - valid
        batch.total_rows, batch.status, batch.previewed_at = total, "previewed", utcnow()
        return batch_view(session, batch, spec)


def _checked_rows(session: Session, batch: ImportBatch, spec: ImportSpec) -> Iterator[CheckedRow]:
    if batch.kind == "accounts":
        return account_imports.check_file(session, batch)
    return check_file(session, batch, spec, import_form(session, _rtype(session, batch)))


def check_file(session: Session, batch: ImportBatch, spec: ImportSpec, form: FormDefinition) -> Iterator[CheckedRow]:
    """Check every data row of the batch's sheet (see ``preview``), yielding them in file order.

    One streaming pass over the file, ``CHECK_CHUNK`` rows at a time: the accounts of a chunk not seen
    before are looked up in one query, with the existing records of their owners (duplicate check);
    memory holds one chunk, the owners and fingerprints.
    """
    mapping = batch.mapping or {}
    mapped = [Mapped(i, h, spec.column(mapping[h])) for i, h in enumerate(batch.headers) if mapping.get(h)]
    header_of = {m.column.key: m.header for m in mapped}
    keys = [m.column.key for m in mapped if not m.column.key.startswith("__")]
    users: dict[str, User] = {}
    looked_up: set[str] = set()
    owners: set[int] = set()
    duplicates = DuplicateCheck(keys, set())
    today = date.today()
    try:
        with open_workbook(attachment_store().path_for(batch.sha256), batch.file_name) as workbook:
            for chunk in _chunks(workbook.data(batch.sheet_name), CHECK_CHUNK):
                rows = [check_cells(r.number, r.cells, mapped, len(batch.headers)) for r in chunk]
                accounts = {str(row.data.get(ACCOUNT_KEY) or "") for row in rows} - looked_up
                if accounts:
                    users.update(users_by_account(session, accounts))
                    looked_up |= accounts
                new_owners = {u.id for u in users.values() if u.unit_id == batch.unit_id} - owners
                if new_owners:
                    duplicates.existing |= existing_fingerprints(session, str(batch.record_type_code), new_owners, keys)
                    owners |= new_owners
                for row in rows:
                    check_owner(row, users, batch.unit_id, header_of)
                    if row.owner is not None and not any(e.column in (None, header_of.get(ACCOUNT_KEY))
                                                         for e in row.errors):
                        check_schema(row, form, header_of, today)
                    duplicates.check(row)
                    yield row
    except ExcelFileError as exc:
        raise ValidationFailed(exc.message, errors=[{"field": "file", "message": exc.message}]) from exc


T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def preview_rows(principal: Principal, batch_id: int, *, valid: bool, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """One page of the 有效数据 (``valid``) or 无效数据 tab, in spreadsheet order.

    Returns:
        ``{"items": [{"row": 2, "cells": {"教职工账号": "05010001", …}, "owner": {"account", "name"} | null,
        "errors": [{"row", "column", "message", "text"}]}], "total": n, "page": p, "page_size": s}``.
    """
    page, page_size = max(1, page), min(max(1, page_size), 500)
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id)
        query = select(ImportRow).where(ImportRow.batch_id == batch.id, ImportRow.is_valid.is_(valid))
        total = batch.valid_count if valid else batch.invalid_count
        rows = session.scalars(query.order_by(ImportRow.row_number).offset((page - 1) * page_size).limit(page_size)).all()
        owners = {u.id: u for u in session.scalars(select(User).where(User.id.in_({r.owner_id for r in rows if r.owner_id})))}
        items = [{"row": r.row_number, "cells": dict(zip(batch.headers, r.cells, strict=False)),
                  "owner": ({"account": owners[r.owner_id].account, "name": owners[r.owner_id].name}
                            if r.owner_id in owners else None),
                  "errors": r.errors} for r in rows]
        return {"items": items, "total": total, "page": page, "page_size": page_size}


def invalid_rows_xlsx(principal: Principal, batch_id: int) -> tuple[bytes, str]:
    """导出无效数据: the invalid rows with their original columns plus 错误原因 (catalog §4.1 step 5).

    Returns ``(xlsx bytes, "<原文件名>-无效数据.xlsx")``; cells typed, text never a formula.
    """
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id)
        rows = session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id, ImportRow.is_valid.is_(False))
                               .order_by(ImportRow.row_number)).all()
        body = [[*_typed(r.cells), "；".join(e["text"] for e in r.errors)] for r in rows]
        title = _spec(session, batch).title
        content = build_rows_workbook(title, [*batch.headers, ERROR_COLUMN], body)
        stem = batch.file_name.rsplit(".", 1)[0]
        return content, f"{stem}-无效数据.xlsx"


# ---------------------------------------------------------------- commit (step 6)

def start_commit(principal: Principal, batch_id: int, enqueue: Callable[[int], None] | None = None) -> dict[str, Any]:
    """只导入有效数据: mark the batch ``committing`` and hand it to the background job.

    The job (``imports.commit``) runs on the Celery worker when Redis is configured, else in-process
    right after this transaction commits. Poll ``batch_view`` for ``progress``.

    Raises:
        InvalidState: not previewed (or already committing/committed), or no valid row (「没有有效数据可导入」).

    Source: catalog §4.1 step 6.
    """
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id, lock=True)
        _ensure_step(batch, ("previewed", "failed"), "导入")
        if batch.valid_count == 0:
            raise InvalidState(NO_VALID_ROWS)
        batch.status, batch.progress, batch.processed_rows, batch.error = "committing", 0, 0, None
        progress.report(batch.id, 0, batch.valid_count)
        view = batch_view(session, batch, None)
    send = enqueue or _enqueue
    after_commit(lambda: send(batch_id))
    return view


def _enqueue(batch_id: int) -> None:
    # by name: services never import app.tasks (the task registers itself when Celery is set up)
    current_app.extensions["celery"].tasks["imports.commit"].delay(batch_id)


def run_commit(batch_id: int) -> int:
    """The commit job: every valid row becomes a record in 审核中 with its process started, in **one
    transaction** (all or nothing, catalog §4.1 step 6), linked to the batch; each affected teacher
    gets one notification (「单位已为您导入 N 条…」, catalog §3.9) and the importing admin one 导入完成
    (issue 13), both through the outbox in the same transaction; the batch keeps the counts.

    On any failure the transaction rolls back (no record, no process instance, no task) and the batch
    is marked ``failed`` with the reason in a second transaction.

    Returns:
        The number of records created (0 when the batch was not ``committing``).
    """
    try:
        with unit_of_work() as session:
            batch = session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id).with_for_update()
                                   .execution_options(populate_existing=True))
            if batch is None or batch.status != "committing":
                return 0
            created = _commit_accounts(session, batch) if batch.kind == "accounts" else _commit_rows(session, batch)
    except Exception as exc:
        log.exception("import batch %s failed", batch_id)
        _mark_failed(batch_id, exc)
        raise
    progress.clear(batch_id)
    return created


def _commit_rows(session: Session, batch: ImportBatch) -> int:
    rtype = _rtype(session, batch)
    principal = load_principal(session, batch.uploaded_by_id)
    if principal is None or _grant_for(principal, rtype, unit_id=batch.unit_id) is None:
        raise PermissionDenied(NO_IMPORT_ROLE.format(title=rtype.name))
    submitter = session.get(User, batch.uploaded_by_id)
    if submitter is None:
        raise PermissionDenied(NO_IMPORT_ROLE.format(title=rtype.name))
    rows = session.execute(select(ImportRow.id, ImportRow.data, ImportRow.owner_id)
                           .where(ImportRow.batch_id == batch.id, ImportRow.is_valid.is_(True))
                           .order_by(ImportRow.row_number)).all()
    owners = {u.id: u for u in session.scalars(select(User).where(User.id.in_({r.owner_id for r in rows})))}
    total = len(rows)
    starts = process_steps.BulkStart(current_process(session, rtype.process_key))
    per_owner: dict[int, int] = {}
    links: list[dict[str, int]] = []
    for start in range(0, total, COMMIT_CHUNK):        # chunk by chunk: flushed rows are not kept in memory
        chunk = rows[start:start + COMMIT_CHUNK]
        records = []
        for n, (_row_id, data, owner_id) in enumerate(chunk, start=start + 1):
            owner = owners[owner_id]
            if owner.unit_id != batch.unit_id:
                raise PermissionDenied(f"第 {n} 条有效数据的教职工已不属于本单位，请重新预览")
            records.append(lifecycle.imported_record(session, rtype=rtype, owner=owner, submitter=submitter,
                                                     clean=dict(data), workload=_decimal(data.get("workload")),
                                                     import_batch_id=batch.id))
        for n, record in enumerate(records, start=start + 1):
            lifecycle.start_imported(session, principal, record, starts=starts)
            per_owner[record.owner.id] = per_owner.get(record.owner.id, 0) + 1
            if n % PROGRESS_EVERY == 0 or n == total:
                progress.report(batch.id, n, total)
        session.add_all(records)
        session.flush()                 # one multi-row INSERT per chunk, records already 审核中
        lifecycle.finish_imported(session, principal, starts)      # and one per table for the rest
        session.flush()
        links += [{"id": row_id, "record_id": record.id} for (row_id, _data, _owner), record in zip(chunk, records, strict=True)]
    if links:
        session.execute(update(ImportRow), links)
    for owner_id, count in per_owner.items():
        notifications.enqueue(session, "records_imported", {
            "title": IMPORTED_NOTICE.format(n=count, type_name=rtype.name), "body": batch.file_name,
            "link": "/records?status=in_review", "recipient_ids": [owner_id]},
            dedupe_key=f"records_imported:{batch.id}:{owner_id}")
    notifications.enqueue(session, "import_finished", {
        "title": IMPORT_FINISHED.format(type_name=rtype.name, n=len(links), invalid=batch.invalid_count or 0),
        "body": batch.file_name, "link": f"/imports?type={rtype.code}", "recipient_ids": [batch.uploaded_by_id]},
        dedupe_key=f"import_finished:{batch.id}")
    batch.status, batch.imported_count, batch.processed_rows = "committed", len(links), len(links)
    batch.progress, batch.committed_at = 100, utcnow()
    audit(session, batch.uploaded_by_id, "import.commit", "import_batch", batch.id, record_type=rtype.code,
          file_name=batch.file_name, sha256=batch.sha256, imported=len(links), invalid=batch.invalid_count)
    return len(links)


def _commit_accounts(session: Session, batch: ImportBatch) -> int:
    created = account_imports.commit_rows(session, batch)
    batch.status, batch.imported_count, batch.processed_rows = "committed", created, created
    batch.progress, batch.committed_at = 100, utcnow()
    audit(session, batch.uploaded_by_id, "import.commit", "import_batch", batch.id, record_type=ACCOUNTS_CODE,
          file_name=batch.file_name, sha256=batch.sha256, imported=created, invalid=batch.invalid_count)
    return created


def _mark_failed(batch_id: int, exc: Exception) -> None:
    message = getattr(exc, "message", None) or "导入失败，未导入任何数据，请稍后重试"
    try:
        with unit_of_work() as session:
            batch = session.get(ImportBatch, batch_id)
            if batch is not None and batch.status == "committing":
                batch.status, batch.error, batch.progress = "failed", str(message)[:500], 0
                audit(session, batch.uploaded_by_id, "import.failed", "import_batch", batch.id, error=str(message)[:200])
    finally:
        progress.clear(batch_id)


def cancel(principal: Principal, batch_id: int) -> dict[str, Any]:
    """取消 an import before its commit: the batch is kept (audit) as ``cancelled``, its rows dropped."""
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id, lock=True)
        _ensure_step(batch, ("uploaded", "mapped", "previewed", "failed"), "取消")
        batch.status = "cancelled"
        _clear_rows(session, batch)
        audit(session, principal.user_id, "import.cancel", "import_batch", batch.id)
        return batch_view(session, batch, None)


# ---------------------------------------------------------------- views

def get_batch(principal: Principal, batch_id: int) -> dict[str, Any]:
    """The batch view (polled by the progress step). Raises NotFound outside the caller's batches."""
    with unit_of_work() as session:
        batch = _batch(session, principal, batch_id)
        return batch_view(session, batch, _spec(session, batch))


def list_batches(principal: Principal, *, record_type: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The caller's import batches, newest first (the audit list of a unit admin)."""
    with unit_of_work() as session:
        query = select(ImportBatch).where(ImportBatch.uploaded_by_id == principal.user_id,
                                          ImportBatch.kind.in_(UNIT_KINDS))
        if record_type == ACCOUNTS_CODE:
            query = query.where(ImportBatch.kind == "accounts")
        elif record_type:
            query = query.where(ImportBatch.record_type_code == record_type)
        batches = session.scalars(query.order_by(ImportBatch.id.desc()).limit(min(max(limit, 1), 200))).all()
        return [batch_view(session, b, None) for b in batches]


def batch_view(session: Session, batch: ImportBatch, spec: ImportSpec | None) -> dict[str, Any]:
    """The batch as the wizard shows it.

    ``{"id", "record_type", "record_type_name", "file_name", "sha256", "status", "status_label", "sheets", "sheet",
    "headers", "columns": [{"header", "field", "target"}], "fields": [{"key", "label", "target", "required"}],
    "missing_required": [...], "warnings": [...], "total_rows", "valid_count", "invalid_count",
    "imported_count", "progress": {"percent", "done", "total"}, "error", "created_at", "committed_at"}``; the type's
    name comes with its code because the result page may be opened by its address in a role that imports nothing.
    """
    mapping = batch.mapping or {}
    view: dict[str, Any] = {
        "id": batch.id, "record_type": batch.record_type_code or ACCOUNTS_CODE,
        "record_type_name": account_imports.TITLE if batch.kind == "accounts" else _rtype(session, batch).name,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "status": batch.status, "status_label": STATUS_LABELS.get(batch.status, batch.status),
        "sheets": batch.sheet_names, "sheet": batch.sheet_name, "headers": batch.headers,
        "total_rows": batch.total_rows, "valid_count": batch.valid_count, "invalid_count": batch.invalid_count,
        "imported_count": batch.imported_count, "progress": _progress(batch), "error": batch.error,
        "created_at": batch.created_at, "committed_at": batch.committed_at, "warnings": [],
    }
    if spec is not None:
        view["fields"] = [{"key": c.key, "label": c.label, "target": c.target, "required": c.required} for c in spec.columns]
        view["columns"] = [{"header": h, "field": mapping.get(h),
                            "target": spec.column(mapping[h]).target if mapping.get(h) else None} for h in batch.headers]
        view["missing_required"] = [e["message"] for e in mapping_errors(spec, mapping)]
        view["warnings"] += [IGNORED_COLUMN.format(header=h) for h in batch.headers if not mapping.get(h)]
    same_type = (ImportBatch.kind == "accounts" if batch.kind == "accounts"
                 else ImportBatch.record_type_code == batch.record_type_code)
    earlier = session.scalar(select(ImportBatch.committed_at).where(
        ImportBatch.sha256 == batch.sha256, same_type, ImportBatch.uploaded_by_id == batch.uploaded_by_id
        if batch.kind == "accounts" else ImportBatch.unit_id == batch.unit_id,
        ImportBatch.status == "committed", ImportBatch.id != batch.id)
        .order_by(ImportBatch.committed_at.desc()).limit(1))
    if earlier is not None:
        view["warnings"].insert(0, SAME_FILE.format(time=school_time(earlier).strftime("%Y-%m-%d %H:%M")))
    return view


def _progress(batch: ImportBatch) -> dict[str, int]:
    if batch.status == "committing":
        live = progress.read(batch.id)
        if live is not None:
            return live
        return {"percent": 0, "done": 0, "total": batch.valid_count}
    if batch.status == "committed":
        return {"percent": 100, "done": batch.imported_count, "total": batch.imported_count}
    return {"percent": 0, "done": 0, "total": batch.valid_count}


# ---------------------------------------------------------------- helpers

def _grant_for(principal: Principal, rtype: RecordType, *, unit_id: int | None = None) -> Grant | None:
    if rtype.entry_mode != "import":
        return None
    return next((g for g in principal.grants_for("unit_admin")
                 if g.covers_category(rtype.category) and (unit_id is None or g.unit_id == unit_id)), None)


def _import_type(session: Session, principal: Principal, code: str) -> tuple[RecordType, Grant]:
    rtype = session.get(RecordType, code) if principal.sees_business_data else None
    if rtype is None:
        raise NotFound(f"业绩类别「{str(code)[:20]}」不存在")
    if rtype.entry_mode != "import":
        raise PermissionDenied(NOT_IMPORT_TYPE.format(title=rtype.name))
    grant = _grant_for(principal, rtype)
    if grant is None:
        raise PermissionDenied(NO_IMPORT_ROLE.format(title=rtype.name))
    return rtype, grant


def _batch(session: Session, principal: Principal, batch_id: int, *, lock: bool = False) -> ImportBatch:
    """The caller's own unit batch; another admin's batch is a 404."""
    query = select(ImportBatch).where(ImportBatch.id == batch_id, ImportBatch.uploaded_by_id == principal.user_id,
                                      ImportBatch.kind.in_(UNIT_KINDS))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    batch = session.scalar(query)
    if batch is None:
        raise NotFound(BATCH_NOT_FOUND)
    return batch


def _spec(session: Session, batch: ImportBatch) -> ImportSpec:
    """The columns of the batch's import: a record type's form, or the account columns (§4.2)."""
    if batch.kind == "accounts":
        return account_imports.SPEC
    return import_spec(session, _rtype(session, batch))


def _rtype(session: Session, batch: ImportBatch) -> RecordType:
    rtype = session.get(RecordType, batch.record_type_code)
    if rtype is None:
        raise NotFound(BATCH_NOT_FOUND)
    return rtype


def _ensure_step(batch: ImportBatch, allowed: tuple[str, ...], action: str) -> None:
    if batch.status not in allowed:
        raise InvalidState(WRONG_STEP.format(status=STATUS_LABELS.get(batch.status, batch.status), action=action))


def _clear_rows(session: Session, batch: ImportBatch) -> None:
    session.execute(delete(ImportRow).where(ImportRow.batch_id == batch.id))
    batch.valid_count = batch.invalid_count = 0


def _store_rows(session: Session, batch: ImportBatch, rows: list[CheckedRow]) -> None:
    values = [{"batch_id": batch.id, "row_number": r.number, "cells": r.cells, "data": r.data,
               "owner_id": r.owner.id if r.owner is not None else None,
               "errors": [e.as_dict() for e in r.errors], "is_valid": r.is_valid} for r in rows]
    for start in range(0, len(values), 1000):
        session.execute(insert(ImportRow), values[start:start + 1000])


def _typed(cells: list) -> list:
    """Cells as written back to 导出无效数据: numbers as numbers, the rest as the text read."""
    out = []
    for value in cells:
        if isinstance(value, str):
            try:
                number = float(value) if any(c in value for c in ".eE") else int(value)
                out.append(number if str(number) == value else value)
                continue
            except ValueError:
                pass
        out.append(value)
    return out


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return None


def _safe_name(file_name: str) -> str:
    name = (file_name or "upload").replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    return "".join(ch for ch in name if ch.isprintable())[:255]
