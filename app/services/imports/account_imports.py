"""教师账号批量生成 (catalog §4.2): the account rows of the shared import steps.

The template → upload → 字段映射 → 预览 → 只导入有效数据 steps, the batch and its rows are those of the
workload import (``unit_imports``); this module holds what differs: the columns (账号, 姓名, 性别, 出生年月,
身份证号码, 所属单位, all required), the row checks and the commit that creates the accounts.

Who: an administrator of accounts (``administration.reach``): a school-level 系统管理员 for any unit, a
unit-level one or a 二级单位管理员 / 信息管理员 for the units he administers (「教师个人的信息采集账号统一由
各单位（部门）工作组负责配发」). Accounts are created with the 教职工 role and no password: an
administrator's 重置密码 gives each its one-time password (or the campus login maps them by 工号).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal, load_principal
from app.errors import PermissionDenied
from app.excel.import_spec import ColumnSpec, ImportSpec
from app.excel.reader import open_workbook
from app.models import ImportBatch, ImportRow, RoleGrant, Unit, User
from app.services.administration import id_numbers
from app.services.administration.accounts import ACCOUNT_SHAPE, BAD_ACCOUNT, UNUSABLE_PASSWORD
from app.services.administration.reach import Reach, reach_of
from app.services.audit import audit
from app.storage import attachment_store
from app.vocabulary import Role

from .rows import CheckedRow, Mapped, RowError, check_cells

ACCOUNTS_CODE = "ACCOUNTS"
TITLE = "教师账号批量生成"
ACCOUNT_TAKEN = "账号已存在"
DUPLICATE_ACCOUNT = "账号与第 {row} 行重复"
BAD_BIRTH_MONTH = "出生年月格式应为 YYYY-MM"
UNKNOWN_UNIT = "单位“{name}”不存在"
INACTIVE_UNIT = "单位“{name}”已停用"
OTHER_UNIT = "不能为其他单位生成账号"
NO_ACCOUNT_ROLE = "当前角色不能批量生成教师账号"
STALE = "第 {n} 条有效数据的账号已存在或单位已变化，请重新预览"
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*(?:月|[-/.]\s*\d{1,2}\s*日?)?$")

SPEC = ImportSpec(code=ACCOUNTS_CODE, title=TITLE, columns=(
    ColumnSpec("account", "账号", "string", True, note="必填。教职工工号，2–32 位字母或数字（请设置为文本格式以保留开头的 0）",
               max_length=32),
    ColumnSpec("name", "姓名", "string", True, note="必填。文本，不超过 64 个字", max_length=64),
    ColumnSpec("gender", "性别", "enum", True, ("男", "女"), note="必填。从下拉列表选择：男 / 女"),
    ColumnSpec("birth_month", "出生年月", "string", True, note="必填。格式 YYYY-MM，如 1985-06", max_length=10),
    ColumnSpec("id_number", "身份证号码", "string", True, note="必填。18 位，最后一位可以是 X（校验位会被检查）",
               max_length=20),
    ColumnSpec("unit", "所属单位", "string", True, note="必填。填写单位全称，如 计算机与网络工程学院", max_length=100),
))


def reach_for_import(session: Session, principal: Principal) -> Reach:
    """The caller's account reach. Raises PermissionDenied 「当前角色不能批量生成教师账号」."""
    try:
        return reach_of(session, principal)
    except PermissionDenied as exc:
        raise PermissionDenied(NO_ACCOUNT_ROLE) from exc


def may_import(session: Session, principal: Principal) -> bool:
    """The caller administers accounts (the type appears among his import types)."""
    try:
        reach_of(session, principal)
    except PermissionDenied:
        return False
    return True


def check_file(session: Session, batch: ImportBatch) -> Iterator[CheckedRow]:
    """Check every data row (the preview step): cells (必填, 可选值), 账号 shape, 「账号已存在」 and 「账号与第 R
    行重复」 (a duplicate 工号), 出生年月, 身份证号码 (18 characters, check digit, birth date; 出生年月 and 性别
    must agree with it), 所属单位 (「单位“X”不存在」, 已停用, or outside the uploader's reach).

    Each error carries its row and column: 「第 R 行，“身份证号码”：身份证号码校验位错误」.
    """
    mapping = batch.mapping or {}
    mapped = [Mapped(i, h, SPEC.column(mapping[h])) for i, h in enumerate(batch.headers) if mapping.get(h)]
    header_of = {m.column.key: m.header for m in mapped}
    reach = _uploader_reach(session, batch)
    path = attachment_store().path_for(batch.sha256)
    with open_workbook(path, batch.file_name) as workbook:
        rows = [check_cells(r.number, r.cells, mapped, len(batch.headers)) for r in workbook.data(batch.sheet_name)]
    wanted = [str(r.data.get("account", "")) for r in rows]
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        taken.update(session.scalars(select(User.account).where(User.account.in_(wanted[start:start + 500]))))
    units = {u.name: u for u in session.scalars(select(Unit))}
    first: dict[str, int] = {}
    for row in rows:
        _check_row(row, header_of, taken, first, units, reach)
        yield row


