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
import multiprocessing
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT / "tests"))

from lifecycle import REVIEWERS, TEACHER, build_app, engine_lifecycles, signature_data_url  # noqa: E402
from server_support import ServerProcess, drive, issue_tokens  # noqa: E402


def run(port: int, tokens: dict[str, str], clients: int, n: int) -> tuple[float, list[tuple[str, float]]]:
    """``n`` lifecycles in all, shared out between ``clients`` threads; wall seconds and every timing."""
    result = drive(port, tokens, clients, n)
    if result.errors:
        raise result.errors[0]
    return result.elapsed, result.timings


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
        tokens = issue_tokens(app, (TEACHER, *REVIEWERS), sign=REVIEWERS, signature=signature_data_url())
        engine_lifecycles(app, 10)
        engine_s = engine_lifecycles(app, args.n)
        cores = multiprocessing.cpu_count()
        results = []
        for workers, clients in ((1, 1), (cores, args.clients)):
            with ServerProcess(env, workers=workers) as server:
                elapsed, timings = run(server.port, tokens, clients, args.n)
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
