"""调整: replace a child list (病案列表, 参考文献) of a submitted record (catalog §3.6, §3.2 transition 17).

The header stays locked; only the named list changes. The list must still pass its rules (minimum
counts, the 5-year window, one file per reference). Every adjustment is an 审核记录 row with the row
counts before and after; an adjustment while 审核中 marks the record 已调整 for the reviewer.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, StaleVersion, ValidationFailed
from app.models import Record, ReviewEvent
from app.vocabulary import ADJUSTABLE_STATUSES, Lane, RecordStatus, ReviewAction

from app.services import locks
from app.services import scope
from app.definitions.preparation import number_rows
from app.services.deployment import form_of
from app.services.records.record_data import validate_child_list
from app.services.uow import unit_of_work


def adjust_child_list(principal: Principal, record_id: int, *, field: str, rows: Sequence[Mapping[str, Any]],
                      version: int | None = None) -> Record:
    """调整 one child list: ``rows`` (in display order, ↑/↓ already applied) replace the stored list.

    Args:
        principal: the record's applicant.
        record_id: a record in 审核中 or 审核通过 whose type lists ``field`` in ``adjustable_lists``.
        field: the child list, e.g. ``"cases"`` (病案列表) or ``"references"`` (参考文献).
        rows: the whole new list; ``order`` (序号) is renumbered by the server.
        version: optional optimistic-lock check.

    Raises:
        NotFound: not the caller's record. StaleVersion: stale ``version``.
        InvalidState: wrong status, a list that is not adjustable for this record (e.g. 是否模板录入 =
            否), or a cited record (「该业绩已被引用，不能调整」).
        ValidationFailed: the list breaks its rules, one error per row and field.

    Source: catalog §3.6, §1.4.8 (A20–A22), §9 Q17.
    """
    with unit_of_work() as session:
        record = scope.applicant_record(session, principal, record_id, lock=True)
        if version is not None and version != record.version:
            raise StaleVersion(messages.STALE_RECORD)
        if record.status not in ADJUSTABLE_STATUSES:
            raise InvalidState(messages.NOT_ADJUSTABLE)
        locks.ensure_not_cited(record, "调整")
        form = form_of(session, record.form_version_id)
        if not form.is_adjustable(field, record.data):
            raise InvalidState(messages.NOT_ADJUSTABLE)
        if not isinstance(rows, Sequence) or isinstance(rows, (str, bytes)):
            raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=1),
                                   errors=[{"field": field, "message": "调整内容必须是列表"}])
        before = len(record.data.get(field) or [])
        data = dict(record.data) | {field: number_rows(form, field, list(rows))}
        validate_child_list(session, record, form, data, field)
        record.data = data
        if record.status == RecordStatus.IN_REVIEW:
            record.is_adjusted = True
        label = form.label(field)
        session.add(ReviewEvent(record_id=record.id, actor_id=principal.user_id, lane=Lane.APPLICANT,
                                step_name=Lane.APPLICANT.label, unit_id=record.owner_unit_id, action=ReviewAction.ADJUST,
                                comment=f"{label}：{before} 条 → {len(data[field])} 条"))
    return record

