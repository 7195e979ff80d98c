"""Row checks of an import preview (catalog §4.1 step 5): cells, owner, schema, duplicates.

Every problem is one ``RowError``: the spreadsheet row, the column as the file names it (None for a
whole-row problem) and the reason. Its text is 「第 R 行，“列名”：原因」 (or 「第 R 行：原因」).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.definitions import type_rules
from app.definitions.forms import FormDefinition
from app.definitions.validation import validate_data
from app.excel.cells import RawCell, convert, text_value
from app.excel.import_spec import ACCOUNT_KEY, NAME_KEY, ColumnSpec
from app.models import Record, User

UNKNOWN_ACCOUNT = "账号不存在"
OTHER_UNIT = "该教职工不属于本单位"
NAME_MISMATCH = "姓名与账号不符"
DUPLICATE_ROW = "与第 {row} 行重复"
DUPLICATE_RECORD = "与已有记录重复"
_LABEL_PREFIX = re.compile(r"^「[^」]*」")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    @property
    def text(self) -> str:
        """「第 R 行，“列名”：原因」 (catalog §4.1 step 5), or 「第 R 行：原因」 for a whole-row problem."""
        if self.column is None:
            return f"第 {self.row} 行：{self.message}"
        return f"第 {self.row} 行，“{self.column}”：{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message, "text": self.text}


@dataclass
class CheckedRow:
    """One checked row: the cells as text (for 导出无效数据), typed data, owner and errors."""

    number: int
    cells: list[str | None]
    data: dict[str, Any] = field(default_factory=dict)
    owner: User | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Mapped:
    """A mapped column: the position in the file, the header there and the column spec it fills."""

    position: int
    header: str
    column: ColumnSpec


def check_cells(number: int, cells: Sequence[RawCell], mapped: Sequence[Mapped], width: int) -> CheckedRow:
    """Convert every mapped cell of one row; the account and name are kept as text for ``check_owner``."""
    shown = [_shown(cells[i]) if i < len(cells) else None for i in range(width)]
    row = CheckedRow(number, shown)
    for m in mapped:
        cell = cells[m.position] if m.position < len(cells) else RawCell(None)
        value, reason = convert(m.column, cell)
        if m.column.key == ACCOUNT_KEY and reason is not None and not cell.is_formula:
            reason = UNKNOWN_ACCOUNT           # catalog: 「教职工账号 empty or unknown → 账号不存在」
        if reason is not None:
            row.errors.append(RowError(number, m.header, reason))
        elif value is not None:
            row.data[m.column.key] = value
    return row


def check_owner(row: CheckedRow, users: Mapping[str, User], unit_id: int | None, headers: Mapping[str, str]) -> None:
    """账号 → the teacher: 「账号不存在」, 「该教职工不属于本单位」, 「姓名与账号不符」 (catalog §4.1 step 5)."""
    account = row.data.pop(ACCOUNT_KEY, None)
    name = row.data.pop(NAME_KEY, None)
    if account is None:
        return                              # already reported by check_cells
    user = users.get(str(account))
    if user is None:
        row.errors.append(RowError(row.number, headers[ACCOUNT_KEY], UNKNOWN_ACCOUNT))
        return
    if unit_id is not None and user.unit_id != unit_id:
        row.errors.append(RowError(row.number, headers[ACCOUNT_KEY], OTHER_UNIT))
        return
    if name is not None and str(name).strip() != user.name:
        row.errors.append(RowError(row.number, headers.get(NAME_KEY, "教职工姓名"), NAME_MISMATCH))
        return
    row.owner = user


def check_schema(row: CheckedRow, form: FormDefinition, headers: Mapping[str, str], today: date) -> None:
    """The form's own rules on the typed data (bounds, lengths, date order …), as on 提交 (catalog §0.2)."""
    labels = dict(headers)
    errors = validate_data(form, row.data, for_submit=True)
    context = type_rules.RuleContext(today=today, owner_unit_name=None, find_duplicate=lambda _values: False,
                                     term_calendar={})
    errors += type_rules.check_rules(form, row.data, context, for_submit=True)
    flagged = {e.column for e in row.errors}        # a cell already refused says why once
    seen: set[tuple[str | None, str]] = set()
    for error in errors:
        key = error.field.split("[")[0].split(".")[0]
        column = labels.get(key)
        message = _LABEL_PREFIX.sub("", error.message).strip() or error.message
        if column is None:
            column, message = None, error.message
        if column in flagged and column is not None:
            continue
        if (column, message) not in seen:
            seen.add((column, message))
            row.errors.append(RowError(row.number, column, message))


def fingerprint(owner_id: int, data: Mapping[str, Any], keys: Iterable[str]) -> str:
    """The identity of a row for duplicate checks: owner and every imported field (numbers normalised)."""
    return json.dumps([owner_id, {k: _normal(data.get(k)) for k in sorted(keys)}], ensure_ascii=False, sort_keys=True)


class DuplicateCheck:
    """「与第 R' 行重复」 for a row equal to an earlier one; 「与已有记录重复」 for one equal to a record of
    the same owner and type that is not 终止 or deleted (catalog §4.1 step 5). Rows are checked one by
    one, in file order, so a preview streams; only fingerprints are kept."""

    def __init__(self, keys: Sequence[str], existing: set[str]) -> None:
        self.keys, self.existing = list(keys), existing
        self.first: dict[str, int] = {}

    def check(self, row: CheckedRow) -> None:
        if row.owner is None or row.errors:
            return
        key = fingerprint(row.owner.id, row.data, self.keys)
        if key in self.first:
            row.errors.append(RowError(row.number, None, DUPLICATE_ROW.format(row=self.first[key])))
            return
        self.first[key] = row.number
        if key in self.existing:
            row.errors.append(RowError(row.number, None, DUPLICATE_RECORD))


def existing_fingerprints(session: Session, record_type: str, owner_ids: Iterable[int], keys: Sequence[str]) -> set[str]:
    """Fingerprints of the owners' records of ``record_type`` that still count (not 终止, not deleted)."""
    ids = sorted(set(owner_ids))
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        query = select(Record.owner_id, Record.data).where(
            Record.record_type_code == record_type, Record.owner_id.in_(ids[start:start + 500]),
            Record.status.notin_(("terminated", "deleted")))
        out.update(fingerprint(owner_id, data or {}, keys) for owner_id, data in session.execute(query))
    return out


def users_by_account(session: Session, accounts: Iterable[str]) -> dict[str, User]:
    """Active users by account, in chunks of 500."""
    wanted = sorted({a for a in accounts if a})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), 500):
        query = select(User).where(User.account.in_(wanted[start:start + 500]), User.is_active.is_(True))
        found.update((u.account, u) for u in session.scalars(query))
    return found


def _normal(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _shown(cell: RawCell) -> str | None:
    if cell.value is None:
        return None
    return text_value(cell.value)


ErrorSink = Callable[[RowError], None]
