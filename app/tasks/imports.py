"""The import commit job (catalog §4.1 step 6): a thin adapter around ``unit_imports.run_commit``."""
from celery import shared_task

from app.services.imports import unit_imports


@shared_task(name="imports.commit")
def commit_import(batch_id: int) -> int:
    """Commit every valid row of batch ``batch_id`` in one transaction; returns the records created.

    Not retried: a failure leaves nothing behind and marks the batch 导入失败; the admin starts again.
    """
    return unit_imports.run_commit(batch_id)
