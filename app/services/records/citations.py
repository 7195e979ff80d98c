"""The citation lock: downstream uses that make an approved record read-only (catalog §3.5).

A record is *cited* while ``Record.cited_by`` is not empty. A cited record cannot be withdrawn,
deleted, edited or adjusted. Citations come from a title application (职称申报), a 工作量结算 that
HR locked for a 考核年度, or a teacher-information 上报 batch.
"""
from __future__ import annotations

from sqlalchemy import select

from app import messages
from app.auth.principal import Principal
from app.errors import InvalidState, NotFound, ValidationFailed
from app.models import Record, utcnow
from app.vocabulary import RecordStatus

from app.services import scope
from app.services.uow import unit_of_work

KINDS = tuple(messages.CITATION_KIND_LABELS)      # title_application | settlement | info_report
MAX_REF = 100


def cite_record(principal: Principal, record_id: int, *, kind: str, ref: str) -> Record:
    """Mark an approved record as cited by a downstream use (引用).

    Citing the same ``(kind, ref)`` twice adds nothing. The route restricts the call to 人力资源部
    admins (``hr_admin``); this function checks the record.

    Args:
        principal: the caller; the record must be in their scope.
        record_id: an ``approved`` record.
        kind: ``title_application`` (职称申报) | ``settlement`` (工作量结算) | ``info_report`` (上报).
        ref: the citing document's reference, e.g. an application or batch number (≤ 100 characters).

    Returns:
        The record, with the citation appended to ``cited_by``.

    Raises:
        NotFound: no such record in the caller's scope.
        InvalidState: the record is not approved (「只有审核通过的业绩才能被引用」).
        ValidationFailed: unknown ``kind``, or ``ref`` empty or too long.

    Source: catalog §3.5; §3.1 (only approved records may be cited).
    """
    kind, ref = _checked(kind, ref)
    with unit_of_work() as session:
        record = session.scalar(select(Record).where(Record.id == record_id, scope.record_visibility(principal))
                                .with_for_update(of=Record).execution_options(populate_existing=True))
        if record is None:
            raise NotFound(messages.NOT_FOUND)
        if record.status != RecordStatus.APPROVED:
            raise InvalidState(messages.CITE_NOT_APPROVED)
        add_citation(record, kind=kind, ref=ref, by=principal.user_id)
    return record


def add_citation(record: Record, *, kind: str, ref: str, by: int) -> None:
    """Append ``{"kind", "ref", "at", "by"}`` to ``record.cited_by`` inside the caller's transaction.

    For services that cite many records at once (a 工作量结算 locking a year). A new list object is
    assigned so the JSON column is seen as changed; a repeated ``(kind, ref)`` is ignored.
    """
    entries = list(record.cited_by or [])
    if any(e.get("kind") == kind and e.get("ref") == ref for e in entries):
        return
    entries.append({"kind": kind, "ref": ref, "at": utcnow().isoformat(), "by": by})
    record.cited_by = entries


def _checked(kind: str, ref: str) -> tuple[str, str]:
    if kind not in KINDS:
        raise ValidationFailed(messages.CITATION_KIND_INVALID,
                               errors=[{"field": "kind", "message": messages.CITATION_KIND_INVALID}])
    ref = (ref or "").strip()
    if not ref or len(ref) > MAX_REF:
        message = messages.CITATION_REF_REQUIRED if not ref else messages.CITATION_REF_TOO_LONG.format(n=MAX_REF)
        raise ValidationFailed(message, errors=[{"field": "ref", "message": message}])
    return kind, ref
