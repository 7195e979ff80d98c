"""The worker heartbeat behind ``hrperf_worker_heartbeat_*`` in /metrics: a worker writes the Unix time to
Redis when it starts and after every task it runs (beat sends the outbox relay every few seconds, so a
live worker refreshes it at least that often)."""
from __future__ import annotations

import logging
import time

from celery import current_app as current_celery
from celery.signals import task_postrun, worker_ready

log = logging.getLogger(__name__)


def beat(**_kwargs) -> None:
    """Store ``time.time()`` under the deployment's heartbeat key (no broker: nothing to do)."""
    from app.services.operations.figures import HEARTBEAT_KEY
    conf = current_celery.conf
    url = conf.broker_url
    if not url or not str(url).startswith("redis"):
        return
    import redis
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).set(
            HEARTBEAT_KEY.format(queue=conf.task_default_queue or "celery"), f"{time.time():.3f}", ex=3600)
    except redis.RedisError as exc:
        log.warning("worker heartbeat not written: %s", exc)


worker_ready.connect(beat, weak=False)
task_postrun.connect(beat, weak=False)
