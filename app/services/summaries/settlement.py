"""工作量结算 (catalog §7.6): HR closes a 考核年度.

Every approved workload record of the year becomes cited (``settlement``, catalog §3.5: no 撤回, edit
or delete afterwards) and the year's 汇总 is frozen as a snapshot (``workload_settlement``) that the
summary pages and 导出 read from then on.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.auth.principal import Principal
from app.errors import InvalidState, PermissionDenied, ValidationFailed
from app.models import Record, WorkloadSettlement
from app.services.audit import audit
from app.services.records.citations import add_citation
from app.services.uow import unit_of_work

from .workload_summary import aggregate, fact_entries, live_facts, summary_items

ALREADY_CLOSED = "{year} 年度工作量已结算"
HR_ADMIN_ONLY = "只有人力资源部管理员可以进行工作量结算"
YEAR_RANGE = "考核年度应在 2000 至 2100 之间"


def settlement_ref(year: int) -> str:
    """The citation reference of a year's settlement, e.g. 「2025年度工作量结算」."""
    return f"{year}年度工作量结算"


def close_year(principal: Principal, year: int) -> dict[str, Any]:
    """工作量结算 of ``year``, in one transaction: cite every approved workload record of the year and
    keep the 汇总 snapshot (per-record facts, items and per-teacher rows).

    Returns:
        ``{"year", "closed_at", "record_count", "teacher_count"}``.

    Raises:
        PermissionDenied: the caller is not 人力资源部 admin (``hr_admin``).
        InvalidState: the year is already closed (「2025 年度工作量已结算」, 409).
        ValidationFailed: ``year`` outside 2000–2100.

    Source: catalog §7.6; §3.5 (the citation lock).
    """
    if not principal.has_role("hr_admin"):
        raise PermissionDenied(HR_ADMIN_ONLY)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(YEAR_RANGE, errors=[{"field": "year", "message": YEAR_RANGE}])
    with unit_of_work() as session:
        if session.scalar(select(WorkloadSettlement.id).where(WorkloadSettlement.assessment_year == year)) is not None:
            raise InvalidState(ALREADY_CLOSED.format(year=year))
        facts = live_facts(session, year)
        ids = [f.record_id for f in facts]
        for start in range(0, len(ids), 500):
            records = session.scalars(select(Record).where(Record.id.in_(ids[start:start + 500]))
                                      .with_for_update(of=Record).execution_options(populate_existing=True))
            for record in records:
                add_citation(record, kind="settlement", ref=settlement_ref(year), by=principal.user_id)
        items = summary_items(session)
        rows = aggregate(facts, items)
        settlement = WorkloadSettlement(assessment_year=year, closed_by_id=principal.user_id, record_count=len(facts),
                                        items=[{"key": i.key, "label": i.label} for i in items], rows=rows,
                                        records=fact_entries(facts))
        session.add(settlement)
        session.flush()
        audit(session, principal.user_id, "settlement.close", "workload_settlement", year,
              records=len(facts), teachers=len(rows))
        return {"year": year, "closed_at": settlement.closed_at, "record_count": len(facts), "teacher_count": len(rows)}


def list_settlements(principal: Principal) -> list[dict[str, Any]]:
    """Closed years, newest first (HR only): ``[{"year", "closed_at", "record_count", "teacher_count"}]``."""
    if not principal.has_role("hr_admin", "hr_reviewer"):
        raise PermissionDenied(HR_ADMIN_ONLY)
    with unit_of_work() as session:
        return [{"year": s.assessment_year, "closed_at": s.closed_at, "record_count": s.record_count,
                 "teacher_count": len(s.rows)}
                for s in session.scalars(select(WorkloadSettlement).order_by(WorkloadSettlement.assessment_year.desc()))]