def _check_row(row: CheckedRow, header_of: dict[str, str], taken: set[str], first: dict[str, int],
               units: dict[str, Unit], reach: Reach) -> None:
    def error(key: str, message: str) -> None:
        row.errors.append(RowError(row.number, header_of.get(key), message))

    data = row.data
    account = data.get("account")
    if account is not None:
        account = data["account"] = str(account).strip()
        if not ACCOUNT_SHAPE.match(account):
            error("account", BAD_ACCOUNT)
        elif account in first:
            error("account", DUPLICATE_ACCOUNT.format(row=first[account]))
        elif account in taken:
            error("account", ACCOUNT_TAKEN)
        first.setdefault(account, row.number)
    month = data.get("birth_month")
    if month is not None:
        normal = birth_month(month)
        if normal is None:
            error("birth_month", BAD_BIRTH_MONTH)
            data.pop("birth_month")
        else:
            data["birth_month"] = normal
    number = data.get("id_number")
    if number is not None:
        number = data["id_number"] = id_numbers.normalise(str(number))
        problem = id_numbers.problem(number)
        if problem:
            error("id_number", problem)
        else:
            for key, message in id_numbers.consistency_problems(number, data.get("birth_month"), data.get("gender")):
                error(key, message)
    name = data.get("unit")
    if name is not None:
        unit = units.get(str(name).strip())
        if unit is None:
            error("unit", UNKNOWN_UNIT.format(name=str(name)[:50]))
        elif not unit.is_active:
            error("unit", INACTIVE_UNIT.format(name=unit.name))
        elif not reach.covers_unit(unit.id):
            error("unit", OTHER_UNIT)
        else:
            data["unit_id"] = unit.id


def birth_month(value: object) -> str | None:
    """出生年月 as ``YYYY-MM``: from ``1985-06``, ``1985/6``, ``1985年6月``, ``198506``, ``1985.06`` or a date
    (cell or text ``1985-06-14``); None when it is none of these or not a real month."""
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(str(value).strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"


def commit_rows(session: Session, batch: ImportBatch) -> int:
    """Create one account per valid row, with the 教职工 role and no password yet, in the caller's
    transaction (all or nothing); one ``account.create`` audit event each.

    Returns:
        The number of accounts created.

    Raises:
        PermissionDenied: the uploader no longer administers accounts, or a row's account was taken (or
        its unit left the uploader's reach) since the preview (「…请重新预览」).
    """
    reach = _uploader_reach(session, batch)
    rows = session.execute(select(ImportRow.id, ImportRow.data).where(
        ImportRow.batch_id == batch.id, ImportRow.is_valid.is_(True)).order_by(ImportRow.row_number)).all()
    accounts = [str(data["account"]) for _id, data in rows]
    taken = set(session.scalars(select(User.account).where(User.account.in_(accounts)))) if accounts else set()
    units = {u.id: u for u in session.scalars(select(Unit))}
    created: list[tuple[User, Unit]] = []
    for n, (_row_id, data) in enumerate(rows, start=1):
        unit = units.get(data.get("unit_id"))
        if data["account"] in taken or unit is None or not unit.is_active or not reach.covers_unit(unit.id):
            raise PermissionDenied(STALE.format(n=n))
        user = User(account=data["account"], name=data["name"], unit_id=unit.id, gender=data.get("gender"),
                    birth_month=data.get("birth_month"), id_number=data.get("id_number"),
                    password_hash=UNUSABLE_PASSWORD, is_active=True, is_staff=True)
        user.grants.append(RoleGrant(role=Role.TEACHER, unit_id=None))
        session.add(user)
        created.append((user, unit))
    session.flush()
    for user, unit in created:
        audit(session, batch.uploaded_by_id, "account.create", "user", user.id, target_user_id=user.id,
              account=user.account, name=user.name, unit_id=user.unit_id, unit_name=unit.name,
              import_batch=batch.id)
    return len(created)


def _uploader_reach(session: Session, batch: ImportBatch) -> Reach:
    principal = load_principal(session, batch.uploaded_by_id)
    if principal is None:
        raise PermissionDenied(NO_ACCOUNT_ROLE)
    return reach_for_import(session, principal)
