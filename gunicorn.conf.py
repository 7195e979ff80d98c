"""The production web server's settings (``make serve``; README "Production line-up").

gthread workers: each worker process runs ``GUNICORN_THREADS`` request threads and keeps client
connections alive, so a reviewer's page of requests reuses one connection. The defaults fit one
process per core; every value can be overridden from the environment.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count())
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # seconds an idle connection is kept
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # seconds before a silent worker is restarted
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # 0: workers are never recycled
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
wsgi_app = "app:create_app()"


def child_exit(server, worker):
    """A worker that exits leaves its /metrics latency files behind in PROMETHEUS_MULTIPROC_DIR: mark them."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)
