"""Benchmark: the inbox, its count and 合计, the pending counts and a teacher's record list at scale.

Fills a PostgreSQL schema of its own with ``--records`` records (default 200,000) and three user tasks
each (600,000; 2 % open: 4 % of the records wait at a review step, 2 % wait on the applicant after a
退回), spread over 3,000 teachers in every unit, every record type, the unit / department / HR lanes,
four 考核年度 and reviewers of every kind, by ``INSERT … SELECT generate_series`` in chunks (no engine,
no HTTP: the lists read only these columns). Then it ANALYZEs and times, with the service functions the
API calls (inside an app context), ``--samples`` calls (default 60) of each of:

- the 待审核 page with its count and 合计 (``inbox.list_inbox``) of a unit reviewer (计算机与网络工程学院),
  a department reviewer (教务部) and 人力资源部, unfiltered and filtered by 姓名 (q), 考核年度 and 环节;
- the pending counts per record type of each (``inbox.pending_counts``);
- a teacher's own record list with its tabs and 合计 (``record_queries.list_records``);

in that schema and in a second one filled alike and then grown to ``--grow`` user tasks (default
1,000,000: approved records of earlier years, three decided tasks each; the open work stays what it was).
The two schemas' calls alternate, so that the load of a shared machine weighs on both sizes alike. Prints
p50 / p95 in ms at both sizes and the ratio of the p95s.

    python bench/scale.py [--records 200000] [--grow 1000000] [--samples 60] [--explain docs/query-plans.md]
                          [--database-url postgresql://…]

``--explain FILE`` writes every statement those calls send with its ``EXPLAIN (ANALYZE, BUFFERS)`` at the
larger size. The schemas (``bench_scale_<pid>``, ``bench_scale_grown_<pid>``) are dropped at the end.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from baseline import load_average, own_schema  # noqa: E402  (bench/ is a folder of scripts)
from lifecycle import build_app  # noqa: E402

TEACHERS = 3000
CHUNK = 50_000
DEPARTMENTS = ("JWB", "XGB", "BWB", "KJB", "RWB", "YGB", "RLB")   # the dept lane by record type; RLB = 人力资源部
REVIEWERS = (("unit", "02019001", "unit_admin", "unit"),         # 黄磊, unit admin of 计算机与网络工程学院
             ("dept", "90010001", "dept_reviewer", "dept"),      # 邓超, 教务部
             ("hr", "90070001", "hr_reviewer", "hr"))            # 潘婷, 人力资源部


def add_teachers(session) -> None:
    """``TEACHERS`` teachers over every unit (accounts ``b0000001`` …)."""
    import sqlalchemy as sa
    session.execute(sa.text("""
        INSERT INTO user_account (account, name, unit_id, password_hash, is_active, created_at, session_version,
                                  is_staff, must_change_password)
        SELECT 'b' || lpad(g::text, 7, '0'), '教师' || g, u.id, 'x', true, now(), 0, true, false
        FROM generate_series(1, :n) g
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM unit) u
          ON u.i = g % (SELECT count(*) FROM unit)
    """), {"n": TEACHERS})
    session.execute(sa.text("""
        INSERT INTO role_grant (user_id, role) SELECT id, 'teacher' FROM user_account WHERE account LIKE 'b%'
    """))


RECORDS_SQL = """
    WITH types AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, category, form_version_id FROM record_type),
         teachers AS (SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, unit_id FROM user_account
                      WHERE account LIKE 'b%'),
         admins AS (SELECT DISTINCT ON (g.unit_id) g.unit_id, g.user_id FROM role_grant g
                    WHERE g.role = 'unit_admin' ORDER BY g.unit_id, g.user_id),
         depts AS (SELECT array_position(CAST(:departments AS text[]), code::text) - 1 AS i, name FROM unit
                   WHERE code = ANY(CAST(:departments AS text[]))),
         src AS (SELECT g, CASE WHEN CAST(:history AS boolean) THEN 'approved'
                                WHEN g % 50 < 2 THEN 'in_review' WHEN g % 50 = 2 THEN 'returned'
                                ELSE 'approved' END AS status,
                        CASE WHEN CAST(:history AS boolean) THEN 2018 ELSE 2022 END + (hash(g, 'y') % 4)::int AS year,
                        hash(g, 't') AS ht, hash(g, 'p') AS hp
                 FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) g)
    INSERT INTO record (id, record_type_code, owner_id, owner_unit_id, submitter_id, origin, category, data, title,
                        workload, assessment_year, status, form_version_id, current_lane, dept_lane, submitted_at,
                        approved_at, is_adjusted, created_at, updated_at, version)
    SELECT s.g, t.code, p.id, p.unit_id, CASE WHEN s.g % 10 = 0 THEN coalesce(a.user_id, p.id) ELSE p.id END,
           CASE WHEN s.g % 10 = 0 AND a.user_id IS NOT NULL THEN 'unit_import' ELSE 'teacher' END, t.category,
           '{}'::json, '记录 ' || s.g, (s.g % 40) + 1, s.year, s.status, t.form_version_id,
           CASE s.status WHEN 'returned' THEN 'applicant'
                         WHEN 'in_review' THEN (ARRAY['unit', 'dept', 'hr'])[1 + (s.g / 50) % 3] END,
           d.name, make_timestamptz(s.year, 3, 1, 0, 0, 0, 'UTC') + make_interval(mins => s.g % 400000),
           CASE WHEN s.status = 'approved' THEN make_timestamptz(s.year, 9, 1, 0, 0, 0, 'UTC') END,
           false, now(), now(), 1
    FROM src s
    JOIN types t ON t.i = s.ht % (SELECT count(*) FROM types)
    JOIN teachers p ON p.i = s.hp % CAST(:teachers AS integer)
    JOIN depts d ON d.i = t.i % 7
    LEFT JOIN admins a ON a.unit_id = p.unit_id
