"""导出: the caller's current record list as an xlsx, one sheet per record type (catalog §3.10).

The export is the list the caller is looking at: the same scope, tab and filter as ``list_records``
(``record_queries.record_filter``), the list columns plus every form field, 审核状态, 申报日期 and
审核时间, and attachments by file name. Three reads, whatever the row count: the records (owner,
unit and record type joined), their live attachments, and the form files (cached per version).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from typing_extensions import Unpack

from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.errors import ValidationFailed
from app.excel.record_export import SheetSpec, build_workbook
from app.extensions import db
from app.models import LOCAL_TZ, Record, RecordType, UserTask, school_time

from app.services.files import attachments
from app.services.deployment import form_of, verify_versions
from app.services import personal_data
from app.services.records.record_queries import record_filter
from app.services.review import inbox
from app.services.review.workspace import ColumnFilter

MAX_ROWS = 5000
FILE_NAME = "业绩导出-{day:%Y%m%d}.xlsx"
DEFAULT_SHEET = "业绩导出"
TOO_MANY_ROWS = "导出的记录超过 {max} 条，请缩小筛选范围（如选择业绩类别、审核状态或考核年度）后再导出"
WORKLOAD = "工作量"
ATTACHMENTS = "附件"
HEAD = ("序号", "业绩类别")
OWNER = ("账号", "教职工", "所属部门")
TAIL = ("审核状态", "申报日期", "审核时间", ATTACHMENTS)
OPEN_COLUMNS = ("当前环节",)
DONE_COLUMNS = ("审核环节", "处理结果", "处理人", "处理时间")
_T = TypeVar("_T")
ROW_NUMBER_FIELD = "order"                      # a child list's read-only 序号: the line number shows it


def export_records(principal: Principal, *, record_type: str | None = None, status: str | None = None,
                   q: str | None = None, view: str = "mine", year: int | None = None,
                   **narrow: Unpack[ColumnFilter]) -> tuple[bytes, str]:
    """导出 the caller's current list (tab and filter) as an xlsx.

    Args:
        principal: the caller; ``view="mine"`` exports their own records, ``"scope"`` everything
            their roles may read (catalog §6.3), exactly as the list shows.
        record_type, status, q, view, year, narrow: the list's filters (``record_queries.list_records``;
            ``narrow`` = the review workspace's 环节, 提交时间 and 所属单位, catalog §5.4).

    Returns:
        ``(xlsx bytes, file name)``, the name like 「业绩导出-20261123.xlsx」. One sheet per record
        type, titled with the type name: 序号, 业绩类别, 工作量 (workload types), 账号, 教职工, 所属部门,
        every form field in ``ui:order`` with its 标签 (file fields as file names joined with 「、」,
        child lists one line per row), 审核状态, 申报日期, 审核时间, 附件 (every file name); a final
        合计 row sums 工作量. Personal data of third persons (``x-personal-data``, e.g. 病人姓名) is
        masked for everyone but the owner, HR and the record's assigned reviewers, exactly as
        in the list and detail (``scope.personal_data_clause``, catalog §6.3 rule 4). With no records,
        one sheet of headers.

    Raises:
        ValidationFailed: more than ``MAX_ROWS`` records match (422, asks to narrow the filter), or
            an invalid status or filter.

    Source: catalog §3.10, §1.3.0 (list columns, 合计), §0.3 (envelope labels), §6.3.
    """
    where = record_filter(principal, record_type=record_type, status=status, q=q, view=view, year=year, **narrow)
    records = _at_most(list(db.session.scalars(where.records(limit=MAX_ROWS + 1))))
    return _workbook(principal, [(record, ()) for record in records], record_type, ())


def export_inbox(principal: Principal, *, record_type: str | None = None, q: str | None = None,
                 year: int | None = None, state: str = "open", status: str | None = None,
                 **narrow: Unpack[ColumnFilter]) -> tuple[bytes, str]:
    """导出 the review workspace's 待审核 (``state="open"``) or 已审核 (``"done"``) tab with its filters
    (catalog §5.1 toolbar 导出, §5.4): exactly the rows ``inbox.list_inbox`` lists, in its order.

    Returns:
        ``(xlsx bytes, file name)`` laid out as :func:`export_records`, each row followed by
        当前环节 (待审核), or 审核环节, 处理结果, 处理人 and 处理时间 (已审核: one row per decision).
        The 合计 row sums 工作量 over the rows.

    Raises:
        ValidationFailed: more than ``MAX_ROWS`` rows, or a bad filter (``workspace.column_filters``).
    """
    done = state == "done"
    joined = inbox.inbox_query(principal, record_type=record_type, q=q, year=year, done=done, status=status,
                               **narrow)
    pairs = _at_most(list(db.session.execute(
        joined(UserTask, Record).order_by(*inbox.inbox_order(done)).limit(MAX_ROWS + 1)).tuples()))
    if done:
        entries = [(record, (task.name, messages.ACTION_LABELS.get(task.outcome or "", task.outcome),
                             task.completed_by.name if task.completed_by else None,
                             _local_time(task.completed_at))) for task, record in pairs]
        return _workbook(principal, entries, record_type, DONE_COLUMNS)
    return _workbook(principal, [(record, (task.name,)) for task, record in pairs], record_type, OPEN_COLUMNS)


def _at_most(rows: list[_T]) -> list[_T]:
    """``rows`` when at most ``MAX_ROWS``; else ValidationFailed (422, asks to narrow the filter)."""
    if len(rows) > MAX_ROWS:
        message = TOO_MANY_ROWS.format(max=MAX_ROWS)
        raise ValidationFailed(message, errors=[{"field": "filter", "message": message}])
    return rows


def _workbook(principal: Principal, entries: Sequence[tuple[Record, Sequence[Any]]], record_type: str | None,
              extra: Sequence[str]) -> tuple[bytes, str]:
    """The workbook of ``entries`` (a record and its ``extra`` column values), one sheet per record type."""
    session = db.session
    records = [record for record, _ in entries]
    verify_versions(session, {v for r in records for v in (r.form_version_id, r.record_type.form_version_id)})
    files = attachments.live_files(session, list({r.id for r in records}))
    by_type: dict[str, list[tuple[Record, Sequence[Any]]]] = {}
    for entry in entries:
        by_type.setdefault(entry[0].record_type_code, []).append(entry)
    types = sorted((group[0][0].record_type for group in by_type.values()), key=lambda t: (t.sort_order, t.code))
    sheets = [_sheet(session, principal, t, by_type[t.code], files, extra) for t in types]
    if not sheets:
        sheets = [_empty_sheet(session, record_type, extra)]
    return build_workbook(sheets), FILE_NAME.format(day=datetime.now(LOCAL_TZ))


def _sheet(session: Session, principal: Principal, record_type: RecordType,
           entries: list[tuple[Record, Sequence[Any]]], files: Mapping[int, list[tuple[int, str]]],
           extra: Sequence[str]) -> SheetSpec:
    """One record type's sheet: its headers, one row per entry and 合计 for workload types."""
    is_workload = record_type.family == "workload"
    records = [record for record, _ in entries]
    fields = _fields(session, [record_type.form_version_id, *(r.form_version_id for r in records)],
                     fixed=_headers(is_workload, [], extra))
    rows = []
    shown = personal_data.as_shown(session, principal, records)
    for n, (record, (_, more)) in enumerate(zip(shown, entries, strict=True), start=1):
        names = dict(files.get(record.id, []))
        owner, unit = record.owner, record.owner_unit
        rows.append([n, record_type.name, *([record.workload] if is_workload else []),
                     owner.account, owner.name, unit.name if unit else None,
                     *(_value(field, record.data.get(field.key), names) for field in fields),
                     record.status_label, _local_date(record.submitted_at), _local_date(record.approved_at),
                     list(names.values()), *more])
    return SheetSpec(record_type.name, _headers(is_workload, fields, extra), rows,
                     total_of=WORKLOAD if is_workload else None)


