"""Outbox relay and delivery (architecture.md §3: at-least-once, idempotent consumers)."""
from celery import shared_task

from app.services.messaging import notifications


@shared_task(name="outbox.deliver", bind=True, acks_late=True, max_retries=8)
def deliver_outbox_message(self, message_id: int) -> int:
    """Deliver one outbox row; delivering it twice has no extra effect."""
    try:
        return notifications.deliver(message_id)
    except Exception as exc:  # noqa: BLE001 - counted on the row, retried with back-off
        notifications.record_failure(message_id, repr(exc))
        raise self.retry(exc=exc, countdown=min(30 * 2 ** self.request.retries, 3600)) from exc


@shared_task(name="outbox.relay", bind=True)
def relay_outbox(self) -> int:
    """Hand every due outbox row to ``outbox.deliver`` of the same Celery app (beat runs this every few
    seconds; without a broker it runs in-process, and so does the delivery)."""
    deliver = self.app.tasks["outbox.deliver"]
    return notifications.relay_pending(lambda message_id: deliver.delay(message_id))