"""

INSTANCES_SQL = """
    INSERT INTO process_instance (id, record_id, definition_version_id, state, status, created_at, version)
    SELECT r.id, r.id, (SELECT min(id) FROM definition_version WHERE kind = 'process'), '{}',
           CASE WHEN r.status = 'approved' THEN 'completed' ELSE 'running' END, r.submitted_at, 1
    FROM record r WHERE r.id BETWEEN CAST(:first AS integer) AND CAST(:last AS integer)
"""

# three tasks per record: k = 0, 1, 2 at the unit, department and HR lanes. Approved: all decided. In review
# at lane L: the lanes before L decided, L open, the ones after it decided in an earlier round (退回).
# Returned: the unit's 退回, the applicant's open task, and an earlier round's unit approval.
TASKS_SQL = """
    WITH hr AS (SELECT id FROM unit WHERE code = 'RLB'),
         lanes AS (SELECT r.*, k,
                          CASE WHEN r.status = 'returned' AND k = 1 THEN 'applicant'
                               WHEN r.status = 'returned' THEN 'unit'
                               ELSE (ARRAY['unit', 'dept', 'hr'])[k + 1] END AS lane,
                          CASE WHEN r.status = 'in_review' THEN array_position(ARRAY['unit', 'dept', 'hr'], r.current_lane) - 1
                               WHEN r.status = 'returned' THEN 1 ELSE -1 END AS open_k
                   FROM record r CROSS JOIN generate_series(0, 2) k
                   WHERE r.id BETWEEN CAST(:first AS integer) AND CAST(:last AS integer))
    INSERT INTO user_task (id, instance_id, record_id, engine_task_id, bpmn_id, name, lane, candidate_role,
                           candidate_unit_id, candidate_category, assignee_id, status, outcome, completed_by_id,
                           created_at, completed_at, record_type_code, owner_id, owner_unit_id, workload,
                           assessment_year, record_status, submitted_at)
    SELECT 3 * (l.id - 1) + l.k + 1, l.id, l.id, md5(l.id || '-' || l.k), l.lane || '_review', l.lane || ' 审核', l.lane,
           CASE WHEN l.lane = 'applicant' THEN 'applicant' WHEN l.lane = 'unit' THEN 'unit_admin'
                WHEN l.lane = 'hr' OR l.dept_lane = '人力资源部' THEN 'hr_reviewer' ELSE 'dept_reviewer' END,
           CASE WHEN l.lane = 'applicant' THEN NULL WHEN l.lane = 'unit' THEN l.owner_unit_id
                WHEN l.lane = 'hr' THEN (SELECT id FROM hr) ELSE (SELECT id FROM unit WHERE name = l.dept_lane) END,
           CASE WHEN l.lane = 'unit' THEN l.category END,
           CASE WHEN l.lane = 'applicant' THEN l.submitter_id END,
           CASE WHEN l.k = l.open_k THEN 'open' ELSE 'completed' END,
           CASE WHEN l.k = l.open_k THEN NULL WHEN l.status = 'returned' AND l.k = 0 THEN 'return'
                WHEN l.open_k >= 0 AND l.k > l.open_k THEN 'return' ELSE 'approve' END,
           CASE WHEN l.k <> l.open_k THEN (SELECT min(id) FROM user_account) END,
           l.submitted_at + make_interval(hours => l.k) - CASE WHEN l.open_k >= 0 AND l.k > l.open_k
                                                             THEN interval '30 days' ELSE interval '0' END,
           CASE WHEN l.k <> l.open_k THEN l.submitted_at + make_interval(hours => l.k + 1) END,
           l.record_type_code, l.owner_id, l.owner_unit_id, l.workload, l.assessment_year, l.status, l.submitted_at
    FROM lanes l
