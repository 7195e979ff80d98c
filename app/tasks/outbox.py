"""Outbox relay and delivery (architecture.md §3: at-least-once, idempotent consumers).

Follow-up messages go through the Celery app running the task (``self.app``), never through Celery's
process-wide default app: every ``create_app`` makes its own Celery app the default, so in a process
holding more than one Flask app the default may belong to another app (another database connection,
another broker), and an in-process relay would hand its rows to that app instead of delivering them.
"""
from celery import shared_task

from app.services.messaging import notifications


@shared_task(name="outbox.deliver", acks_late=True, bind=True)
def deliver_outbox_message(self, message_id: int) -> int:
    """Deliver one outbox row (in-app rows, or one e-mail); a failure is counted on the row and the
    relay retries it with back-off. E-mail rows made by the delivery are sent on at once."""
    made, follow_ups = notifications.deliver_or_record(message_id)
    for follow_up in follow_ups:
        self.app.tasks["outbox.deliver"].delay(follow_up)
    return made


@shared_task(name="outbox.deliver_batch", acks_late=True, bind=True)
def deliver_outbox_batch(self, message_ids: list[int]) -> int:
    """Deliver a chunk of outbox rows in one transaction (e-mails one by one); as ``outbox.deliver``."""
    made, follow_ups = notifications.deliver_many_or_record(list(message_ids))
    for follow_up in follow_ups:
        self.app.tasks["outbox.deliver"].delay(follow_up)
    return made


@shared_task(name="outbox.relay", bind=True)
def relay_outbox(self) -> int:
    """Hand every due outbox row to the workers in chunks (beat runs this every few seconds), through
    the Celery app running the relay."""
    deliver, deliver_batch = self.app.tasks["outbox.deliver"], self.app.tasks["outbox.deliver_batch"]
    return notifications.relay_pending(lambda message_id: deliver.delay(message_id),
                                       send_many=lambda ids: deliver_batch.delay(ids))
