"""数据汇总 (catalog §5.5): 工作量汇总 per teacher and summary item, per-item pages and 导出; frozen
years read the 工作量结算 snapshot (§7.6).

Only finally approved workload records of the 考核年度 count. Scope: 二级单位管理员 → the teachers of
the units (and categories) they administer; 职能部门审核员 → the records their lane approved; 人力资源部
→ everything. A request without a 考核年度 reads the default one, the year new records start with (§1.3.0),
and the answer names the year it read, so the pages open on the year being filled in. Live and frozen
figures come from the same per-record facts (``Fact``) and the same aggregation, so a frozen year reads
exactly as it stood when it was closed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import PermissionDenied, ValidationFailed
from app.excel.record_export import SheetSpec, build_workbook
from app.models import Record, RecordType, Unit, User, WorkloadSettlement
from app.services import scope
from app.services.reference.values import default_assessment_year
from app.services.uow import unit_of_work

HR_ROLES = scope.HR_ROLES
CATEGORY_LABELS = {"teaching": "教学教研工作量", "graduate": "研究生工作量", "research": "科研工作量",
                   "mentoring": "育人工作量", "dynamic": "动态工作量"}
PAY_ORDER = ("计量计酬", "计量不计酬")
PAID, UNPAID = PAY_ORDER
NO_SCOPE = "当前账号没有数据汇总的权限"
UNKNOWN_ITEM = "汇总项“{key}”不存在"
UNKNOWN_FIELD = "导出字段“{key}”不存在"
BASE_FIELDS = {"account": "账号", "name": "教职工", "unit": "所属部门"}
TOTAL_FIELDS = {"paid_total": "计量计酬合计", "unpaid_total": "计量不计酬合计", "total": "总计"}
DETAIL_FIELDS = {"account": "账号", "name": "教职工", "unit": "所属部门", "record_type": "业绩类别",
                 "title": "业绩名称", "workload": "工作量", "approved_at": "审核通过时间", "record_id": "记录编号"}


@dataclass(frozen=True)
class Item:
    """A summary item: the record types of one (category, 计酬属性) pair (catalog §5.5)."""

    key: str            # "teaching-paid", "teaching-unpaid", …
    label: str          # 教学教研工作量（计量计酬）
    category: str
    pay_attribute: str


@dataclass(frozen=True)
class Fact:
    """One approved record as the summary sees it (also the frozen snapshot's record entry)."""

    record_id: int
    owner_id: int
    account: str
    name: str
    unit_id: int | None
    unit: str | None
    record_type: str
    type_name: str
    category: str
    pay_attribute: str
    title: str | None
    workload: float
    dept_lane: str | None
    approved_at: str | None


def summary_items(session: Session) -> list[Item]:
    """Every (category, 计酬属性) pair with at least one workload type, in the catalog's order."""
    pairs = set(session.execute(select(RecordType.category, RecordType.pay_attribute)
                                .where(RecordType.family == "workload")).all())
    order = list(CATEGORY_LABELS)
    ranked = sorted(pairs, key=lambda p: (order.index(p[0]) if p[0] in order else len(order), p[0],
                                          PAY_ORDER.index(p[1]) if p[1] in PAY_ORDER else 2))
    return [Item(item_key(c, p), f"{CATEGORY_LABELS.get(c, c)}（{p}）", c, p) for c, p in ranked]


def item_key(category: str, pay_attribute: str | None) -> str:
    return f"{category}-{'paid' if pay_attribute == PAID else 'unpaid'}"


# ------------------------------------------------------------------ facts

def live_facts(session: Session, year: int) -> list[Fact]:
    """Every approved workload record of ``year``, unscoped (scope is applied by ``in_scope``)."""
    query = (select(Record.id, Record.owner_id, User.account, User.name, Record.owner_unit_id, Unit.name,
                    Record.record_type_code, RecordType.name, Record.category, RecordType.pay_attribute,
                    Record.title, Record.workload, Record.dept_lane, Record.approved_at)
             .join(User, User.id == Record.owner_id).join(RecordType, RecordType.code == Record.record_type_code)
             .outerjoin(Unit, Unit.id == Record.owner_unit_id)
             .where(Record.status == "approved", Record.assessment_year == year, RecordType.family == "workload")
             .order_by(User.account, Record.id))
    return [Fact(rid, oid, acc, name, uid, uname, code, tname, cat, pay or PAID, title,
                 float(workload or 0), lane, approved.isoformat() if approved else None)
            for rid, oid, acc, name, uid, uname, code, tname, cat, pay, title, workload, lane, approved
            in session.execute(query)]


def in_scope(principal: Principal, facts: Iterable[Fact]) -> list[Fact]:
    """The facts the caller may see in 数据汇总 (catalog §5.5 scope). Raises PermissionDenied for a
    caller with none of the three roles."""
    if principal.has_role(*HR_ROLES):
        return list(facts)
    unit_grants = principal.grants_for("unit_admin")
    dept_units = {g.unit_name for g in principal.grants_for("dept_reviewer")}
    if not unit_grants and not dept_units:
        raise PermissionDenied(NO_SCOPE)
    return [f for f in facts
            if any(g.unit_id == f.unit_id and g.covers_category(f.category) for g in unit_grants)
            or (f.dept_lane is not None and f.dept_lane in dept_units)]


def year_or_default(session: Session, year: int | None) -> int:
    """``year``, or when none is asked for the default 考核年度 (``default_assessment_year``: the maintained
    setting, else the calendar year), so that 汇总 opens on the year new records start in (catalog §1.3.0)."""
    return default_assessment_year(session) if year is None else year


def facts_for(session: Session, principal: Principal, year: int) -> tuple[list[Fact], WorkloadSettlement | None]:
    """The caller's facts of ``year``: from the 结算 snapshot when the year is closed, else live."""
    settlement = session.scalar(select(WorkloadSettlement).where(WorkloadSettlement.assessment_year == year))
    facts = [Fact(**entry) for entry in settlement.records] if settlement is not None else live_facts(session, year)
    return in_scope(principal, facts), settlement


def _filtered(facts: Sequence[Fact], unit_id: int | None, q: str | None) -> list[Fact]:
    out = [f for f in facts if unit_id is None or f.unit_id == unit_id]
    if q:
        needle = q.strip()
        out = [f for f in out if needle in f.name or needle == f.account or f.account.startswith(needle)]
    return out


# ------------------------------------------------------------------ 工作量汇总

def aggregate(facts: Iterable[Fact], items: Sequence[Item]) -> list[dict[str, Any]]:
    """One row per teacher: ``{"account", "name", "unit", "unit_id", "items": {key: total},
    "paid_total", "unpaid_total", "total"}``, sorted by account. Sums are exact to 0.01."""
    rows: dict[int, dict[str, Any]] = {}
    for f in facts:
        row = rows.setdefault(f.owner_id, {"account": f.account, "name": f.name, "unit": f.unit, "unit_id": f.unit_id,
                                           "items": {i.key: Decimal(0) for i in items}})
        key = item_key(f.category, f.pay_attribute)
        row["items"][key] = row["items"].get(key, Decimal(0)) + Decimal(str(f.workload))
    by_key = {i.key: i for i in items}
    out = []
    for row in sorted(rows.values(), key=lambda r: r["account"]):
        paid = sum((v for k, v in row["items"].items() if k in by_key and by_key[k].pay_attribute == PAID), Decimal(0))
        unpaid = sum((v for k, v in row["items"].items() if k in by_key and by_key[k].pay_attribute != PAID), Decimal(0))
        row["items"] = {k: float(v) for k, v in row["items"].items()}
        row.update(paid_total=float(paid), unpaid_total=float(unpaid), total=float(paid + unpaid))
        out.append(row)
    return out


def workload_summary(principal: Principal, *, year: int | None = None, unit_id: int | None = None, q: str | None = None,
                     page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """工作量汇总页面 (catalog §5.5).

    Args:
        year: 考核年度; none: the default 考核年度 (``year_or_default``), named in the answer's ``year``.
        unit_id: 所属部门 filter (HR; ignored outside the caller's scope anyway).
        q: 姓名 (substring) or 账号 (prefix).

    Returns:
        ``{"year", "frozen": bool, "closed_at", "items": [{"key", "label"}], "items_total": {key: sum},
        "rows": [{"account", "name", "unit", "unit_id", "items": {key: 工作量}, "paid_total",
        "unpaid_total", "total"}], "total": teachers, "page", "page_size", "totals": {"paid_total",
        "unpaid_total", "total"}}``; 工作量 as numbers (2 decimals).

    Raises:
        PermissionDenied: the caller is no unit admin, department reviewer or HR.

    Source: catalog §5.5; §1.3.0 (the default 考核年度); §7.6 (the frozen year).
    """
    page, page_size = max(page, 1), min(max(page_size, 1), 500)
    with unit_of_work() as session:
        year = year_or_default(session, year)
        facts, settlement = facts_for(session, principal, year)
        items = summary_items(session)
    rows = aggregate(_filtered(facts, unit_id, q), items)
    totals = {k: round(sum(r[k] for r in rows), 2) for k in TOTAL_FIELDS}
    items_total = {i.key: round(sum(r["items"][i.key] for r in rows), 2) for i in items}
    return {"year": year, "frozen": settlement is not None, "closed_at": settlement.closed_at if settlement else None,
            "items": [{"key": i.key, "label": i.label} for i in items], "items_total": items_total,
            "rows": rows[(page - 1) * page_size: page * page_size], "total": len(rows), "page": page,
            "page_size": page_size, "totals": totals}


def item_detail(principal: Principal, *, item: str, year: int | None = None, unit_id: int | None = None,
                q: str | None = None) -> dict[str, Any]:
    """The page of one summary item: every approved record of its types, grouped by teacher with a
    subtotal (catalog §5.5 「也可以查看每位教师的详细填写信息」).

    Args:
        year: 考核年度; none: the default 考核年度 (``year_or_default``), named in the answer's ``year``.

    Returns:
        ``{"year", "frozen", "item": {"key", "label"}, "groups": [{"account", "name", "unit", "subtotal",
        "records": [{"record_id", "record_type", "type_name", "title", "workload", "approved_at"}]}],
        "total": sum}``.

    Raises:
        ValidationFailed: unknown ``item``. PermissionDenied: as ``workload_summary``.

    Source: catalog §5.5; §1.3.0 (the default 考核年度).
    """
    with unit_of_work() as session:
        year = year_or_default(session, year)
        facts, settlement = facts_for(session, principal, year)
        chosen = _item(summary_items(session), item)
    groups: dict[int, dict[str, Any]] = {}
    for f in _filtered(facts, unit_id, q):
        if item_key(f.category, f.pay_attribute) != chosen.key:
            continue
        group = groups.setdefault(f.owner_id, {"account": f.account, "name": f.name, "unit": f.unit,
                                               "subtotal": Decimal(0), "records": []})
        group["subtotal"] += Decimal(str(f.workload))
        group["records"].append({"record_id": f.record_id, "record_type": f.record_type, "type_name": f.type_name,
                                 "title": f.title, "workload": f.workload, "approved_at": f.approved_at})
    ordered = sorted(groups.values(), key=lambda g: g["account"])
    total = sum((g["subtotal"] for g in ordered), Decimal(0))
    for g in ordered:
        g["subtotal"] = float(g["subtotal"])
    return {"year": year, "frozen": settlement is not None, "item": {"key": chosen.key, "label": chosen.label},
            "groups": ordered, "total": float(total)}


# ------------------------------------------------------------------ 导出

def list_items(principal: Principal) -> list[dict[str, str]]:
    """The summary items, each a page of 数据汇总 after 工作量汇总页面 (catalog §5.5 「Left menu」):
    ``[{"key", "label"}]`` in the catalog's order, e.g. ``{"key": "teaching-paid", "label":
    "教学教研工作量（计量计酬）"}``.

    Raises:
        PermissionDenied: the caller is no unit admin, department reviewer or HR (as ``workload_summary``).
    """
    in_scope(principal, ())
    with unit_of_work() as session:
        return [{"key": i.key, "label": i.label} for i in summary_items(session)]


def export_fields(principal: Principal, *, item: str | None = None) -> list[dict[str, str]]:
    """The field chooser's checkboxes (全选 = all of them), in column order: ``[{"key", "label"}]``."""
    with unit_of_work() as session:
        items = summary_items(session)
    if item is not None:
        _item(items, item)
        return [{"key": k, "label": v} for k, v in DETAIL_FIELDS.items()]
    return ([{"key": k, "label": v} for k, v in BASE_FIELDS.items()] + [{"key": i.key, "label": i.label} for i in items]
            + [{"key": k, "label": v} for k, v in TOTAL_FIELDS.items()])


def export_summary(principal: Principal, *, year: int | None = None, fields: Sequence[str] | None = None, item: str | None = None,
                   unit_id: int | None = None, q: str | None = None) -> tuple[bytes, str]:
    """导出 (catalog §5.5 「选择所有字段，再点击“导出”」): the 工作量汇总 (or one item's records) as xlsx,
    with the chosen fields in chooser order (all when ``fields`` is empty). Frozen years export
    their snapshot. Cells are typed: 工作量 as numbers; text is never a formula.

    Args:
        year: 考核年度; none: the default 考核年度, as on the pages (the browser sends the year it shows).

    Returns:
        ``(xlsx bytes, "工作量汇总-2025.xlsx" | "<汇总项>-2025.xlsx")``.

    Raises:
        ValidationFailed: an unknown field or item. PermissionDenied: as ``workload_summary``.

    Source: catalog §5.5; §1.3.0 (the default 考核年度).
    """
    choices = export_fields(principal, item=item)
    known = [c["key"] for c in choices]
    unknown = [f for f in (fields or []) if f not in known]
    if unknown:
        message = UNKNOWN_FIELD.format(key=str(unknown[0])[:40])
        raise ValidationFailed(message, errors=[{"field": "fields", "message": message}])
    chosen = [c for c in choices if not fields or c["key"] in fields]
    headers = [c["label"] for c in chosen]
    if item is None:
        year, rows = _all_rows(principal, year, unit_id, q)
        body = [[row["items"].get(c["key"]) if c["key"] in row["items"] else row.get(c["key"]) for c in chosen]
                for row in rows]
        title, total_of = f"工作量汇总-{year}", ("总计" if "total" in [c["key"] for c in chosen] else None)
    else:
        detail = item_detail(principal, year=year, item=item, unit_id=unit_id, q=q)
        body = [[{"account": g["account"], "name": g["name"], "unit": g["unit"], **r}.get(c["key"]) for c in chosen]
                for g in detail["groups"] for r in g["records"]]
        title = f"{detail['item']['label']}-{detail['year']}"
        total_of = "工作量" if "workload" in [c["key"] for c in chosen] else None
    content = build_workbook([SheetSpec(title=title, headers=headers, rows=body, total_of=total_of)])
    return content, f"{title}.xlsx"


def _all_rows(principal: Principal, year: int | None, unit_id: int | None,
              q: str | None) -> tuple[int, list[dict[str, Any]]]:
    with unit_of_work() as session:
        year = year_or_default(session, year)
        facts, _settlement = facts_for(session, principal, year)
        items = summary_items(session)
    return year, aggregate(_filtered(facts, unit_id, q), items)


def _item(items: Sequence[Item], key: str) -> Item:
    found = next((i for i in items if i.key == key), None)
    if found is None:
        message = UNKNOWN_ITEM.format(key=str(key)[:40])
        raise ValidationFailed(message, errors=[{"field": "item", "message": message}])
    return found


def fact_entries(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """Facts as JSON for the snapshot."""
    return [asdict(f) for f in facts]
