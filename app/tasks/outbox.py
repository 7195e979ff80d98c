"""Outbox relay and delivery (architecture.md §3: at-least-once, idempotent consumers)."""
from celery import shared_task

from app.services.messaging import notifications


@shared_task(name="outbox.deliver", acks_late=True)
def deliver_outbox_message(message_id: int) -> int:
    """Deliver one outbox row (in-app rows, or one e-mail); a failure is counted on the row and the
    relay retries it with back-off. E-mail rows made by the delivery are sent on at once."""
    made, follow_ups = notifications.deliver_or_record(message_id)
    for follow_up in follow_ups:
        deliver_outbox_message.delay(follow_up)
    return made


@shared_task(name="outbox.deliver_batch", acks_late=True)
def deliver_outbox_batch(message_ids: list[int]) -> int:
    """Deliver a chunk of outbox rows in one transaction (e-mails one by one); as ``outbox.deliver``."""
    made, follow_ups = notifications.deliver_many_or_record(list(message_ids))
    for follow_up in follow_ups:
        deliver_outbox_message.delay(follow_up)
    return made


@shared_task(name="outbox.relay")
def relay_outbox() -> int:
    """Hand every due outbox row to the workers in chunks (beat runs this every few seconds)."""
    return notifications.relay_pending(lambda message_id: deliver_outbox_message.delay(message_id),
                                       send_many=lambda ids: deliver_outbox_batch.delay(ids))
