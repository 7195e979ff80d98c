"""Personal template imports in the achievement library (catalog §4.3): 病案 (A19, and the 病案列表 of
A20/A21) and 参考文献 (A22).

下载模板 → 上传文件 → every row listed with 「允许导入」 or its errors → 正式导入, enabled only when every
row is 允许导入 (all or nothing). A19 rows become draft 病案 records; A20/A21/A22 rows are appended to
the caller's saved parent record (序号, if given, sets their order). The file-level checks of §4.1
step 3 apply.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import insert, select

from app.auth.principal import Principal
from app.definitions import type_rules
from app.definitions.forms import FormDefinition
from app.definitions.validation import validate_data
from app.errors import InvalidState, NotFound, PayloadTooLarge, ValidationFailed
from app.excel.import_spec import ColumnSpec, ImportSpec, column_of
from app.excel.reader import MAX_BYTES, TOO_LARGE, ExcelFileError, open_workbook
from app.excel.template import build_template
from app.models import ImportBatch, ImportRow, Record, RecordType, utcnow
from app.vocabulary import EDITABLE_STATUSES
from app.services import scope
from app.services.audit import audit
from app.services.records import lifecycle
from app.services.deployment import form_of
from app.services.reference.values import resolved_form
from app.services.uow import unit_of_work
from app.storage import attachment_store

from .rows import CheckedRow, Mapped, RowError, check_cells, fingerprint
from .unit_imports import REQUIRED_UNMAPPED, STATUS_LABELS, WRONG_STEP, _safe_name

ALLOWED = "允许导入"
NOT_ALL_ALLOWED = "存在不允许导入的数据，不能正式导入"
PARENT_REQUIRED = "请先保存记录，再导入{what}"
PARENT_NOT_EDITABLE = "当前状态为「{status}」，不能导入{what}"
UNKNOWN_TEMPLATE = "导入模板“{name}”不存在"
NO_ROWS = "文件中没有数据行"
DUPLICATE_ROW = "与第 {row} 行重复"
ORDER_KEY, ORDER_LABEL = "__order", "序号"
_ROW_PREFIX = re.compile(r"^第\s*\d+\s*条[^：]*：")
_INDEX = re.compile(r"\[(\d+)\]\.?([A-Za-z_]*)")


@dataclass(frozen=True)
class PersonalTemplate:
    """One personal template: its name, the record types it serves, the child list (None = A19
    records) and its columns (catalog §4.3 table, labels verbatim)."""

    key: str
    name: str
    record_types: tuple[str, ...]
    field: str | None
    columns: tuple[tuple[str, str], ...]        # (field key, header label)
    what: str                                   # 病案 / 参考文献


TEMPLATES = {
    "cases": PersonalTemplate("cases", "病案导入模板", ("A20", "A21"), "cases", (
        ("admission_no", "住院(门诊)号"), ("patient_name", "病人姓名"), ("admit_date", "入院日期"),
        ("discharge_date", "出院日期"), ("age", "年龄"), ("gender", "性别"), ("admit_diagnosis", "入院诊断"),
        ("discharge_diagnosis", "出院诊断")), "病案"),
    "a19-cases": PersonalTemplate("a19-cases", "病案模板", ("A19",), None, (
        ("admission_no", "住院号"), ("patient_name", "姓名"), ("admit_date", "入院日期"), ("discharge_date", "出院日期"),
        ("surgery_class", "手术类别"), ("admit_diagnosis", "入院诊断"), ("discharge_diagnosis", "出院诊断"),
        ("treatment_result", "抢救或治疗结果")), "病案"),
    "references": PersonalTemplate("references", "文献模板", ("A22",), "references", (
        ("year", "年度"), ("ref_title", "文献名称")), "参考文献"),
}


def template(principal: Principal, key: str) -> tuple[bytes, str]:
    """病案模板下载 / 文献模板下载: ``(xlsx bytes, "<模板名>.xlsx")`` (catalog §4.3 table).

    Raises NotFound for an unknown template."""
    tpl = _template(key)
    with unit_of_work() as session:
        spec = _spec(session, tpl)
    return build_template(spec), f"{tpl.name}.xlsx"


def upload(principal: Principal, key: str, stream: BinaryIO, file_name: str, *,
           record_id: int | None = None) -> dict[str, Any]:
    """导入 → 上传文件: file-level checks (catalog §4.1 step 3), then every row checked.

    Args:
        key: ``cases`` (A20/A21 病案列表), ``a19-cases`` (A19 records) or ``references`` (A22).
        record_id: the caller's saved parent record (required for ``cases`` and ``references``).

    Returns:
        ``{"id", "template", "record_id", "file_name", "rows": [{"row", "cells": {header: text},
        "status": "允许导入" | null, "errors": [{"row", "column", "message", "text"}]}], "total_rows",
        "valid_count", "invalid_count", "can_import": bool}``.

    Raises:
        PayloadTooLarge: 「文件超过 10MB」. ValidationFailed: a file-level check, a missing required
        column (「必填字段“X”未映射」) or no data row. NotFound: unknown template or parent record.
        InvalidState: the parent is not 编辑中/退回.
    """
    tpl = _template(key)
    store = attachment_store()
    with store.spool(stream, limit=MAX_BYTES) as spooled:
        if spooled.is_over_limit:
            raise PayloadTooLarge(TOO_LARGE)
        with unit_of_work() as session:
            parent = _parent(session, principal, tpl, record_id)
            spec = _spec(session, tpl)
            form = resolved_form(session, form_of(session, _record_type(session, tpl).form_version_id if parent is None
                                                  else parent.form_version_id))
            rows, headers, sheet, kind = read_rows(spooled.path, file_name, spec)
            _check_rows(tpl, form, rows, parent)
            batch = ImportBatch(kind="personal", record_type_code=parent.record_type_code if parent else tpl.record_types[0],
                                target=tpl.key, parent_record_id=parent.id if parent else None,
                                file_name=_safe_name(file_name), file_kind=kind, sha256=spooled.sha256, size=spooled.size,
                                uploaded_by_id=principal.user_id, unit_id=None, sheet_names=[sheet], sheet_name=sheet,
                                headers=headers, mapping=None, status="previewed", total_rows=len(rows),
                                valid_count=sum(1 for r in rows if r.is_valid), previewed_at=utcnow())
            batch.invalid_count = len(rows) - batch.valid_count
            session.add(batch)
            session.flush()
            if rows:
                session.execute(insert(ImportRow), [
                    {"batch_id": batch.id, "row_number": r.number, "cells": r.cells, "data": r.data,
                     "owner_id": principal.user_id,
                     "errors": [e.as_dict() for e in r.errors], "is_valid": r.is_valid} for r in rows])
            return _view(batch, rows)


def commit(principal: Principal, batch_id: int) -> dict[str, Any]:
    """正式导入 (all or nothing, one transaction; catalog §4.3 steps 4–5).

    Returns:
        ``{"id", "status": "committed", "imported_count", "record_ids"}``: A19 → the new draft records;
        A20/A21/A22 → ``[parent id]`` whose list now ends with the imported rows.

    Raises:
        InvalidState: some row is not 允许导入 (「存在不允许导入的数据，不能正式导入」), the batch was
        already imported, or the parent is no longer editable. ValidationFailed: the parent's list
        breaks its rules once the rows are added. NotFound: not the caller's batch.
    """
    with unit_of_work() as session:
        batch = session.scalar(select(ImportBatch).where(
            ImportBatch.id == batch_id, ImportBatch.uploaded_by_id == principal.user_id, ImportBatch.kind == "personal")
            .with_for_update().execution_options(populate_existing=True))
        if batch is None:
            raise NotFound("导入批次不存在或无权访问")
        if batch.status != "previewed":
            raise InvalidState(WRONG_STEP.format(status=STATUS_LABELS.get(batch.status, batch.status), action="正式导入"))
        if batch.invalid_count or batch.valid_count == 0:
            raise InvalidState(NOT_ALL_ALLOWED)
        tpl = TEMPLATES[batch.target or ""]
        rows = session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id).order_by(ImportRow.row_number)).all()
        ordered = sorted(rows, key=lambda r: (r.data.get(ORDER_KEY) is None, r.data.get(ORDER_KEY) or 0, r.row_number))
        values = [{k: v for k, v in r.data.items() if not k.startswith("__")} for r in ordered]
        if tpl.field is None:
            records = [lifecycle.create_record(principal, record_type=str(batch.record_type_code), data=v) for v in values]
            ids = [r.id for r in records]
            for row, record in zip(ordered, records, strict=True):
                row.record_id = record.id
        else:
            parent = _parent(session, principal, tpl, batch.parent_record_id)
            if parent is None:
                raise NotFound(UNKNOWN_TEMPLATE.format(name=tpl.key))
            data = dict(parent.data or {})
            data[tpl.field] = list(data.get(tpl.field) or []) + values
            lifecycle.update_record(principal, parent.id, data=data, version=None)
            ids = [parent.id]
        batch.status, batch.imported_count, batch.committed_at, batch.progress = "committed", len(values), utcnow(), 100
        audit(session, principal.user_id, "import.personal", "import_batch", batch.id, template=tpl.key,
              record_ids=ids, rows=len(values))
        return {"id": batch.id, "status": batch.status, "imported_count": len(values), "record_ids": ids}


# ---------------------------------------------------------------- helpers

def _template(key: str) -> PersonalTemplate:
    tpl = TEMPLATES.get(key)
    if tpl is None:
        raise NotFound(UNKNOWN_TEMPLATE.format(name=str(key)[:30]))
    return tpl


def _spec(session, tpl: PersonalTemplate) -> ImportSpec:
    doc = resolved_form(session, form_of(session, _record_type(session, tpl).form_version_id)).doc
    schema = doc["schema"]
    if tpl.field is not None:
        schema = schema["properties"][tpl.field]["items"]
    props, required = schema["properties"], set(schema.get("required", ()))
    columns = [ColumnSpec(ORDER_KEY, ORDER_LABEL, "integer", False, note="选填。填写整数，决定导入后的顺序")]
    columns += [replace(column_of(key, props[key], key in required), label=label) for key, label in tpl.columns]
    return ImportSpec(code=tpl.key, title=tpl.name, columns=tuple(columns), schema_required=frozenset(required))


def _record_type(session, tpl: PersonalTemplate) -> RecordType:
    rtype = session.get(RecordType, tpl.record_types[0])
    if rtype is None:
        raise NotFound(UNKNOWN_TEMPLATE.format(name=tpl.key))
    return rtype


def _parent(session, principal: Principal, tpl: PersonalTemplate, record_id: int | None) -> Record | None:
    if tpl.field is None:
        return None
    if record_id is None:
        message = PARENT_REQUIRED.format(what=tpl.what)
        raise ValidationFailed(message, errors=[{"field": "record_id", "message": message}])
    record = scope.applicant_record(session, principal, record_id)
    if record.record_type_code not in tpl.record_types:
        raise NotFound(UNKNOWN_TEMPLATE.format(name=tpl.key))
    if record.status not in EDITABLE_STATUSES:
        raise InvalidState(PARENT_NOT_EDITABLE.format(status=record.status_label, what=tpl.what))
    return record


def read_rows(path, file_name: str, spec: ImportSpec) -> tuple[list[CheckedRow], list[str], str, str]:
    try:
        with open_workbook(path, file_name) as workbook:
            scan = workbook.scan()
            by_label = {_fold(c.label): c for c in spec.columns}
            mapped = [Mapped(i, h, by_label[_fold(h)]) for i, h in enumerate(scan.headers) if _fold(h) in by_label]
            present = {m.column.key for m in mapped}
            missing = [c for c in spec.columns if c.required and c.key not in present]
            if missing:
                errors = [{"field": c.key, "message": REQUIRED_UNMAPPED.format(label=c.label)} for c in missing]
                raise ValidationFailed(errors[0]["message"], errors=errors)
            rows = [check_cells(r.number, r.cells, mapped, len(scan.headers)) for r in workbook.data(scan.name)]
            return rows, scan.headers, scan.name, workbook.kind
    except ExcelFileError as exc:
        raise ValidationFailed(exc.message, errors=[{"field": "file", "message": exc.message}]) from exc


def _check_rows(tpl: PersonalTemplate, form: FormDefinition, rows: list[CheckedRow], parent: Record | None) -> None:
    """Schema and type rules (入院日期 ≤ 出院日期, A20's 5-year window, 性别, 年龄 0–150) and duplicates."""
    if not rows:
        raise ValidationFailed(NO_ROWS, errors=[{"field": "file", "message": NO_ROWS}])
    labels = dict(tpl.columns)
    context = type_rules.RuleContext(today=date.today(), owner_unit_name=None, find_duplicate=lambda _v: False,
                                     term_calendar={})
    if tpl.field is None:
        for row in rows:
            data = {k: v for k, v in row.data.items() if not k.startswith("__")}
            errors = validate_data(form, data, for_submit=True) + type_rules.check_rules(form, data, context, for_submit=True)
            _add(row, [(e.field, e.message) for e in errors], labels)
    else:
        items = FormDefinition({"code": tpl.key, "schema": form.properties[tpl.field]["items"]})
        for row in rows:
            data = {k: v for k, v in row.data.items() if not k.startswith("__")}
            errors = [e for e in validate_data(items, data, for_submit=True)
                      if "x-attachment" not in items.properties.get(e.field.split(".")[0], {})]   # files come later
            _add(row, [(e.field, e.message) for e in errors], labels)
        whole = dict(parent.data if parent is not None else {})
        whole[tpl.field] = [{k: v for k, v in r.data.items() if not k.startswith("__")} for r in rows]
        for error in type_rules.check_rules(form, whole, context, for_submit=True, only_fields={tpl.field}):
            found = _INDEX.search(error.field)
            if found is None:
                continue
            index = int(found[1])
            if 0 <= index < len(rows) and tpl.field and "附件" not in error.message:
                _add(rows[index], [(found[2] or "", _ROW_PREFIX.sub("", error.message))], labels)
    keys = [k for k, _label in tpl.columns]
    first: dict[str, int] = {}
    for row in rows:
        if row.errors:
            continue
        key = fingerprint(0, row.data, keys)
        if key in first:
            row.errors.append(RowError(row.number, None, DUPLICATE_ROW.format(row=first[key])))
        else:
            first[key] = row.number


def _add(row: CheckedRow, problems: list[tuple[str, str]], labels: Mapping[str, str]) -> None:
    flagged = {e.column for e in row.errors}
    for field, message in problems:
        key = field.split("[")[0].split(".")[0]
        column = labels.get(key)
        reason = re.sub(r"^「[^」]*」", "", message).strip() or message
        if column is not None and column in flagged:
            continue
        error = RowError(row.number, column, reason if column else message)
        if all((e.column, e.message) != (error.column, error.message) for e in row.errors):
            row.errors.append(error)


def _view(batch: ImportBatch, rows: list[CheckedRow]) -> dict[str, Any]:
    return {"id": batch.id, "template": batch.target, "record_id": batch.parent_record_id, "file_name": batch.file_name,
            "rows": [{"row": r.number, "cells": dict(zip(batch.headers, r.cells, strict=False)),
                      "status": ALLOWED if r.is_valid else None, "errors": [e.as_dict() for e in r.errors]} for r in rows],
            "total_rows": batch.total_rows, "valid_count": batch.valid_count, "invalid_count": batch.invalid_count,
            "can_import": batch.invalid_count == 0 and batch.valid_count > 0}


def _fold(label: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFKC", label).strip()