"""


def fill(session, first: int, last: int, *, history: bool) -> float:
    """Records ``first``..``last`` with their instances and tasks, in chunks; returns seconds taken. Type,
    owner and year of a record come from a hash of its number (``hash(g, salt)``), so that they do not
    follow its status and lane, which come from the number itself."""
    import sqlalchemy as sa
    start = time.perf_counter()
    session.execute(sa.text("CREATE OR REPLACE FUNCTION hash(g bigint, salt text) RETURNS bigint LANGUAGE sql "
                            "IMMUTABLE AS $$ SELECT ('x' || substr(md5(g || salt), 1, 8))::bit(32)::bigint $$"))
    for lo in range(first, last + 1, CHUNK):
        hi = min(lo + CHUNK - 1, last)
        bounds = {"first": lo, "last": hi}
        session.execute(sa.text(RECORDS_SQL), bounds | {"history": history, "teachers": TEACHERS,
                                                         "departments": list(DEPARTMENTS)})
        session.execute(sa.text(INSTANCES_SQL), bounds)
        session.execute(sa.text(TASKS_SQL), bounds)
        session.commit()
    for table in ("record", "process_instance", "user_task"):
        session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    session.commit()
    connection = session.connection().connection.dbapi_connection
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE record, process_instance, user_task, user_account")
    connection.autocommit = False
    return time.perf_counter() - start


def calls(session) -> dict[str, Callable[[], object]]:
    """The measured calls by label, each a service function the API uses."""
    import sqlalchemy as sa

    from app.auth.principal import load_principal
    from app.models import User, UserTask
    from app.services.candidates import inbox_task_clause
    from app.services.records import record_queries
    from app.services.review import inbox

    out: dict[str, Callable[[], object]] = {}
    for kind, account, role, lane in REVIEWERS:
        user_id = session.scalar(sa.select(User.id).where(User.account == account))
        principal = load_principal(session, user_id).acting_as(role)
        owner = session.scalar(sa.select(User.name).join(UserTask, UserTask.owner_id == User.id).where(
            UserTask.status == "open", inbox_task_clause(session, principal)).order_by(UserTask.id).limit(1))
        out[f"{kind} page"] = lambda p=principal: inbox.list_inbox(p)
        out[f"{kind} q"] = lambda p=principal, q=owner: inbox.list_inbox(p, q=q)
        out[f"{kind} year"] = lambda p=principal: inbox.list_inbox(p, year=2024)
        out[f"{kind} lane"] = lambda p=principal, lane=lane: inbox.list_inbox(p, lane=lane)
        out[f"{kind} type+year"] = lambda p=principal: inbox.list_inbox(p, record_type="T01", year=2025)
        out[f"{kind} pending"] = lambda p=principal: inbox.pending_counts(p)
    teacher_id = session.scalar(sa.select(User.id).where(User.account == "b0000100"))
    teacher = load_principal(session, teacher_id).acting_as("teacher")
    out["teacher list"] = lambda: record_queries.list_records(teacher)
    out["teacher T01 in_review"] = lambda: record_queries.list_records(teacher, record_type="T01", status="in_review")
    return out


def measure(apps: list, samples: int) -> list[dict[str, tuple[float, float, int]]]:
    """For each app (one schema each): ``{label: (p50 ms, p95 ms, rows counted)}`` over ``samples`` calls
    of each measured call (after five warm-up calls). The apps' calls alternate, so that the load of the
    machine weighs on every size alike and their ratio means something. Every call runs in an app context
    of its own (a fresh session and transaction, as a request has)."""
    from app.extensions import db
    prepared = []
    for app in apps:
        with app.app_context():
            prepared.append(calls(db.session))
    results: list[dict[str, tuple[float, float, int]]] = [{} for _ in apps]
    for label in prepared[0]:
        seconds: list[list[float]] = [[] for _ in apps]
        totals = [0] * len(apps)
        for i in range(samples + 5):
            for n, app in enumerate(apps):
                with app.app_context():
                    start = time.perf_counter()
                    answer = prepared[n][label]()
                    elapsed = time.perf_counter() - start
                if i >= 5:
                    seconds[n].append(elapsed)
                totals[n] = getattr(answer, "total", None) or (sum(answer.values()) if isinstance(answer, dict) else 0)
        for n in range(len(apps)):
            ordered = sorted(seconds[n])
            results[n][label] = (statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1) + 0.5)] * 1000,
                                 totals[n])
    return results


PLANS_MARK = "<!-- plans: written by bench/scale.py --explain; everything below this line is replaced -->"


def explain(session, path: Path, sizes: str) -> None:
    """Write every statement of the measured calls with its EXPLAIN (ANALYZE, BUFFERS) to ``path``, below
    ``PLANS_MARK`` (the text above it is kept)."""
    import psycopg
    from sqlalchemy import event

    from app.extensions import db
    head = path.read_text(encoding="utf-8").split(PLANS_MARK)[0] if path.exists() else ""
    lines = [head.rstrip("\n"), "", PLANS_MARK, "", f"Measured at {sizes} ({load_average()}).", ""]
    for label, call in calls(session).items():
        statements: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany, into=statements):
            into.append((statement, parameters))
        session.rollback()
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            call()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
        lines += [f"### {label}", ""]
        raw = session.connection().connection.dbapi_connection
        with raw.cursor() as cursor:
            for statement, parameters in statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                shown = psycopg.ClientCursor(raw).mogrify(statement, parameters)      # the values inline, to read
                lines += ["```sql", str(shown).strip(), "```", "", "```", plan, "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def count_tasks(session) -> tuple[int, int, int]:
    import sqlalchemy as sa
    return session.execute(sa.text("SELECT (SELECT count(*) FROM record), count(*), count(*) FILTER (WHERE status = 'open') "
                                   "FROM user_task")).one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, help="records at the first size (3 tasks each)")
    parser.add_argument("--grow", type=int, default=1_000_000, help="user tasks at the second size")
    parser.add_argument("--samples", type=int, default=60, help="calls per measurement (>= 50 for a p95)")
    parser.add_argument("--explain", type=Path, help="write the statements and their plans at the second size here")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("a PostgreSQL --database-url is needed (plans and bulk SQL are what is measured)")
    sys.path.insert(0, str(ROOT.parent))
    from config import normalise_database_url
    base = normalise_database_url(args.database_url)
    with own_schema(base, "bench_scale") as first_url, own_schema(base, "bench_scale_grown") as second_url:
        from app.extensions import db
        apps, sizes = [build_app(first_url), build_app(second_url)], []
        for n, app in enumerate(apps):          # the same rows in both schemas; the second one then grows
            with app.app_context():
                add_teachers(db.session)
                db.session.commit()
                seconds = fill(db.session, 1, args.records, history=False)
                size = count_tasks(db.session)
                print(f"schema {n + 1}: filled {size[0]} records, {size[1]} user tasks ({size[2]} open) in {seconds:.0f} s")
                if n == 1:
                    extra = max(0, (args.grow - size[1]) // 3)
                    seconds = fill(db.session, args.records + 1, args.records + extra, history=True)
                    size = count_tasks(db.session)
                    print(f"schema 2: grown to {size[0]} records, {size[1]} user tasks ({size[2]} open) in {seconds:.0f} s")
                sizes.append(size)
        small, large = measure(apps, args.samples)
        print(f"\n{'call':24} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8} | {'rows':>6} {'p50 ms':>8} {'p95 ms':>8} | p95 ratio")
        print(f"{'':24} {f'{sizes[0][1]:,} tasks':>24} | {f'{sizes[1][1]:,} tasks':>24} |")
        for label, (p50, p95, rows) in small.items():
            q50, q95, rows2 = large[label]
            print(f"{label:24} {rows:6} {p50:8.1f} {p95:8.1f} | {rows2:6} {q50:8.1f} {q95:8.1f} | {q95 / p95:5.2f}")
        worst = [max(p95 for _, p95, _ in result.values()) for result in (small, large)]
        print(f"\nworst p95: {worst[0]:.1f} ms at {sizes[0][1]:,}, {worst[1]:.1f} ms at {sizes[1][1]:,} tasks; {load_average()}")
        if args.explain:
            with apps[1].app_context():
                explain(db.session, args.explain, f"{sizes[1][1]:,} user tasks")
            print(f"plans written to {args.explain}")
        for app in apps:
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main()
