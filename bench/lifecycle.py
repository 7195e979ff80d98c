"""Benchmark: full record lifecycles through the HTTP API vs. the bare engine, in one run.

One lifecycle = the seed-000 T04 record submitted by 赵志睿 and approved by 教师工作部, 教务部 and
人力资源部, each reviewer first reading its inbox: 7 HTTP requests (1 submit + 3 × (inbox + complete)).
The same lifecycles are then run on the engine adapter alone (start + 3 completions, state
serialized at every wait state, no HTTP, no SQL), and the ratio of the two is printed.

    python bench/lifecycle.py [-n 200] [--database-url URL]

The database is ``--database-url``, else ``DATABASE_URL``, else a fresh SQLite file. The schema is
migrated, definitions deployed and the demo organisation seeded first (all idempotent).
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from baseline import APP_ROOT as ROOT  # this tree, or the revision a --baseline run measures

T04 = {"assessment_year": 2025, "task_type": "监考", "sessions": 1, "exam_type": "大学四级考试"}
TEACHER, REVIEWERS = "01090023", ("10019001", "90010001", "90070001")


def build_app(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    from app import create_app, schema
    from app.extensions import db
    from app.services.deployment import deploy_from_folder
    from app.services.identity.organisation import seed_organisation
    from config import Config

    class BenchConfig(Config):
        SQLALCHEMY_ENGINES = {"default": database_url}
        OUTBOX_NUDGE = False          # delivery is a worker's job, not part of a request
        SECRET_KEY = os.environ.get("SECRET_KEY") or os.urandom(32).hex()

    app = create_app(BenchConfig)
    with app.app_context():
        schema.upgrade(db.engine)
        deploy_from_folder(ROOT, deployed_by="bench")
        seed_organisation(app.config["DEMO_ORG_FILE"])
    return app


def signature_data_url() -> str:
    """A small drawn-looking PNG as the signature pad sends it (single reviews need one, catalog §5.2)."""
    import base64
    import io

    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 60), (80, 15), (120, 65), (230, 20)], fill=(20, 20, 20, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def ensure_signature(client, headers: dict) -> None:
    """Store a signature for the account of ``headers`` unless it has one (set-up, not timed)."""
    if not client.get("/api/v1/me/signature", headers=headers).get_json()["has_signature"]:
        response = client.put("/api/v1/me/signature", json={"image": signature_data_url()}, headers=headers)
        assert response.status_code == 201, response.get_json()


def http_lifecycles(app, n: int) -> tuple[float, list[float]]:
    client = app.test_client()
    tokens = {}
    for account in (TEACHER, *REVIEWERS):
        response = client.post("/api/v1/auth/tokens", json={"account": account, "password": "demo-password"})
        tokens[account] = {"Authorization": f"Bearer {response.get_json()['token']}"}
    for account in REVIEWERS:
        ensure_signature(client, tokens[account])
    request_ms: list[float] = []

    def call(method, url, account, **kw):
        t0 = time.perf_counter()
        response = client.open(url, method=method, headers=tokens[account], **kw)
        request_ms.append((time.perf_counter() - t0) * 1000)
        assert response.status_code in (200, 201), (url, response.get_json())
        return response.get_json()

    t0 = time.perf_counter()
    for _ in range(n):
        record = call("POST", "/api/v1/records", TEACHER, json={"record_type": "T04", "data": T04, "submit": True})
        for reviewer in REVIEWERS:
            inbox = call("GET", "/api/v1/tasks", reviewer, query_string={"record_type": "T04", "page_size": 1})
            task = inbox["items"][0]
            call("POST", f"/api/v1/tasks/{task['id']}/complete", reviewer, json={"action": "approve"})
        assert record["id"]
    return time.perf_counter() - t0, request_ms


def engine_lifecycles(app, n: int) -> float:
    from sqlalchemy import select

    from app.engine import get_engine
    from app.extensions import db
    from app.models import DefinitionVersion
    with app.app_context():
        definition = db.session.scalar(select(DefinitionVersion).where(
            DefinitionVersion.kind == "process", DefinitionVersion.key == "workload_approval")
            .order_by(DefinitionVersion.version.desc()).limit(1))
        key, spec, inputs = str(definition.id), definition.spec_json, definition.extra.get("inputs", [])
    engine = get_engine()
    data = dict.fromkeys(inputs) | {"record_type": "T04", "category": "teaching", "origin": "teacher"}
    t0 = time.perf_counter()
    for _ in range(n):
        step = engine.start(key, spec, data)
        while step.ready_user_tasks:
            step = engine.complete_user_task(key, spec, step.state, step.ready_user_tasks[0].engine_task_id,
                                             {"decision": "approve"})
        assert step.end_event == "end_approved"
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="lifecycles per measurement (default 200)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='hrperf-bench-')) / 'bench.db'}"
    from config import normalise_database_url
    url = normalise_database_url(url)
    app = build_app(url)
    http_lifecycles(app, max(5, args.n // 10))                     # warm-up: caches, connections
    engine_lifecycles(app, max(5, args.n // 10))
    http_s, request_ms = http_lifecycles(app, args.n)
    engine_s = engine_lifecycles(app, args.n)
    print(f"database: {url.split(':')[0]}   lifecycles: {args.n}   "
          f"requests per lifecycle: {len(request_ms) // args.n}")
    print(f"HTTP API      : {args.n / http_s:8.1f} lifecycles/s   {http_s / args.n * 1000:7.2f} ms/lifecycle   "
          f"{statistics.mean(request_ms):6.2f} ms/request (median {statistics.median(request_ms):.2f}, "
          f"p95 {sorted(request_ms)[int(len(request_ms) * 0.95)]:.2f})")
    print(f"bare engine   : {args.n / engine_s:8.1f} lifecycles/s   {engine_s / args.n * 1000:7.2f} ms/lifecycle")
    print(f"ratio HTTP/engine time per lifecycle: x{http_s / engine_s:.1f}")


if __name__ == "__main__":
    main()
