"""Benchmark: the floor under one lifecycle on this machine, measured in one run, against the 25 ms that
40 lifecycles/s allows.

A lifecycle (bench/lifecycle.py: 1 submit + 3 × (inbox + approve), 7 requests) cannot cost less than
the work nobody can leave out, each part measured here with no application code at all:
- the bare engine's start and three completions, state serialised at every wait state;
- 7 HTTP round trips to the production server (gunicorn gthread, keep-alive) running a Flask app whose
  one route answers a small JSON body, without authentication, validation or a database;
- the lifecycle's SQL statements as bare prepared primary-key reads over psycopg (their count is taken
  from a real in-process lifecycle in this run), plus its 7 transactions: 4 that write, ended by a
  COMMIT that waits for the WAL, and 3 read-only ones.
What is left of 25 ms after that is all the application may spend on 7 requests: authentication,
scope, locking, the record and trail writes, the projection, the outbox and the JSON of the responses.

    python bench/floor.py [-n 2000] [--database-url postgresql://…]

The database is ``--database-url``, else ``DATABASE_URL``, else ``postgresql://postgres@127.0.0.1/test``
(a schema of its own, dropped afterwards).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT / "tests"))

from lifecycle import build_app, engine_lifecycles, http_lifecycles  # noqa: E402
from notify_support import free_port  # noqa: E402

TARGET_MS = 1000 / 40
WRITES, READS, REQUESTS = 4, 3, 7     # transactions and requests of one lifecycle


def bare_app():
    """The gunicorn app of the HTTP floor: Flask and one JSON route, nothing else."""
    from flask import Flask, jsonify, request
    app = Flask("floor")

    @app.route("/ping", methods=["GET", "POST"])
    def ping():
        body = request.get_json(silent=True) or {}
        return jsonify({"id": 1, "status": "in_review", "echo": body})
    return app


def http_floor_ms(n: int) -> float:
    """ms per request, keep-alive, against ``bare_app`` under the production gunicorn settings."""
    port = free_port()
    env = dict(os.environ) | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
                              "GUNICORN_ACCESS_LOG": ""}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                               "--pythonpath", "bench", "floor:bare_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        connection = _connected(port)
        body = json.dumps({"action": "approve"})

        def once():
            connection.request("POST", "/ping", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            assert response.status == 200
            response.read()
        for _ in range(200):
            once()
        t0 = time.perf_counter()
        for _ in range(n):
            once()
        return (time.perf_counter() - t0) / n * 1000
    finally:
        server.terminate()
        server.wait(10)


def _connected(port: int) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/ping")
            connection.getresponse().read()
            return connection
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def sql_floor_ms(url: str, n: int) -> tuple[float, float, float]:
    """ms of a prepared primary-key read, of a write transaction (UPDATE + COMMIT), of a read-only one."""
    import psycopg
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        cursor = connection.cursor()
        cursor.execute("CREATE TEMPORARY TABLE floor_row (id int PRIMARY KEY, n int)")
        cursor.execute("INSERT INTO floor_row VALUES (1, 0)")
        connection.commit()

        def timed(action, count: int) -> float:
            for _ in range(count // 10):
                action()
            t0 = time.perf_counter()
            for _ in range(count):
                action()
            return (time.perf_counter() - t0) / count * 1000

        def read():
            cursor.execute("SELECT id, n FROM floor_row WHERE id = %s", (1,), prepare=True)
            cursor.fetchone()
        connection.commit()

        def write():
            cursor.execute("UPDATE floor_row SET n = n + 1 WHERE id = %s", (1,), prepare=True)
            connection.commit()

        def read_only():
            read()
            connection.commit()
        select_ms = timed(read, n)
        return select_ms, timed(write, n // 4) - select_ms, timed(read_only, n // 4) - select_ms


def statements_per_lifecycle(app, n: int = 20) -> float:
    """SQL statements one real lifecycle sends (in-process, this tree)."""
    from sqlalchemy import event

    from app.extensions import db
    sent = [0]

    def count(*_args):
        sent[0] += 1
    with app.app_context():
        engine = db.engine
    http_lifecycles(app, 3)
    event.listen(engine, "before_cursor_execute", count)
    try:
        http_lifecycles(app, n)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return sent[0] / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="requests and statements per measurement (default 2000)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    from config import normalise_database_url
    base = normalise_database_url(args.database_url or "postgresql://postgres@127.0.0.1/test")
    schema = f"bench_floor_{os.getpid()}"
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    import sqlalchemy as sa
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        app = build_app(url)
        statements = statements_per_lifecycle(app)
        engine_lifecycles(app, 20)
        engine_ms = engine_lifecycles(app, 200) / 200 * 1000
        request_ms = http_floor_ms(args.n)
        select_ms, write_commit_ms, read_commit_ms = sql_floor_ms(url, args.n)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    sql_ms = statements * select_ms + WRITES * write_commit_ms + READS * read_commit_ms
    floor = engine_ms + REQUESTS * request_ms + sql_ms
    print(f"PostgreSQL; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"bare engine, one lifecycle          : {engine_ms:6.2f} ms")
    print(f"bare Flask over gunicorn, 7 requests: {REQUESTS * request_ms:6.2f} ms  ({request_ms:.3f} ms each)")
    print(f"bare SQL, {statements:4.1f} statements + 7 ends: {sql_ms:6.2f} ms  (read {select_ms:.3f} ms, "
          f"write COMMIT {write_commit_ms:.3f} ms, read-only COMMIT {read_commit_ms:.3f} ms)")
    print(f"floor of one lifecycle              : {floor:6.2f} ms  -> at most {1000 / floor:5.1f} lifecycles/s")
    print(f"left of {TARGET_MS:.0f} ms (40/s) for the application: {TARGET_MS - floor:6.2f} ms, "
          f"{(TARGET_MS - floor) / REQUESTS:5.2f} ms per request")


if __name__ == "__main__":
    main()
