"""Units and functional departments as editable master data (catalog §0.6).

A unit has a type (学院 / 科研机构 / 机关 / 教辅, or 职能部门 for a department), a ``default_research_owner``
(科学技术部 / 人文社科部) for 学院 and 科研机构, and a parent for a lower unit. Routing reads these rows
(``record_data`` hands ``unit_type`` and ``default_research_owner`` to the decision tables), so a new
unit routes with no code or table change. Only the school-level 系统管理员 edits them; every change is
audited; a unit that still holds people, tasks or lower units cannot be deactivated.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import InvalidState, NotFound, ValidationFailed
from app.models import RESEARCH_OWNERS, UNIT_KINDS, Record, RoleGrant, Unit, User, UserTask

__all__ = ["RESEARCH_OWNERS", "UNIT_KINDS", "create_unit", "deactivate_unit", "list_units", "reactivate_unit", "update_unit"]
from app.services.audit import audit
from app.services.uow import unit_of_work
from app.vocabulary import RecordStatus, TaskStatus

from .reach import ensure_school_admin, reach_of, units_below

UNIT_NOT_FOUND = "单位不存在"
OWNER_REQUIRED = "学院和科研机构必须选择默认科研归口部门"
OWNER_NOT_ALLOWED = "只有学院和科研机构有默认科研归口部门"
DUPLICATE = "{label}“{value}”已被其他单位使用"
PARENT_CYCLE = "上级单位不能是本单位或其下级单位"
PARENT_INACTIVE = "上级单位已停用"
HELD = "单位“{name}”仍有以下内容，不能停用"
HELD_PEOPLE = "在职人员 {n} 人：{names}"
HELD_TASKS = "待处理的审核任务 {n} 条"
HELD_RECORDS = "审核中的记录 {n} 条"
HELD_CHILDREN = "启用中的下级单位：{names}"
HELD_GRANTS = "以本单位为范围的角色 {n} 个：{names}"
FIELDS = ("code", "name", "kind", "default_research_owner", "parent_id")
SHOWN = 5                       # names listed in a refusal before 「等」


def unit_view(unit: Unit, parents: Mapping[int, str], people: Mapping[int | None, int]) -> dict[str, Any]:
    """``{"id", "code", "name", "kind", "default_research_owner", "parent_id", "parent_name", "is_active",
    "people"}`` (``people``: active accounts of the unit)."""
    return {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "default_research_owner": unit.default_research_owner, "parent_id": unit.parent_id,
            "parent_name": parents.get(unit.parent_id) if unit.parent_id else None, "is_active": unit.is_active,
            "people": people.get(unit.id, 0)}


def list_units(principal: Principal, *, include_inactive: bool = True) -> list[dict[str, Any]]:
    """Every unit and department the caller administers (all of them at school level), by type then code.

    Raises PermissionDenied when the active role administers nothing.
    """
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        query = select(Unit).order_by(Unit.kind, Unit.code)
        if not include_inactive:
            query = query.where(Unit.is_active.is_(True))
        units = [u for u in session.scalars(query) if reach.covers_unit(u.id)]
        return _views(session, units)


def create_unit(principal: Principal, data: Mapping[str, Any]) -> dict[str, Any]:
    """新增单位 (school-level 系统管理员; audited ``unit.create``).

    Args:
        data: ``code`` (≤ 32), ``name`` (≤ 100), ``kind`` (one of ``UNIT_KINDS``),
            ``default_research_owner`` (科学技术部 / 人文社科部, required for 学院 and 科研机构, else none),
            ``parent_id`` (optional, an active unit).

    Raises:
        ValidationFailed: per field (duplicate code or name, a missing research owner, a bad parent).
        PermissionDenied: not a school-level 系统管理员.
    """
    with unit_of_work() as session:
        ensure_school_admin(session, principal)
        unit = Unit(is_active=True)
        _apply(session, unit, data)
        session.add(unit)
        session.flush()
        audit(session, principal.user_id, "unit.create", "unit", unit.id, **_facts(unit))
        return _views(session, [unit])[0]


def update_unit(principal: Principal, unit_id: int, data: Mapping[str, Any]) -> dict[str, Any]:
    """编辑单位: the fields given in ``data`` (see ``create_unit``); audited ``unit.update`` with the
    before and after values. Renaming a department keeps its lane (the lane names the department)."""
    with unit_of_work() as session:
        ensure_school_admin(session, principal)
        unit = _unit(session, unit_id)
        before = _facts(unit)
        merged = {**before, **{k: v for k, v in data.items() if k in FIELDS}}
        _apply(session, unit, merged)
        after = _facts(unit)
        changed = {k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]}
        if changed:
            audit(session, principal.user_id, "unit.update", "unit", unit.id, name=unit.name, changes=changed)
        return _views(session, [unit])[0]


def deactivate_unit(principal: Principal, unit_id: int) -> dict[str, Any]:
    """停用 a unit. Refused while it holds anything: active people, open review tasks of the unit or of
    its records, records 审核中 of its people, active lower units, role grants scoped to it.

    Raises:
        InvalidState (409): 「单位“X”仍有以下内容，不能停用」 with one ``errors`` entry per holder, e.g.
            「在职人员 2 人：李明（02010001）、陈静（02010002）」.
    """
    with unit_of_work() as session:
        ensure_school_admin(session, principal)
        unit = _unit(session, unit_id, lock=True)
        held = holders(session, unit)
        if held:
            raise InvalidState(HELD.format(name=unit.name), errors=[{"field": "unit", "message": m} for m in held])
        unit.is_active = False
        audit(session, principal.user_id, "unit.deactivate", "unit", unit.id, name=unit.name)
        return _views(session, [unit])[0]


def reactivate_unit(principal: Principal, unit_id: int) -> dict[str, Any]:
    """启用 a deactivated unit again (audited ``unit.reactivate``)."""
    with unit_of_work() as session:
        ensure_school_admin(session, principal)
        unit = _unit(session, unit_id, lock=True)
        unit.is_active = True
        audit(session, principal.user_id, "unit.reactivate", "unit", unit.id, name=unit.name)
        return _views(session, [unit])[0]


def holders(session: Session, unit: Unit) -> list[str]:
    """What keeps ``unit`` from being deactivated, as 中文 lines (empty when nothing does)."""
    out = []
    people = session.execute(select(User.name, User.account).where(User.unit_id == unit.id, User.is_active.is_(True))
                             .order_by(User.account)).all()
    if people:
        out.append(HELD_PEOPLE.format(n=len(people), names=_names(f"{n}（{a}）" for n, a in people)))
    tasks = session.scalar(select(func.count()).select_from(UserTask).join(Record, Record.id == UserTask.record_id).where(
        UserTask.status == TaskStatus.OPEN, or_(UserTask.candidate_unit_id == unit.id, Record.owner_unit_id == unit.id)))
    if tasks:
        out.append(HELD_TASKS.format(n=tasks))
    in_review = session.scalar(select(func.count()).select_from(Record).where(
        Record.owner_unit_id == unit.id, Record.status == RecordStatus.IN_REVIEW))
    if in_review and not tasks:
        out.append(HELD_RECORDS.format(n=in_review))
    children = session.scalars(select(Unit.name).where(Unit.parent_id == unit.id, Unit.is_active.is_(True))).all()
    if children:
        out.append(HELD_CHILDREN.format(names=_names(children)))
    grants = session.execute(select(User.name, User.account).join(RoleGrant, RoleGrant.user_id == User.id).where(
        RoleGrant.unit_id == unit.id, User.is_active.is_(True), User.unit_id != unit.id)).all()
    if grants:
        out.append(HELD_GRANTS.format(n=len(grants), names=_names(f"{n}（{a}）" for n, a in grants)))
    return out


def _apply(session: Session, unit: Unit, data: Mapping[str, Any]) -> None:
    errors = []
    code, name = str(data.get("code") or "").strip(), str(data.get("name") or "").strip()
    kind, owner = data.get("kind"), data.get("default_research_owner") or None
    parent_id = data.get("parent_id") or None
    if not code:
        errors.append({"field": "code", "message": "请填写单位编码"})
    if not name:
        errors.append({"field": "name", "message": "请填写单位名称"})
    if kind not in UNIT_KINDS:
        errors.append({"field": "kind", "message": f"单位类型必须是 {'、'.join(UNIT_KINDS)} 之一"})
    if kind in ("学院", "科研机构") and owner not in RESEARCH_OWNERS:
        errors.append({"field": "default_research_owner", "message": OWNER_REQUIRED})
    if kind not in ("学院", "科研机构") and owner is not None:
        errors.append({"field": "default_research_owner", "message": OWNER_NOT_ALLOWED})
    for field, label, value in (("code", "单位编码", code), ("name", "单位名称", name)):
        column = getattr(Unit, field)
        if value and session.scalar(select(Unit.id).where(column == value, Unit.id != unit.id)) is not None:
            errors.append({"field": field, "message": DUPLICATE.format(label=label, value=value)})
    if parent_id is not None:
        parent = session.get(Unit, parent_id)
        if parent is None:
            errors.append({"field": "parent_id", "message": UNIT_NOT_FOUND})
        elif unit.id is not None and parent_id in units_below(session, [unit.id]):
            errors.append({"field": "parent_id", "message": PARENT_CYCLE})
        elif not parent.is_active and parent_id != unit.parent_id:
            errors.append({"field": "parent_id", "message": PARENT_INACTIVE})
    if errors:
        raise ValidationFailed(errors[0]["message"], errors=errors)
    unit.code, unit.name, unit.kind = code, name, str(kind)
    unit.default_research_owner, unit.parent_id = owner, parent_id


def _unit(session: Session, unit_id: int, *, lock: bool = False) -> Unit:
    query = select(Unit).where(Unit.id == unit_id)
    if lock:
        query = query.with_for_update()
    unit = session.scalar(query)
    if unit is None:
        raise NotFound(UNIT_NOT_FOUND)
    return unit


def _views(session: Session, units: list[Unit]) -> list[dict[str, Any]]:
    parents = dict(session.execute(select(Unit.id, Unit.name)).tuples().all())
    ids = [u.id for u in units]
    people = dict(session.execute(select(User.unit_id, func.count()).where(User.unit_id.in_(ids), User.is_active.is_(True))
                                  .group_by(User.unit_id)).tuples().all())
    return [unit_view(u, parents, people) for u in units]


def _facts(unit: Unit) -> dict[str, Any]:
    return {k: getattr(unit, k) for k in FIELDS}


def _names(names) -> str:
    names = list(names)
    shown = "、".join(names[:SHOWN])
    return shown + ("等" if len(names) > SHOWN else "")
