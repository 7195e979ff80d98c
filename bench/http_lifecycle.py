"""Benchmark: full record lifecycles over real HTTP against the production server, vs. the bare engine.

Starts ``gunicorn -c gunicorn.conf.py`` (the server ``make serve`` runs) on a PostgreSQL database and
drives the seed-000 T04 lifecycle of bench/lifecycle.py with keep-alive clients: 赵志睿 submits, then
教师工作部, 教务部 and 人力资源部 each read their inbox and approve (7 requests). Two line-ups are
measured in the same run: one worker with one client, and workers = cores with ``--clients`` clients.
The bare engine (bench/lifecycle.py's ``engine_lifecycles``) runs in this process in the same run,
and the ratio of time per lifecycle is printed.

    python bench/http_lifecycle.py [-n 200] [--clients 3] [--database-url postgresql://…]

The database is ``--database-url``, else ``DATABASE_URL``, else ``postgresql://postgres@127.0.0.1/test``
(a schema of its own, dropped afterwards). Notifications are queued on Redis (``REDIS_URL``, default
the local server) under a queue of this run's own that nobody consumes, as in production where a
worker delivers them; the queue is deleted at the end.
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lifecycle import REVIEWERS, T04, TEACHER, build_app, engine_lifecycles, signature_data_url  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection; records (kind, ms) of every request."""

    def __init__(self, port: int, tokens: dict[str, str]):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.tokens = tokens
        self.timings: list[tuple[str, float]] = []

    def call(self, kind: str, method: str, url: str, account: str, body: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.tokens[account]}", "Connection": "keep-alive"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        self.connection.request(method, url, body=payload, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self.timings.append((kind, (time.perf_counter() - t0) * 1000))
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {url} → {response.status}: {data[:300]!r}")
        return json.loads(data)

    def lifecycle(self) -> None:
        record = self.call("submit", "POST", "/api/v1/records", TEACHER,
                           {"record_type": "T04", "data": T04, "submit": True})
        for reviewer in REVIEWERS:
            inbox = self.call("inbox", "GET", "/api/v1/tasks?record_type=T04&page_size=50", reviewer)
            task = next(t for t in inbox["items"] if t["record"]["id"] == record["id"])
            self.call("approve", "POST", f"/api/v1/tasks/{task['id']}/complete", reviewer, {"action": "approve"})


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server_env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
                        "GUNICORN_ACCESS_LOG": "", "GUNICORN_THREADS": "4"}
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                               cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer: {process.stderr.read().decode()[-2000:]}")


def run(port: int, tokens: dict[str, str], clients: int, n: int) -> tuple[float, list[tuple[str, float]]]:
    """``n`` lifecycles in all, shared out between ``clients`` threads; wall seconds and every timing."""
    workers = [Client(port, tokens) for _ in range(clients)]
    for client in workers:                      # warm-up: connections, caches of every server process
        for _ in range(3):
            client.lifecycle()
        client.timings.clear()
    errors: list[BaseException] = []

    def drive(client: Client, count: int) -> None:
        try:
            for _ in range(count):
                client.lifecycle()
        except BaseException as error:  # noqa: BLE001 - reported after the run
            errors.append(error)

    threads = [threading.Thread(target=drive, args=(c, n // clients + (i < n % clients)))
               for i, c in enumerate(workers)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return elapsed, [timing for client in workers for timing in client.timings]


def report(label: str, n: int, elapsed: float, timings: list[tuple[str, float]]) -> None:
    print(f"{label:<34}: {n / elapsed:7.1f} lifecycles/s  {elapsed / n * 1000:7.2f} ms/lifecycle")
    for kind in ("submit", "inbox", "approve"):
        ms = sorted(t for k, t in timings if k == kind)
        print(f"    {kind:<8} p50 {statistics.median(ms):6.2f} ms   p95 {ms[int(len(ms) * 0.95)]:6.2f} ms   ({len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="lifecycles per line-up (default 200)")
    parser.add_argument("--clients", type=int, default=3, help="clients against workers = cores (default 3)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or "postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    from config import normalise_database_url
    schema = f"bench_http_{os.getpid()}"
    base = normalise_database_url(args.database_url)
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    import sqlalchemy as sa
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    queue = f"bench-http-{os.getpid()}"
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    env = dict(os.environ) | {"DATABASE_URL": url, "REDIS_URL": redis_url, "CELERY_QUEUE": queue,
                              "SECRET_KEY": os.urandom(32).hex()}
    try:
        app = build_app(url)
        client = app.test_client()
        tokens = {}
        for account in (TEACHER, *REVIEWERS):
            response = client.post("/api/v1/auth/tokens", json={"account": account, "password": "demo-password"})
            tokens[account] = response.get_json()["token"]
        for account in REVIEWERS:
            client.put("/api/v1/me/signature", json={"image": signature_data_url()},
                       headers={"Authorization": f"Bearer {tokens[account]}"})
        engine_lifecycles(app, 10)
        engine_s = engine_lifecycles(app, args.n)
        cores = multiprocessing.cpu_count()
        results = []
        for workers, clients in ((1, 1), (cores, args.clients)):
            process, port = start_server(env, workers)
            try:
                elapsed, timings = run(port, tokens, clients, args.n)
            finally:
                process.terminate()
                process.wait(timeout=30)
            results.append((f"gunicorn {workers} worker(s), {clients} client(s)", elapsed, timings))
        print(f"PostgreSQL, gthread workers, keep-alive; {args.n} lifecycles per line-up; "
              f"load average {os.getloadavg()[0]:.1f} on {cores} cores")
        for label, elapsed, timings in results:
            report(label, args.n, elapsed, timings)
        print(f"{'bare engine (this process)':<34}: {args.n / engine_s:7.1f} lifecycles/s  "
              f"{engine_s / args.n * 1000:7.2f} ms/lifecycle")
        print(f"ratio HTTP (1 worker, 1 client) / engine time per lifecycle: x{results[0][1] / engine_s:.1f}")
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        import redis
        redis.Redis.from_url(redis_url).delete(queue)


if __name__ == "__main__":
    main()
