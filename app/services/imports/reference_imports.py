"""The 系统管理员's import of the course catalogue from xlsx (issue 12: reference data importable from xlsx).

模板下载 (课程名称, 开课主管单位 with its drop-down) → 上传文件: the file-level checks of catalog §4.1 step 3
and every row checked as the 参考数据 page checks one course (「第 R 行，“列名”：原因」, 与第 R 行重复, an
existing course) → 只导入有效数据 in one transaction. The batch and its rows are kept for audit (``import_batch``
of kind ``reference``), like the other imports; the template and reader are theirs (``app.excel``).
"""
from __future__ import annotations

from typing import Any, BinaryIO

from sqlalchemy import insert, select

from app.auth.principal import Principal
from app.definitions.reference import COURSE_CATALOG
from app.errors import InvalidState, NotFound, PayloadTooLarge, ValidationFailed
from app.excel.import_spec import ColumnSpec, ImportSpec
from app.excel.reader import MAX_BYTES, TOO_LARGE
from app.excel.template import build_template
from app.models import ImportBatch, ImportRow, utcnow
from app.services.audit import audit
from app.services.reference import maintenance
from app.services.reference.lists import ReferenceList, reference_list
from app.services.uow import unit_of_work
from app.storage import attachment_store

from .personal_imports import read_rows
from .rows import CheckedRow, RowError
from .unit_imports import BATCH_NOT_FOUND, NO_VALID_ROWS, STATUS_LABELS, WRONG_STEP, _safe_name

KIND = "reference"
TEMPLATE_TITLE = "课程目录"
NO_ROWS = "文件中没有数据行"
DUPLICATE_ROW = "与第 {row} 行重复"
_COLUMNS = {"value": "课程名称", "owner_dept": "开课主管单位"}


def course_template(principal: Principal) -> tuple[bytes, str]:
    """「课程目录导入模板.xlsx」: 课程名称 and 开课主管单位 (drop-down of the form's choices), both required.

    Raises PermissionDenied for anyone but the 系统管理员."""
    maintenance.require_admin(principal)
    with unit_of_work() as session:
        spec = _spec(reference_list(session, COURSE_CATALOG))
    return build_template(spec), spec.template_name


def upload_courses(principal: Principal, stream: BinaryIO, file_name: str) -> dict[str, Any]:
    """上传 a filled course template: file-level checks, then every row checked; nothing is added yet.

    Returns:
        ``{"id", "file_name", "status": "previewed", "rows": [{"row", "cells": {header: text}, "valid",
        "errors": [{"row", "column", "message", "text"}]}], "total_rows", "valid_count", "invalid_count"}``.

    Raises:
        PermissionDenied: not a 系统管理员. PayloadTooLarge: 「文件超过 10MB」. ValidationFailed: a file-level
        check (「仅支持 *.xls 和 *.xlsx 文件」…), 「必填字段“课程名称”未映射」, no data row.
    """
    maintenance.require_admin(principal)
    store = attachment_store()
    with store.spool(stream, limit=MAX_BYTES) as spooled:
        if spooled.is_over_limit:
            raise PayloadTooLarge(TOO_LARGE)
        with unit_of_work() as session:
            ref = reference_list(session, COURSE_CATALOG)
            rows, headers, sheet, kind = read_rows(spooled.path, file_name, _spec(ref))
            if not rows:
                raise ValidationFailed(NO_ROWS, errors=[{"field": "file", "message": NO_ROWS}])
            _check(session, ref, rows)
            valid = sum(1 for r in rows if r.is_valid)
            batch = ImportBatch(kind=KIND, record_type_code=ref.uses[0].record_type, target=ref.name,
                                file_name=_safe_name(file_name), file_kind=kind, sha256=spooled.sha256,
                                size=spooled.size, uploaded_by_id=principal.user_id, unit_id=None,
                                sheet_names=[sheet], sheet_name=sheet, headers=headers, mapping=None,
                                status="previewed", total_rows=len(rows), valid_count=valid,
                                invalid_count=len(rows) - valid, previewed_at=utcnow())
            session.add(batch)
            session.flush()
            session.execute(insert(ImportRow), [
                {"batch_id": batch.id, "row_number": r.number, "cells": r.cells, "data": r.data, "owner_id": None,
                 "errors": [e.as_dict() for e in r.errors], "is_valid": r.is_valid} for r in rows])
            audit(session, principal.user_id, "reference.import.upload", "import_batch", batch.id, list=ref.name,
                  file_name=batch.file_name, sha256=batch.sha256, rows=len(rows), valid=valid)
            return {"id": batch.id, "file_name": batch.file_name, "status": batch.status,
                    "rows": [{"row": r.number, "cells": dict(zip(headers, r.cells, strict=False)), "valid": r.is_valid,
                              "errors": [e.as_dict() for e in r.errors]} for r in rows],
                    "total_rows": batch.total_rows, "valid_count": batch.valid_count,
                    "invalid_count": batch.invalid_count}


