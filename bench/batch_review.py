"""Benchmark: 批量审核 of 500 tasks through ``POST /api/v1/tasks/batch`` (catalog §5.3, target ≤ 5 s on
PostgreSQL), and its per-record cost against single approvals through ``POST /api/v1/tasks/{id}/complete``.

500 seed-000 T04 records are submitted by 赵志睿 (not timed); 教师工作部 (曹阳) approves them in one
batch request. Then ``--single`` more records are approved one request each, and the two per-record
costs are printed side by side.

    python bench/batch_review.py [-n 500] [--single 100] [--database-url URL]

The database is ``--database-url``, else ``DATABASE_URL``, else a fresh SQLite file.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lifecycle import T04, build_app, ensure_signature  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="tasks in the batch (default 500, the maximum)")
    parser.add_argument("--single", type=int, default=100, help="single approvals to compare with (default 100)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='hrperf-bench-')) / 'bench.db'}"
    from config import normalise_database_url
    url = normalise_database_url(url)
    app = build_app(url)
    client = app.test_client()
    token = client.post("/api/v1/auth/tokens", json={"account": REVIEWER, "password": "demo-password"}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}

    warm = _submit(app, 5)
    client.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": warm}, headers=headers)
    batch_ids = _submit(app, args.n)
    t0 = time.perf_counter()
    response = client.post("/api/v1/tasks/batch", json={"action": "approve", "task_ids": batch_ids}, headers=headers)
    batch_s = time.perf_counter() - t0
    body = response.get_json()
    assert response.status_code == 200 and body["succeeded"] == args.n, body

    ensure_signature(client, headers)          # single reviews need one (catalog §5.2); batch never does
    single_ids = _submit(app, args.single)
    single_ms = []
    for task_id in single_ids:
        t0 = time.perf_counter()
        response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"action": "approve"}, headers=headers)
        single_ms.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.get_json()

    per_record = batch_s / args.n * 1000
    print(f"database: {url.split(':')[0]}")
    print(f"batch of {args.n}   : {batch_s:6.2f} s   {per_record:6.2f} ms/record   "
          f"(target ≤ 5 s: {'met' if batch_s <= 5 else 'NOT met'})")
    print(f"single ({args.single} requests): {statistics.mean(single_ms):6.2f} ms/record "
          f"(median {statistics.median(single_ms):.2f}, p95 {sorted(single_ms)[int(len(single_ms) * 0.95)]:.2f})")
    print(f"batch/single per record: x{per_record / statistics.mean(single_ms):.2f}")


if __name__ == "__main__":
    main()