def _empty_sheet(session: Session, record_type: str | None, extra: Sequence[str]) -> SheetSpec:
    """Headers only: the filtered type's sheet when the filter names one, else the common columns."""
    found = session.get(RecordType, record_type) if record_type else None
    if found is None:
        return SheetSpec(DEFAULT_SHEET, _headers(False, [], extra), [])
    is_workload = found.family == "workload"
    fields = _fields(session, [found.form_version_id], fixed=_headers(is_workload, [], extra))
    return SheetSpec(found.name, _headers(is_workload, fields, extra), [], total_of=WORKLOAD if is_workload else None)


def _headers(is_workload: bool, fields: Sequence[FormField], extra: Sequence[str]) -> list[str]:
    return [*HEAD, *([WORKLOAD] if is_workload else []), *OWNER, *(f.label for f in fields), *TAIL, *extra]


@dataclass(frozen=True)
class FormField:
    """One exported form field: its key, JSON Schema property, 标签 and uiSchema hints."""

    key: str
    prop: Mapping[str, Any]
    label: str
    ui: Mapping[str, Any]


def _fields(session: Session, version_ids: Sequence[int], *, fixed: Sequence[str]) -> list[FormField]:
    """Every form field in ``ui:order``, the type's current form first and fields only older pinned
    versions have after it. A field whose 标签 is a fixed column (工作量, 附件) is not repeated: the
    fixed column shows it."""
    out: dict[str, FormField] = {}
    verify_versions(session, version_ids)
    for version_id in dict.fromkeys(version_ids):
        form = form_of(session, version_id)
        ui = form.doc.get("uiSchema", {})
        for key in _ordered(form.properties, ui):
            label = form.label(key)
            if key not in out and label not in fixed:
                hints = ui.get(key) if isinstance(ui.get(key), Mapping) else {}
                out[key] = FormField(key, form.properties[key], label, hints)
    return list(out.values())


