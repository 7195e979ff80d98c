"""Attachment housekeeping (catalog §0.4): beat runs the sweep hourly."""
from celery import shared_task

from app.services.files import attachment_sweep


@shared_task(name="attachments.sweep")
def sweep_attachments() -> int:
    """Soft-delete child-list files left in no row for a day; returns the rows swept."""
    return attachment_sweep.sweep_unplaced_attachments().attachments
