"""Benchmark: the scale-out line-up of docs/architecture.md §9 over real HTTP, with exactly-once checks.

Each line-up runs on a PostgreSQL schema of its own and one Redis queue of its own: gunicorn servers
(``gunicorn -c gunicorn.conf.py``, the server ``make serve`` runs) on free ports, two Celery workers
(``celery -A celery_worker worker``, solo pool, beat in the first) delivering every notification in-app
and by e-mail to a local SMTP server (aiosmtpd) that records what it receives. Keep-alive clients drive
the lifecycle of bench/http_lifecycle.py (submit + 3 × (inbox + approve)), each sending its requests to
the servers in turn. Then ``--races`` times the two members of 人力资源部 approve one task at the same
moment through two servers (one must win, the other be told 「该记录已由 X 于 hh:mm 处理」).

    python bench/scale_out.py [-n 200] [--clients 4] [--races 10] [--database-url postgresql://…]

Line-ups: one server of one worker with one client; one server of ``cores`` workers with ``--clients``
clients; two servers of ``cores / 2`` workers each (at least one) with ``--clients`` clients alternating
between them. Printed per line-up: lifecycles/s, per-request p50/p95 by kind, requests per server,
errors, the races and the exactly-once checks of tests/scale_out_support.py (every task completed once,
the expected review events and outbox rows per record, each record 已完成, no incident, every outbox row
delivered once: in-app rows and e-mails in the database, e-mails at the SMTP server). Exits 1 when any
check fails.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT / "tests"))

from baseline import own_schema  # noqa: E402
from http_lifecycle import report  # noqa: E402
from lifecycle import build_app, signature_data_url  # noqa: E402
from scale_out_support import LineUp, approval_race, exactly_once, race_problems, wait_until_settled  # noqa: E402
from server_support import HR_SECOND, REVIEWERS, TEACHER, drive, issue_tokens  # noqa: E402


def line_up(base_url: str, redis_url: str, workdir: Path, *, servers: int, workers: int, clients: int, n: int,
            races: int) -> bool:
    """Measure and check one line-up on a schema of its own; True when every check passed."""
    from sqlalchemy import select
    label = (f"{servers} server(s) × {workers} worker(s), {clients} client(s)"
             + (", alternating" if servers > 1 else ""))
    queue = f"bench-scale-out-{os.getpid()}-{servers}-{workers}-{clients}"
    with own_schema(base_url, f"bench_scale_out_{servers}_{workers}_{clients}") as url:
        for name in ("mail.log", "alembic"):         # the SMTP server's and the migrations' chatter
            logging.getLogger(name).setLevel(logging.WARNING)
        app = build_app(url)
        tokens = issue_tokens(app, (TEACHER, *REVIEWERS, HR_SECOND), sign=(*REVIEWERS, HR_SECOND),
                              signature=signature_data_url())
        from app.extensions import db
        from app.models import User
        with app.app_context():
            names = dict(db.session.execute(select(User.account, User.name)).tuples().all())
            db.session.close()
        try:
            with LineUp(database_url=url, redis_url=redis_url, queue=queue, workdir=workdir,
                        secret_key=os.urandom(32).hex(), servers=servers, workers=workers) as running:
                run = drive(running.ports, tokens, clients, n)
                contests = [approval_race(running.ports, tokens) for _ in range(races)]
                quiet = wait_until_settled(app, running.smtp, 120)
                checks = exactly_once(app, running.smtp, run.record_ids + [race.record_id for race in contests])
                served = ", ".join(f"{port}: {count}" for port, count in sorted(run.served.items()))
                log = running.output() if run.errors or not quiet else ""
        finally:
            import redis
            redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}")
    report(label, n, run.elapsed, run.timings)
    print(f"    requests per server: {served}")
    print(f"    errors: {len(run.errors)}" + (f" (first: {run.errors[0]})" if run.errors else ""))
    lost = [problem for race in contests for problem in race_problems(race, names)]
    print(f"    approval races: {races}, one 200 + one 409 「该记录已由 … 处理」 each: "
          + ("yes" if not lost else "NO\n        " + "\n        ".join(lost)))
    print(f"    outbox settled: {'yes' if quiet else 'NO (rows still pending after 120 s)'}")
    print(f"    exactly once: {checks.summary()}")
    for problem in checks.problems[:20]:
        print(f"        {problem}")
    if log:
        print(log)
    return not (run.errors or lost or checks.problems or not quiet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="lifecycles per line-up (default 200)")
    parser.add_argument("--clients", type=int, default=4, help="clients of the multi-worker line-ups (default 4)")
    parser.add_argument("--races", type=int, default=10, help="approval races per line-up (default 10)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or "postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))      # a killed bench still stops what it started
    from config import normalise_database_url
    base = normalise_database_url(args.database_url)
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    cores = multiprocessing.cpu_count()
    print(f"PostgreSQL, gthread workers, keep-alive; 2 Celery workers, e-mail to a local SMTP server; "
          f"{args.n} lifecycles per line-up; load average {os.getloadavg()[0]:.1f} on {cores} cores")
    ok = True
    with tempfile.TemporaryDirectory(prefix="hrperf-scale-out-") as workdir:
        for servers, workers, clients in ((1, 1, 1), (1, cores, args.clients), (2, max(1, cores // 2), args.clients)):
            ok = line_up(base, redis_url, Path(workdir), servers=servers, workers=workers, clients=clients, n=args.n,
                         races=args.races) and ok
    print("all checks passed" if ok else "CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
