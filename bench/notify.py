"""Benchmark: notifications delivered per second through Redis by one worker process, and the submit
latency with the broker up and down (issue 13).

    python bench/notify.py [-n 2000] [--database-url postgresql://…] [--redis-url redis://…] [--baseline REV]

Runs on PostgreSQL in a schema of its own (``bench_notify_<pid>``, dropped at the end) and on its own
Redis queue; starts a local SMTP server (aiosmtpd) and one ``celery -A celery_worker worker -B``
(solo pool). Throughput: ``n`` outbox rows, one recipient each, are written in one transaction; the
worker relays them, writes the in-app rows and sends one e-mail per row to the SMTP server. Then the
same with the e-mail channel off (in-app only), and with one row told to a group of 20 (fan-out).
Submit latency: the seed-000 T04 record submitted in-process with the broker up, then with the broker
URL on a closed port (the nudge runs after the commit, from a background thread). With ``--baseline main``
the whole measurement runs first on that revision's code (worker included, bench/baseline.py), then on
this tree's, and both are printed with their ratio and the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baseline import APP_ROOT, load_average, runs  # noqa: E402 - sets the application's path

HARNESS = Path(__file__).resolve().parents[1]
ROOT = APP_ROOT             # the application measured: this tree, or the --baseline revision
sys.path.insert(1, str(HARNESS / "tests"))

import sqlalchemy as sa  # noqa: E402

from notify_support import SmtpServer, WorkerProcess, wait_for  # noqa: E402

T04 = {"assessment_year": 2025, "task_type": "监考", "sessions": 1, "exam_type": "大学四级考试"}
TEACHER = "01090023"
DOMAIN = "example.edu.cn"


def build_app(database_url: str, redis_url: str, queue: str, *, broker_url: str | None = None):
    from app import create_app
    from config import Config, celery_settings

    class BenchConfig(Config):
        SQLALCHEMY_ENGINES = {"default": database_url}
        CELERY = {**celery_settings(redis_url, queue=queue), "beat_schedule": {},
                  **({"broker_url": broker_url} if broker_url else {})}
        OUTBOX_NUDGE = True
        SECRET_KEY = os.urandom(32).hex()
        MAIL_ADDRESS_DOMAIN = DOMAIN
        DIGEST_SECONDS = 0
    return create_app(BenchConfig)


def prepare(app) -> None:
    from app import schema
    from app.extensions import db
    from app.services.deployment import deploy_from_folder
    from app.services.identity.organisation import seed_organisation
    with app.app_context():
        schema.upgrade(db.engine)
        deploy_from_folder(ROOT, deployed_by="bench")
        seed_organisation(app.config["DEMO_ORG_FILE"])


def clear(app) -> None:
    from app.extensions import db
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE notification, outbox_message RESTART IDENTITY CASCADE"))


def enqueue_rows(app, n: int, *, group: int = 1, nudge: bool = False) -> int:
    """``n`` outbox rows, each told to ``group`` people; returns how many in-app rows that makes."""
    from app.extensions import db
    from app.models import User
    from app.services.messaging import notifications
    from app.services.uow import unit_of_work
    app.config["OUTBOX_NUDGE"] = nudge       # the after-commit nudge, as a state change sends it
    with app.app_context():
        users = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
        with unit_of_work() as session:
            for i in range(n):
                ids = [users[(i + k) % len(users)] for k in range(group)]
                notifications.enqueue(session, "cc", {"title": f"抄送 {i}", "body": "bench", "link": "/my",
                                                      "recipient_ids": ids}, dedupe_key=f"bench:{time.time_ns()}:{i}")
    app.config["OUTBOX_NUDGE"] = True
    return n * min(group, len(users))


def count(app, sql: str) -> int:
    from app.extensions import db
    with app.app_context(), db.engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


def throughput(app, env: dict, tmp: Path, n: int, *, mail: bool, group: int = 1) -> dict:
    """Start the worker, warm it with one row, then time ``n`` rows from their commit to the last
    in-app row (and the last mail accepted by the SMTP server)."""
    clear(app)
    with SmtpServer() as smtp:
        worker_env = {**env, "MAIL_ENABLED": "1" if mail else "", "MAIL_PORT": str(smtp.port),
                      "MAIL_ADDRESS_DOMAIN": DOMAIN if mail else ""}
        worker = WorkerProcess(workdir=tmp, env=worker_env, root=ROOT, **ARGS).start()
        try:
            enqueue_rows(app, 1)
            assert wait_for(lambda: count(app, "SELECT count(*) FROM notification") >= 1, 60), worker.output()
            wait_for(lambda: len(smtp.sink.messages) >= 1 or not mail, 30)
            clear(app)
            smtp.sink.messages.clear()
            expected = enqueue_rows(app, n, group=group, nudge=True)
            started = time.perf_counter()          # the rows are committed; the nudge is on its way
            wait_for(lambda: count(app, "SELECT count(*) FROM notification") >= expected, 600, 0.02)
            in_app_done = time.perf_counter()
            mails = 0
            if mail:
                wait_for(lambda: len(smtp.sink.messages) >= expected, 600, 0.05)
                mails = len(smtp.sink.messages)
            all_done = time.perf_counter()
        finally:
            worker.stop()
    made = count(app, "SELECT count(*) FROM notification")
    return {"rows": n, "in_app": made, "in_app_per_s": made / (in_app_done - started),
            "mails": mails, "mails_per_s": mails / (all_done - started) if mail else 0.0,
            "seconds": all_done - started}


def submit_latency(app, n: int) -> list[float]:
    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import User
    from app.services.records import lifecycle as records
    times = []
    with app.app_context():
        teacher = principal_from_user(db.session.scalar(sa.select(User).where(User.account == TEACHER)))
        for _ in range(n):
            started = time.perf_counter()
            records.create_record(teacher, record_type="T04", data=T04, submit=True)
            times.append((time.perf_counter() - started) * 1000)
            db.session.close()
    return times


ARGS: dict = {}


def measure(n: int, submits: int, database_url_base: str, redis_url: str) -> dict:
    """Every figure of the bench on a schema and a queue of its own (dropped afterwards)."""
    from config import normalise_database_url
    schema_name = f"bench_notify_{os.getpid()}"
    base = normalise_database_url(database_url_base)
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema_name}"))
    database_url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema_name}"
    queue = f"hrperf-bench-{os.uname().nodename}-{os.getpid()}"
    ARGS.update(database_url=database_url, redis_url=redis_url, queue=queue)
    env = {"MAIL_SERVER": "127.0.0.1", "MAIL_ADDRESS_DOMAIN": DOMAIN, "DIGEST_SECONDS": "0"}
    try:
        app = build_app(database_url, redis_url, queue)
        prepare(app)
        with tempfile.TemporaryDirectory(prefix="hrperf-bench-") as tmp:
            both = throughput(app, env, Path(tmp), n, mail=True)
            only = throughput(app, env, Path(tmp), n, mail=False)
            fan = throughput(app, env, Path(tmp), max(n // 4, 1), mail=False, group=20)
        up = submit_latency(app, submits)
        down = submit_latency(build_app(database_url, redis_url, queue, broker_url="redis://127.0.0.1:1/0"), submits)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema_name} CASCADE"))
        import redis
        redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}")
    return {"n": n, "both": both, "only": only, "fan": fan, "up": up, "down": down}


def report(label: str, r: dict) -> None:
    both, only, fan = r["both"], r["only"], r["fan"]
    print(f"{label}: one worker (solo pool), {r['n']} outbox rows, one recipient each:")
    print(f"  in-app + e-mail : {both['in_app_per_s']:7.0f} in-app/s, {both['mails_per_s']:6.0f} mails/s "
          f"({both['in_app']} in-app, {both['mails']} mails in {both['seconds']:.1f}s)")
    print(f"  in-app only     : {only['in_app_per_s']:7.0f} in-app/s ({only['in_app']} in {only['seconds']:.1f}s)"
          f"   target ≥ 500/s: {'met' if only['in_app_per_s'] >= 500 else 'not met'}")
    print(f"  {fan['rows']} rows × 20 people: {fan['in_app_per_s']:7.0f} in-app/s ({fan['in_app']} in {fan['seconds']:.1f}s)")
    for name, times in (("broker up", r["up"]), ("broker down", r["down"])):
        print(f"  submit latency, {name:11}: median {statistics.median(times):6.1f} ms, "
              f"max {max(times):6.1f} ms ({len(times)} submits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="outbox rows per throughput run (default 2000)")
    parser.add_argument("--submits", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--baseline", metavar="REV", help="also measure this git revision first (e.g. main)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.n, args.submits, args.database_url, args.redis_url)))
        return
    child = ["--one", "-n", str(args.n), "--submits", str(args.submits), "--database-url", args.database_url,
             "--redis-url", args.redis_url]
    print(f"before: {load_average()}")
    results = runs(Path(__file__), child, args.baseline)
    print(f"after: {load_average()}")
    for label, r in results:
        report(label, r)
    if len(results) == 2:
        (_, old), (_, new) = results
        for kind in ("only", "both", "fan"):
            print(f"in-app/s, {kind}: this tree / {args.baseline} = "
                  f"x{new[kind]['in_app_per_s'] / old[kind]['in_app_per_s']:.2f}")


if __name__ == "__main__":
    main()