def commit_courses(principal: Principal, batch_id: int) -> dict[str, Any]:
    """只导入有效数据: every valid row becomes a course at the end of the catalogue, in one transaction
    (each checked again, so a course added since the preview is refused and nothing is imported).

    Returns ``{"id", "status": "committed", "imported_count"}``.

    Raises:
        PermissionDenied: not a 系统管理员. NotFound: not the caller's course import. InvalidState: already
        imported, or no valid row (「没有有效数据可导入」). ValidationFailed: a row no longer passes.
    """
    maintenance.require_admin(principal)
    with unit_of_work() as session:
        batch = session.scalar(select(ImportBatch).where(
            ImportBatch.id == batch_id, ImportBatch.kind == KIND, ImportBatch.uploaded_by_id == principal.user_id)
            .with_for_update().execution_options(populate_existing=True))
        if batch is None:
            raise NotFound(BATCH_NOT_FOUND)
        if batch.status != "previewed":
            raise InvalidState(WRONG_STEP.format(status=STATUS_LABELS.get(batch.status, batch.status), action="导入"))
        rows = session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id, ImportRow.is_valid.is_(True))
                               .order_by(ImportRow.row_number)).all()
        if not rows:
            raise InvalidState(NO_VALID_ROWS)
        ref = reference_list(session, batch.target or COURSE_CATALOG)
        count = maintenance.add_values(session, principal, ref, [r.data for r in rows])
        batch.status, batch.imported_count, batch.committed_at, batch.progress = "committed", count, utcnow(), 100
        audit(session, principal.user_id, "reference.import.commit", "import_batch", batch.id, list=ref.name,
              values=[r.data.get("value") for r in rows])
        return {"id": batch.id, "status": batch.status, "imported_count": count}


def _spec(ref: ReferenceList) -> ImportSpec:
    choices = tuple(maintenance.owner_dept_choices(ref))
    return ImportSpec(code=ref.name, title=TEMPLATE_TITLE, columns=(
        ColumnSpec("value", _COLUMNS["value"], "string", True, note="必填。课程名称，不超过 100 个字",
                   max_length=maintenance.MAX_VALUE_CHARS),
        ColumnSpec("owner_dept", _COLUMNS["owner_dept"], "enum", True, choices,
                   note="必填。从下拉列表选择或从 sheet2（可选值）复制")), schema_required=frozenset(_COLUMNS))


def _check(session, ref: ReferenceList, rows: list[CheckedRow]) -> None:
    """Each row as ``maintenance.add_value`` would check it, then duplicates inside the file."""
    first: dict[str, int] = {}
    for row in rows:
        flagged = {e.column for e in row.errors}
        for problem in maintenance.value_problems(session, ref, row.data):
            column = _COLUMNS.get(problem["field"])
            if column not in flagged:
                row.errors.append(RowError(row.number, column, problem["message"]))
        name = row.data.get("value")
        if row.errors or not isinstance(name, str):
            continue
        if name.strip() in first:
            row.errors.append(RowError(row.number, None, DUPLICATE_ROW.format(row=first[name.strip()])))
        else:
            first[name.strip()] = row.number
