"""Benchmark: the review workspace lists (catalog §5.1, §5.4) on a large record table, with their query plans.

Fills ``record`` and ``user_task`` with ``-n`` rows in one SQL statement each (no engine, no HTTP: the
lists read only these columns), then times each list as 教务部 and 人力资源部 see it, unfiltered and
with 提交时间 alone and with 所属单位 + 提交时间 (median of 5 calls, service level), and prints for each query
whether its plan reads ``record`` / ``user_task`` by a sequential scan.

    python bench/workspace_lists.py [-n 100000] --database-url postgresql://…

PostgreSQL only (the plans are what is measured). The rows go to a schema of their own
(``bench_workspace_<pid>``), dropped at the end.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from lifecycle import build_app  # noqa: E402  (bench/ is a folder of scripts)

LISTS = ("待审核", "已审核", "全部", "所属单位")


def fill(session, n: int) -> None:
    """``n`` submitted T-type records over the demo teachers and two years, a third of them waiting at
    教务部, a third done there, a third approved; one user task per record."""
    import sqlalchemy as sa
    session.execute(sa.text("""
        INSERT INTO record (record_type_code, owner_id, owner_unit_id, submitter_id, origin, category, data, title,
                            workload, assessment_year, status, form_version_id, current_lane, dept_lane,
                            submitted_at, is_adjusted, created_at, updated_at, version)
        SELECT t.code, u.id, u.unit_id, u.id, 'teacher', t.category, '{}'::json, 'bench ' || g,
               (g % 40) + 1, 2024 + (g % 2), CASE WHEN g % 3 = 2 THEN 'approved' ELSE 'in_review' END,
               t.form_version_id, CASE WHEN g % 3 = 0 THEN 'dept' WHEN g % 3 = 1 THEN 'hr' END, '教务部',
               now() - make_interval(days => g % 365), false, now(), now(), 1
        FROM generate_series(1, :n) AS g
        JOIN LATERAL (SELECT code, category, form_version_id FROM record_type WHERE family = 'workload'
                      ORDER BY code OFFSET (g % 8) LIMIT 1) t ON true
        JOIN LATERAL (SELECT id, unit_id FROM user_account WHERE unit_id IS NOT NULL
                      ORDER BY id OFFSET (g % 20) LIMIT 1) u ON true
    """), {"n": n})
    session.execute(sa.text("""
        INSERT INTO process_instance (record_id, definition_version_id, status, state, created_at, version)
        SELECT r.id, (SELECT id FROM definition_version WHERE kind = 'process' ORDER BY id LIMIT 1), 'running',
               '{}', now(), 1
        FROM record r WHERE r.title LIKE 'bench %'
    """))
    session.execute(sa.text("""
        INSERT INTO user_task (instance_id, record_id, engine_task_id, bpmn_id, name, lane, candidate_role,
                               candidate_unit_id, status, outcome, completed_at, created_at)
        SELECT p.id, r.id, md5(r.id::text), 'dept_review', '职能部门审核', 'dept',
               CASE WHEN r.current_lane = 'hr' THEN 'hr_reviewer' ELSE 'dept_reviewer' END,
               CASE WHEN r.current_lane = 'hr' THEN (SELECT id FROM unit WHERE name = '人力资源部')
                    ELSE (SELECT id FROM unit WHERE name = '教务部') END,
               CASE WHEN r.current_lane IS NULL THEN 'completed' ELSE 'open' END,
               CASE WHEN r.current_lane IS NULL THEN 'approve' END,
               CASE WHEN r.current_lane IS NULL THEN r.submitted_at + interval '1 day' END, r.submitted_at
        FROM record r JOIN process_instance p ON p.record_id = r.id WHERE r.title LIKE 'bench %'
    """))
    session.execute(sa.text("ANALYZE record; ANALYZE user_task"))
    session.commit()


def measure(app, n: int) -> None:
    import sqlalchemy as sa

    from app.auth.principal import load_principal
    from app.extensions import db
    from app.models import Unit, User

    with app.app_context():
        fill(db.session, n)
        unit_id = db.session.scalar(sa.select(Unit.id).join(User, User.unit_id == Unit.id).order_by(User.id).limit(1))
        filters = {"unit_id": unit_id, "submitted_from": date(2025, 1, 1), "submitted_to": date(2025, 12, 31)}
        print(f"{n} records; 所属单位 filter = unit {unit_id}, 提交时间 2025")
        print(f"{'role':6} {'list':4} {'filters':8} {'median ms':>10}  sequential scans")
        for account, role in (("90010001", "dept_reviewer"), ("90070001", "hr_reviewer")):
            user_id = db.session.scalar(sa.select(User.id).where(User.account == account))
            measure_role(load_principal(db.session, user_id).acting_as(role), role, filters)


def measure_role(principal, role: str, filters: dict) -> None:
    """Each list of ``principal`` unfiltered and with ``filters``: median time and sequential scans."""
    from app.extensions import db
    from app.services.records import record_queries
    from app.services.review import inbox, workspace

    calls = {
        "待审核": lambda **f: inbox.list_inbox(principal, record_type="T01", **f),
        "已审核": lambda **f: inbox.list_inbox(principal, record_type="T01", state="done", **f),
        "全部": lambda **f: record_queries.list_records(principal, record_type="T01", view="scope", **f),
        "所属单位": lambda **f: workspace.units_in_scope(principal),
    }
    for name in LISTS:
        dates = {k: v for k, v in filters.items() if k != "unit_id"}
        for label, kwargs in (("none", {}), ("date", dates), ("unit+date", filters))[:1 if name == "所属单位" else 3]:
            statements = captured(calls[name], kwargs)
            seconds = []
            for _ in range(5):
                start = time.perf_counter()
                calls[name](**kwargs)
                seconds.append(time.perf_counter() - start)
            scans = set()
            raw = db.session.connection().connection.dbapi_connection
            with raw.cursor() as cursor:
                for statement, parameters in statements:
                    if statement.lstrip().upper().startswith("SELECT"):
                        cursor.execute("EXPLAIN " + statement, parameters)
                        plan = "\n".join(row[0] for row in cursor.fetchall())
                        scans |= {table for table in ("record", "user_task") if f"Seq Scan on {table}" in plan}
            print(f"{role[:6]:6} {name:4} {label:8} {statistics.median(seconds) * 1000:10.1f}  "
                  f"{', '.join(sorted(scans)) or '—'}")


def captured(call, kwargs: dict) -> list[tuple[str, object]]:
    """The SQL statements (and parameters) ``call(**kwargs)`` sends."""
    from sqlalchemy import event

    from app.extensions import db
    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        call(**kwargs)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="records (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        parser.error("a PostgreSQL --database-url is needed (the query plans are what is measured)")
    import sqlalchemy as sa
    sys.path.insert(0, str(ROOT.parent))
    from config import normalise_database_url
    database_url = normalise_database_url(args.database_url)
    schema = f"bench_workspace_{os.getpid()}"
    admin = sa.create_engine(database_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{database_url}{'&' if '?' in database_url else '?'}options=-csearch_path%3D{schema}"
        measure(build_app(url), args.n)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