def _ordered(properties: Mapping[str, Any], ui: Mapping[str, Any]) -> list[str]:
    """Property keys in ``ui:order``; keys it does not name follow in schema order (rjsf's ``*``)."""
    order = [k for k in ui.get("ui:order", []) if k in properties] if isinstance(ui, Mapping) else []
    return [*order, *(k for k in properties if k not in order)]


def _value(field: FormField, value: Any, names: Mapping[int, str]) -> Any:
    """A form value as a plain cell value: file ids → file names, child rows → row tuples, dates → dates."""
    prop = field.prop
    if value is None:
        return None
    if "x-attachment" in prop:
        return _file_names(value, names)
    items = prop.get("items", {})
    if prop.get("type") == "array" and items.get("type") == "object" and isinstance(value, list):
        hints = field.ui.get("items")
        item_ui: Mapping[str, Any] = hints if isinstance(hints, Mapping) else {}
        columns = _ordered(items.get("properties", {}), item_ui)
        return [_row(items.get("properties", {}), columns, row, names) for row in value if isinstance(row, Mapping)]
    if prop.get("format") == "date" and isinstance(value, str):
        return _parse_date(value)
    return value


def _row(properties: Mapping[str, Any], columns: Sequence[str], row: Mapping[str, Any],
         names: Mapping[int, str]) -> tuple:
    values = []
    for key in columns:
        if key == ROW_NUMBER_FIELD:
            continue
        prop, value = properties[key], row.get(key)
        if "x-attachment" in prop:
            value = _file_names(value, names)
        values.append(value)
    return tuple(values)


def _file_names(value: Any, names: Mapping[int, str]) -> list[str] | None:
    """A file field's ids → the names of its live files (catalog §3.10: exports list files by name)."""
    return [names[i] for i in value if i in names] if isinstance(value, list) else None


def _parse_date(value: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def _local_time(moment: datetime | None) -> datetime | None:
    return school_time(moment) if moment is not None else None


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return school_time(moment).date()
