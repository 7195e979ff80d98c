"""The audit trail of administrative actions (catalog §3.8) on the shared ``audit_event`` table."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import AuditEvent


def audit(session: Session, actor_id: int, action: str, subject_type: str, subject_id: object, *,
          target_user_id: int | None = None, **detail: object) -> None:
    """Add an ``audit_event`` row to the caller's transaction (kept only if the action commits).

    Args:
        actor_id: the user who acted.
        action: e.g. ``import.upload``, ``import.commit``, ``settlement.close``.
        subject_type / subject_id: what was acted on, e.g. ``import_batch`` / 12; stored in ``detail``
            as ``{"subject": "import_batch:12", …}``.
        target_user_id: the account acted on, when the action concerns one (account administration).
        detail: small JSON-able facts (file name, sha256, counts).
    """
    session.add(AuditEvent(actor_id=actor_id, action=action, target_user_id=target_user_id,
                           detail={"subject": f"{subject_type}:{subject_id}", **detail}))
