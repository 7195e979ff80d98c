"""Celery wired to the Flask app: every task runs inside an app context (Flask's Celery pattern)."""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.config_from_object(app.config["CELERY"])
    celery.set_default()
    app.extensions["celery"] = celery
    from app.tasks import attachments as _attachment_tasks  # noqa: F401  (registers the tasks)
    from app.tasks import imports as _import_tasks  # noqa: F401
    from app.tasks import deadlines as _deadline_tasks  # noqa: F401
    from app.tasks import outbox as _outbox_tasks  # noqa: F401
    from app.tasks import heartbeat as _heartbeat  # noqa: F401  (the worker heartbeat of /metrics)
    return celery
