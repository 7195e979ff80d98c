"""Benchmark: 批量审核 of 500 tasks through ``POST /api/v1/tasks/batch`` (catalog §5.3, target ≤ 5 s on
PostgreSQL), and its per-record cost against single approvals through ``POST /api/v1/tasks/{id}/complete``.

The batch is measured twice in the same run: one record after the other (``BATCH_REVIEW_THREADS`` = 1),
then with the configured threads (default 2), and the ratio is printed.

500 seed-000 T04 records are submitted by 赵志睿 (not timed); 教师工作部 (曹阳) approves them in one
batch request. Then ``--single`` more records are approved one request each, and the two per-record
costs are printed side by side.

    python bench/batch_review.py [-n 500] [--single 100] [--database-url URL] [--baseline REV]

The database is ``--database-url``, else ``DATABASE_URL``, else a fresh SQLite file; on PostgreSQL each
measurement uses a schema of its own, dropped afterwards. With ``--baseline main`` the same measurement
runs first on that revision's code (bench/baseline.py), then on this tree's, and both are printed with
their ratio and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from baseline import count_statements, load_average, own_schema, ratio, runs
from lifecycle import T04, build_app, ensure_signature

TEACHER, REVIEWER = "01090023", "10019001"


def _submit(app, n: int) -> list[int]:
    """Submit ``n`` T04 records through the service (set-up, not timed); their open task ids."""
    from sqlalchemy import select

    from app.auth.principal import principal_from_user
    from app.extensions import db
    from app.models import User, UserTask
    from app.services.records import lifecycle as records
    with app.app_context():
        teacher = principal_from_user(db.session.scalar(select(User).where(User.account == TEACHER)))
        ids = [records.create_record(teacher, record_type="T04", data=T04 | {"sessions": i % 9 + 1}, submit=True).id
               for i in range(n)]
        return list(db.session.scalars(select(UserTask.id).where(UserTask.record_id.in_(ids),
                                                                 UserTask.status == "open").order_by(UserTask.id)))


def measure(n: int, single: int, url: str) -> dict:
    """One batch of ``n`` and ``single`` single approvals on a fresh schema; seconds and ms per record."""
    with own_schema(url, "bench_batch") as database_url:
        app = build_app(database_url)
        client = app.test_client()
        token = client.post("/api/v1/auth/tokens", json={"account": REVIEWER, "password": "demo-password"}).get_json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        warm = _submit(app, 5)
        client.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": warm}, headers=headers)
        threads = app.config.get("BATCH_REVIEW_THREADS", 1)     # a baseline revision may not have it
        app.config["BATCH_REVIEW_THREADS"] = 1          # first one record after the other, then as configured
        serial_ids = _submit(app, n)
        t0 = time.perf_counter()
        response = client.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": serial_ids}, headers=headers)
        serial_s = time.perf_counter() - t0
        assert response.status_code == 200 and response.get_json()["succeeded"] == n, response.get_json()
        app.config["BATCH_REVIEW_THREADS"] = threads
        batch_ids = _submit(app, n)
        statements = count_statements(app)
        t0 = time.perf_counter()
        response = client.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": batch_ids}, headers=headers)
        batch_s = time.perf_counter() - t0
        per_record_sql = statements[0] / n
        body = response.get_json()
        assert response.status_code == 200 and body["succeeded"] == n, body
        ensure_signature(client, headers)          # single reviews need one (catalog §5.2); batch never does
        single_ids = _submit(app, single)
        single_ms = []
        for task_id in single_ids:
            t0 = time.perf_counter()
            response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"action": "approve"}, headers=headers)
            single_ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.get_json()
    return {"n": n, "batch_s": batch_s, "serial_s": serial_s, "threads": threads,
            "per_record_ms": batch_s / n * 1000, "sql_per_record": per_record_sql,
            "single_ms": statistics.mean(single_ms), "single_median_ms": statistics.median(single_ms),
            "single_p95_ms": sorted(single_ms)[int(len(single_ms) * 0.95)], "single": single}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="tasks in the batch (default 500, the maximum)")
    parser.add_argument("--single", type=int, default=100, help="single approvals to compare with (default 100)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--baseline", metavar="REV", help="also measure this git revision first (e.g. main)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='hrperf-bench-')) / 'bench.db'}"
    from config import normalise_database_url
    url = normalise_database_url(url)
    if args.one:
        print(json.dumps(measure(args.n, args.single, url)))
        return
    child = ["--one", "-n", str(args.n), "--single", str(args.single), "--database-url", url]
    print(f"database: {url.split('@')[-1].split('?')[0]}; before: {load_average()}")
    results = runs(Path(__file__), child, args.baseline)
    print(f"after: {load_average()}")
    print(f"| code | batch of {args.n} s (threads) | one by one s | threads vs one by one | ms/record "
          "| SQL statements/record | single approval ms (mean, median, p95) | batch/single per record | target ≤ 5 s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in results:
        print(f"| {label} | {r['batch_s']:.2f} ({r.get('threads', 1)}) | {r.get('serial_s', r['batch_s']):.2f} "
              f"| {ratio(r.get('serial_s', r['batch_s']), r['batch_s'])} | {r['per_record_ms']:.2f} | {r['sql_per_record']:.1f} "
              f"| {r['single_ms']:.2f}, {r['single_median_ms']:.2f}, {r['single_p95_ms']:.2f} "
              f"| x{r['per_record_ms'] / r['single_ms']:.2f} | {'met' if r['batch_s'] <= 5 else 'not met'} |")
    if len(results) == 2:
        (_, old), (_, new) = results
        print(f"this tree vs {args.baseline}: batch {ratio(old['batch_s'], new['batch_s'])} faster, "
              f"single approval {ratio(old['single_ms'], new['single_ms'])} faster")


if __name__ == "__main__":
    main()
