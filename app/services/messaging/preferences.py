"""A person's notification preferences: which events also come by e-mail (catalog §3.9; in-app always)."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationFailed
from app.extensions import db
from app.models import NotificationPreference

from app.services.messaging.templates import EVENT_LABELS
from app.services.uow import unit_of_work


def email_preferences(user_id: int) -> list[dict[str, object]]:
    """Every event with its label and whether it comes by e-mail (default: yes).

    Returns:
        ``[{"event_type", "label", "email"}]`` in the order of ``EVENT_LABELS``.
    """
    stored = {p.event_type: p.email for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    return [{"event_type": event, "label": label, "email": stored.get(event, True)}
            for event, label in EVENT_LABELS.items()]


def set_email_preferences(user_id: int, choices: Mapping[str, bool]) -> list[dict[str, object]]:
    """Store the caller's e-mail choices (events not named keep theirs); one transaction.

    Raises:
        ValidationFailed: an unknown event type (422).
    """
    unknown = sorted(set(choices) - set(EVENT_LABELS))
    if unknown:
        raise ValidationFailed("未知的通知类型", errors=[{"field": name, "message": "未知的通知类型"} for name in unknown])
    with unit_of_work() as session:
        for event, wanted in choices.items():
            row = session.get(NotificationPreference, (user_id, event))
            if row is None:
                session.add(NotificationPreference(user_id=user_id, event_type=event, email=bool(wanted)))
            else:
                row.email = bool(wanted)
    return email_preferences(user_id)


def email_opt_outs(session: Session, user_ids: set[int], event_type: str) -> set[int]:
    """Those of ``user_ids`` who turned e-mail off for ``event_type``."""
    if not user_ids:
        return set()
    return set(session.scalars(select(NotificationPreference.user_id).where(
        NotificationPreference.user_id.in_(user_ids), NotificationPreference.event_type == event_type,
        NotificationPreference.email.is_(False))))


__all__ = ["email_opt_outs", "email_preferences", "set_email_preferences"]
