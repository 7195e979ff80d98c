"""/metrics: Prometheus text format (prometheus_client) for operators and the scraper (issue 14 item 2).

Access: a caller acting as 运维人员, or ``Authorization: Bearer <METRICS_TOKEN>`` when the deployment sets
``METRICS_TOKEN``; anyone else gets the 404 envelope. The database figures are read at each scrape
(``operations.figures``); request latency is measured here, per endpoint. Under gunicorn with several
workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder: every worker then writes its latency there
and each scrape adds them up (prometheus_client's multiprocess mode; gunicorn.conf.py tidies up after
a worker exits).
"""
from __future__ import annotations

import hmac
import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_login import current_user
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from app import messages
from app.errors import NotFound
from app.services.operations.figures import Figures, figures
from app.vocabulary import Role

blp = Blueprint("metrics", __name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class FiguresCollector(Collector):
    """Yields the database figures as metric families at each scrape."""

    def collect(self):
        yield from families(figures())


def families(f: Figures):
    """The metric families of one :class:`Figures` snapshot."""
    instances = GaugeMetricFamily("hrperf_process_instances", "Process instances by status", labels=["status"])
    for status, count in f.instances.items():
        instances.add_metric([status], count)
    yield instances
    tasks = GaugeMetricFamily("hrperf_open_tasks", "Open review tasks by lane", labels=["lane"])
    for lane, count in f.open_tasks.items():
        tasks.add_metric([lane], count)
    yield tasks
    age = HistogramMetricFamily("hrperf_open_task_age_seconds", "Age of open review tasks")
    age.add_metric([], [(str(bound * 3600), count) for bound, count in f.task_age_buckets]
                   + [("+Inf", f.task_age_count)], sum_value=f.task_age_sum_seconds)
    yield age
    yield GaugeMetricFamily("hrperf_outbox_backlog", "Outbox rows waiting for delivery", value=f.outbox_pending)
    yield GaugeMetricFamily("hrperf_outbox_failed", "Outbox rows that failed for good", value=f.outbox_failed)
    yield GaugeMetricFamily("hrperf_open_incidents", "Unresolved process incidents", value=f.open_incidents)
    yield GaugeMetricFamily("hrperf_broker_up", "1 when the Celery broker (Redis) answered",
                            value=0 if f.queue_length is None else 1)
    if f.queue_length is not None:
        yield GaugeMetricFamily("hrperf_celery_queue_length", "Messages waiting in the Celery queue",
                                value=f.queue_length)
    if f.heartbeat_at is not None:
        yield GaugeMetricFamily("hrperf_worker_heartbeat_timestamp_seconds",
                                "Unix time of the last worker heartbeat", value=f.heartbeat_at)
        yield GaugeMetricFamily("hrperf_worker_heartbeat_age_seconds", "Seconds since the last worker heartbeat",
                                value=max(0.0, f.measured_at - f.heartbeat_at))


def _registry(app: Flask) -> CollectorRegistry:
    """The app's registry, or, in multiprocess mode, a fresh one reading every worker's files."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return app.extensions["metrics_registry"]
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(FiguresCollector())
    return registry


@blp.get("/metrics")
def metrics():
    """Prometheus text exposition (``text/plain; version=0.0.4``). 404 unless operator or scrape token."""
    if not _allowed():
        raise NotFound(messages.NOT_FOUND)
    return Response(generate_latest(_registry(current_app)), mimetype=CONTENT_TYPE_LATEST)


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    if token and header.lower().startswith("bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    if not current_user.is_authenticated:
        return False
    from .security import current_principal
    return current_principal().has_role(Role.OPERATOR)


def init_metrics(app: Flask) -> None:
    """The app's metric registry (the figures collector and the request-latency histogram) and the
    request hooks that time every request by endpoint."""
    registry = CollectorRegistry()         # the figures collector is read at scrape time only
    registry.register(FiguresCollector())
    shared = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))      # values go to the folder's files
    latency = Histogram("hrperf_request_duration_seconds", "Request latency by endpoint",
                        ["endpoint", "method"], buckets=LATENCY_BUCKETS, registry=None if shared else registry)
    app.extensions["metrics_registry"] = registry
    app.register_blueprint(blp)

    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.pop("request_started", None)
        if started is not None:
            latency.labels(request.endpoint or "unmatched", request.method).observe(time.perf_counter() - started)
        return response
