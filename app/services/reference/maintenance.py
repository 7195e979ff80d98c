"""The 系统管理员's changes to reference data (issue 12: maintained in the UI; a value in use cannot be
deleted, only retired). Every change is one transaction with its ``audit_event`` row (catalog §3.8)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.definitions.reference import condition_values
from app.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from app.models import Record, ReferenceSetting, ReferenceValue, utcnow
from app.vocabulary import RecordStatus, Role

from app.services.audit import audit
from app.services.uow import unit_of_work

from .lists import KIND_COURSE, KIND_TERM, ReferenceList, reference_list, reference_lists
from .values import DEFAULT_YEAR_KEY, default_assessment_year

ADMIN_ONLY = "只有系统管理员可以维护参考数据"
VALUE_NOT_FOUND = "参考数据值不存在"
IN_USE = "“{value}”已被 {n} 条记录使用，不能删除，只能停用"
LAST_VALUE = "“{value}”是{label}的最后一个值，不能删除；不再使用时请停用"
IN_USE_RENAME = "“{value}”已被 {n} 条记录使用，不能修改名称，只能停用后新增"
DUPLICATE = "“{value}”已存在于{label}中"
FIXED_VALUE = "“{value}”是表单的固定选项，不能加入{label}"
EMPTY = "「{label}」为必填项"
TOO_LONG = "「{label}」不能超过 {n} 个字"
BAD_OWNER = "开课主管单位必须是 {choices} 之一"
BAD_TERM = "学年学期格式应为 2024-2025-1"
BAD_DATES = "「结束日期」不能早于「开始日期」"
DATES_REQUIRED = "学年学期必须填写开始日期和结束日期"
BAD_YEAR = "考核年度必须是 2000 到 2100 之间的整数"
ALREADY_RETIRED = "“{value}”已停用"
NOT_RETIRED = "“{value}”未停用"
MAX_VALUE_CHARS = 100
_TERM = re.compile(r"^(\d{4})-(\d{4})-([12])$")


# ---------------------------------------------------------------- reads

def overview(principal: Principal) -> dict[str, Any]:
    """参考数据 page: every list with its counts, and the default 考核年度.

    Returns:
        ``{"lists": [{"name", "label", "kind", "uses": [{"record_type", "type_title", "field", "label"}],
        "active_count", "retired_count"}], "default_assessment_year": 2025}``.
    """
    with unit_of_work() as session:
        lists = reference_lists(session)
        counts = {(name, retired): n for name, retired, n in session.execute(
            select(ReferenceValue.list_name, ReferenceValue.retired_at.is_not(None), func.count())
            .group_by(ReferenceValue.list_name, ReferenceValue.retired_at.is_not(None)))}
        return {"lists": [{"name": r.name, "label": r.label, "kind": r.kind,
                           "uses": [vars(u) for u in r.uses],
                           "active_count": counts.get((r.name, False), 0),
                           "retired_count": counts.get((r.name, True), 0)} for r in lists.values()],
                "default_assessment_year": default_assessment_year(session)}


def list_values(principal: Principal, name: str, *, include_retired: bool = False) -> dict[str, Any]:
    """The values of one list, in list order.

    Everyone reads the values offered now (what forms need); retired values and the usage counts are the
    系统管理员's (``include_retired`` is ignored for other roles).

    Returns:
        ``{"name", "label", "kind", "owner_dept_choices": [...], "items": [{"id", "value", "owner_dept",
        "start_date", "end_date", "sort_order", "retired": bool, "retired_at", "usage_count"}]}``
        (``usage_count`` null for other roles).

    Raises:
        NotFound: unknown list.
    """
    admin = _is_admin(principal)
    with unit_of_work() as session:
        ref = reference_list(session, name)
        query = select(ReferenceValue).where(ReferenceValue.list_name == ref.name)
        if not (admin and include_retired):
            query = query.where(ReferenceValue.retired_at.is_(None))
        rows = session.scalars(query.order_by(ReferenceValue.sort_order, ReferenceValue.id)).all()
        usage = usage_counts(session, ref) if admin else {}
        return {"name": ref.name, "label": ref.label, "kind": ref.kind, "owner_dept_choices": owner_dept_choices(ref),
                "items": [_item(v, usage.get(v.value, 0) if admin else None) for v in rows]}


def usage_counts(session: Session, ref: ReferenceList) -> dict[str, int]:
    """value → the number of records (any status but deleted) holding it in a field the list backs;
    one GROUP BY per field."""
    out: dict[str, int] = {}
    for record_type, field in ref.fields:
        stored = Record.data[field].as_string()
        rows = session.execute(select(stored, func.count()).where(
            Record.record_type_code == record_type, Record.status != RecordStatus.DELETED, stored.is_not(None))
            .group_by(stored))
        for value, n in rows:
            out[value] = out.get(value, 0) + n
    return out


def owner_dept_choices(ref: ReferenceList) -> list[str]:
    """The 开课主管单位 a course may have: the enum of ``course_owner_dept`` on the forms using the
    course catalogue (catalog §1.3.1 T01: 教务部, 学工部, 保卫部); empty for other lists."""
    if ref.kind != KIND_COURSE:
        return []
    choices: list[str] = []
    for form in ref.forms:
        choices += [str(v) for v in form.properties.get("course_owner_dept", {}).get("enum", ()) if v not in choices]
    return choices


# ---------------------------------------------------------------- changes

def add_value(principal: Principal, name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """新增 a value at the end of list ``name``.

    Args:
        fields: ``{"value", "owner_dept" (courses), "start_date", "end_date" (terms, ISO dates)}``.

    Raises:
        PermissionDenied: not a 系统管理员. NotFound: unknown list. ValidationFailed: empty or too long,
        「“X”已存在于…中」, a form's fixed option (其他课程), a 开课主管单位 outside the form's choices, a
        学年学期 not like 2024-2025-1 or without dates.
    """
    require_admin(principal)
    with unit_of_work() as session:
        ref = reference_list(session, name)
        value = _checked(session, ref, fields, None)
        last = session.scalar(select(func.max(ReferenceValue.sort_order)).where(ReferenceValue.list_name == ref.name))
        row = ReferenceValue(list_name=ref.name, value=value["value"], owner_dept=value.get("owner_dept"),
                             start_date=value.get("start_date"), end_date=value.get("end_date"),
                             sort_order=(last or 0) + 1)
        session.add(row)
        session.flush()
        audit(session, principal.user_id, "reference.add", "reference_value", row.id, list=ref.name, value=row.value,
              **_facts(row))
        return _item(row, 0)


def update_value(principal: Principal, value_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """修改 a value: its 开课主管单位 or term dates, its position, or its name while no record holds it.

    Raises:
        PermissionDenied / NotFound / ValidationFailed: as ``add_value``; InvalidState: renaming a value in
        use (「“X”已被 N 条记录使用，不能修改名称，只能停用后新增」).
    """
    require_admin(principal)
    with unit_of_work() as session:
        row, ref = _row(session, value_id)
        before = {"value": row.value, **_facts(row)}
        merged = {"value": row.value, "owner_dept": row.owner_dept, "start_date": row.start_date,
                  "end_date": row.end_date, **{k: v for k, v in fields.items() if k != "sort_order"}}
        checked = _checked(session, ref, merged, row.id)
        used = usage_counts(session, ref).get(row.value, 0)
        if checked["value"] != row.value and used:
            raise InvalidState(IN_USE_RENAME.format(value=row.value, n=used))
        row.value = checked["value"]
        row.owner_dept, row.start_date, row.end_date = (checked.get("owner_dept"), checked.get("start_date"),
                                                        checked.get("end_date"))
        if isinstance(fields.get("sort_order"), int):
            row.sort_order = fields["sort_order"]
        session.flush()
        audit(session, principal.user_id, "reference.update", "reference_value", row.id, list=ref.name,
              before=before, after={"value": row.value, **_facts(row)})
        return _item(row, used)


def retire_value(principal: Principal, value_id: int) -> dict[str, Any]:
    """停用: no longer offered for new records; records holding it keep and display it. Raises InvalidState
    when already retired."""
    return _set_retired(principal, value_id, retire=True)


def restore_value(principal: Principal, value_id: int) -> dict[str, Any]:
    """启用 a retired value again. Raises InvalidState when it is not retired."""
    return _set_retired(principal, value_id, retire=False)


def delete_value(principal: Principal, value_id: int) -> None:
    """删除 a value no record holds (a mistyped one).

    Raises:
        InvalidState: the value is in use: 「“高等数学”已被 3 条记录使用，不能删除，只能停用」 (409); it is the
        list's last value (a list with no value would get its starting values again on the next deploy).
        PermissionDenied / NotFound.
    """
    require_admin(principal)
    with unit_of_work() as session:
        row, ref = _row(session, value_id)
        used = usage_counts(session, ref).get(row.value, 0)
        if used:
            raise InvalidState(IN_USE.format(value=row.value, n=used))
        if session.scalar(select(func.count()).where(ReferenceValue.list_name == ref.name)) == 1:
            raise InvalidState(LAST_VALUE.format(value=row.value, label=ref.label))     # an empty list would be reloaded
        audit(session, principal.user_id, "reference.delete", "reference_value", row.id, list=ref.name,
              value=row.value, **_facts(row))
        session.delete(row)


def set_default_assessment_year(principal: Principal, year: Any) -> dict[str, int]:
    """Set the 考核年度 new records start with (catalog §1.3.0). Raises ValidationFailed outside 2000–2100."""
    require_admin(principal)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationFailed(BAD_YEAR, errors=[{"field": "default_assessment_year", "message": BAD_YEAR}])
    with unit_of_work() as session:
        before = default_assessment_year(session)
        setting = session.get(ReferenceSetting, DEFAULT_YEAR_KEY)
        if setting is None:
            session.add(ReferenceSetting(key=DEFAULT_YEAR_KEY, value=year))
        else:
            setting.value = year
        audit(session, principal.user_id, "reference.default_year", "reference_setting", DEFAULT_YEAR_KEY,
              before=before, after=year)
        return {"default_assessment_year": year}


def add_values(session: Session, principal: Principal, ref: ReferenceList, rows: list[Mapping[str, Any]]) -> int:
    """Add checked values in the caller's transaction (the course-catalogue import); audited once.

    Returns the number added. Raises PermissionDenied and the ``add_value`` ValidationFailed."""
    require_admin(principal)
    last = session.scalar(select(func.max(ReferenceValue.sort_order)).where(ReferenceValue.list_name == ref.name)) or 0
    for offset, fields in enumerate(rows, start=1):
        checked = _checked(session, ref, fields, None)
        session.add(ReferenceValue(list_name=ref.name, value=checked["value"], owner_dept=checked.get("owner_dept"),
                                   start_date=checked.get("start_date"), end_date=checked.get("end_date"),
                                   sort_order=last + offset))
        session.flush()
    return len(rows)


def value_problems(session: Session, ref: ReferenceList, fields: Mapping[str, Any]) -> list[dict[str, str]]:
    """The problems ``add_value`` would refuse ``fields`` for, as ``[{"field", "message"}]`` (import preview)."""
    try:
        _checked(session, ref, fields, None)
    except ValidationFailed as exc:
        return [dict(e) for e in exc.errors]  # type: ignore[arg-type]
    return []


# ---------------------------------------------------------------- helpers

def _is_admin(principal: Principal) -> bool:
    return principal.has_role(Role.SYSTEM_ADMIN)


def require_admin(principal: Principal) -> None:
    """Raises PermissionDenied (「只有系统管理员可以维护参考数据」) unless the caller acts as 系统管理员."""
    if not _is_admin(principal):
        raise PermissionDenied(ADMIN_ONLY)


def _row(session: Session, value_id: int) -> tuple[ReferenceValue, ReferenceList]:
    row = session.get(ReferenceValue, value_id, with_for_update=True)
    if row is None:
        raise NotFound(VALUE_NOT_FOUND)
    return row, reference_list(session, row.list_name)


def _set_retired(principal: Principal, value_id: int, *, retire: bool) -> dict[str, Any]:
    require_admin(principal)
    with unit_of_work() as session:
        row, ref = _row(session, value_id)
        if retire == row.is_retired:
            raise InvalidState((ALREADY_RETIRED if retire else NOT_RETIRED).format(value=row.value))
        row.retired_at = utcnow() if retire else None
        session.flush()
        audit(session, principal.user_id, "reference.retire" if retire else "reference.restore", "reference_value",
              row.id, list=ref.name, value=row.value)
        return _item(row, usage_counts(session, ref).get(row.value, 0))


def _checked(session: Session, ref: ReferenceList, fields: Mapping[str, Any], own_id: int | None) -> dict[str, Any]:
    """The cleaned value of ``fields`` for list ``ref``; ValidationFailed with one error per field."""
    label = _value_label(ref)
    errors: list[dict[str, str]] = []
    value = fields.get("value")
    value = value.strip() if isinstance(value, str) else ""
    out: dict[str, Any] = {"value": value}
    if not value:
        errors.append({"field": "value", "message": EMPTY.format(label=label)})
    elif len(value) > MAX_VALUE_CHARS:
        errors.append({"field": "value", "message": TOO_LONG.format(label=label, n=MAX_VALUE_CHARS)})
    elif any(value in condition_values(f.doc, u.field) for f, u in zip(ref.forms, ref.uses, strict=True)):
        errors.append({"field": "value", "message": FIXED_VALUE.format(value=value, label=ref.label)})
    else:
        clash = session.scalar(select(ReferenceValue.id).where(ReferenceValue.list_name == ref.name,
                                                                ReferenceValue.value == value))
        if clash is not None and clash != own_id:
            errors.append({"field": "value", "message": DUPLICATE.format(value=value, label=ref.label)})
    if ref.kind == KIND_COURSE:
        owner = fields.get("owner_dept")
        choices = owner_dept_choices(ref)
        if owner not in choices:
            errors.append({"field": "owner_dept", "message": BAD_OWNER.format(choices="、".join(choices))})
        out["owner_dept"] = owner
    if ref.kind == KIND_TERM:
        match = _TERM.match(value) if value else None
        if value and (not match or int(match.group(2)) != int(match.group(1)) + 1):
            errors.append({"field": "value", "message": BAD_TERM})
        start, end = _date(fields.get("start_date")), _date(fields.get("end_date"))
        if start is None or end is None:
            errors.append({"field": "start_date" if start is None else "end_date", "message": DATES_REQUIRED})
        elif end < start:
            errors.append({"field": "end_date", "message": BAD_DATES})
        out["start_date"], out["end_date"] = start, end
    if errors:
        raise ValidationFailed(errors[0]["message"], errors=errors)
    return out


def _value_label(ref: ReferenceList) -> str:
    return {KIND_COURSE: "课程名称", KIND_TERM: "学年学期"}.get(ref.kind, ref.uses[0].label if ref.uses else "值")


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _facts(row: ReferenceValue) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if row.owner_dept:
        facts["owner_dept"] = row.owner_dept
    if row.start_date and row.end_date:
        facts["start_date"], facts["end_date"] = row.start_date.isoformat(), row.end_date.isoformat()
    return facts


def _item(row: ReferenceValue, usage: int | None) -> dict[str, Any]:
    return {"id": row.id, "value": row.value, "owner_dept": row.owner_dept, "start_date": row.start_date,
            "end_date": row.end_date, "sort_order": row.sort_order, "retired": row.is_retired,
            "retired_at": row.retired_at, "usage_count": usage}
