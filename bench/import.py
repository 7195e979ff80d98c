"""Benchmark: the unit-admin import (catalog §4.1) of a generated T03 file, through the HTTP API.

For each size (default 500 and 5,000 data rows) a child process builds the app on a fresh database
schema, writes the file (openpyxl write-only), then as 高远 (05019001): upload (file checks + scan),
preview (parse + validate every row, rows stored), commit (every record created and its process
started, in one transaction, in-process as without Redis). It prints the seconds of each step, the
records committed per second and the peak RSS during the import (the high-water mark is reset after the app is built), so memory
can be compared across sizes.

    python bench/import.py [--rows 500 5000] [--database-url URL] [--baseline REV]

The database is ``--database-url``, else ``DATABASE_URL``, else a SQLite file; on PostgreSQL each run
uses its own schema, dropped afterwards. With ``--baseline main`` each size is measured first on that
revision's code (bench/baseline.py), then on this tree's, and the ratio of the preview → committed times
is printed with the load average. Target (issue 10): preview → committed ≤ 10 s for 5,000 rows.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from baseline import count_statements, load_average, ratio, runs  # noqa: E402 - sets the application's path

ADMIN = "05019001"
TEACHERS = [("05010001", "张伟"), ("05010002", "孙丽"), ("05010003", "周强"), ("05019001", "高远")]
HEADERS = ["教职工账号", "教职工姓名", "考核年度", "类型", "考试日期", "场次", "工作量", "备注"]
KINDS = ["命题", "考官", "监考", "考务"]


def generated_t03(rows: int) -> bytes:
    """A T03 file of ``rows`` distinct valid rows (write-only mode: memory flat in the row count)."""
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("临床医学专业水平测试")
    sheet.append(HEADERS)
    for n in range(rows):
        account, name = TEACHERS[n % len(TEACHERS)]
        sheet.append([account, name, 2025, KINDS[n % 4], f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", 1 + n % 5,
                      4 + n % 7, f"批量 {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rss_mb() -> float:
    """Peak RSS since the last ``reset_peak`` (Linux VmHWM), else since the process started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mb()


def reset_peak() -> None:
    """Reset the peak RSS (Linux: writing 5 to /proc/self/clear_refs), so app setup does not count."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def run_one(rows: int, database_url: str) -> dict:
    import sqlalchemy as sa

    from config import normalise_database_url
    database_url = normalise_database_url(database_url)
    schema = None
    if database_url.startswith("postgresql"):
        schema = f"bench_import_{os.getpid()}"
        engine = sa.create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        engine.dispose()
        database_url = f"{database_url}{'&' if '?' in database_url else '?'}options=-csearch_path%3D{schema}"
    try:
        return _measure(rows, database_url)
    finally:
        if schema:
            engine = sa.create_engine(database_url.split("?")[0])
            with engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            engine.dispose()


def _measure(rows: int, database_url: str) -> dict:
    os.environ.pop("REDIS_URL", None)
    from lifecycle import build_app
    app = build_app(database_url)
    app.config["ATTACHMENT_DIR"] = Path(tempfile.mkdtemp(prefix="bench-import-"))
    client = app.test_client()
    token = client.post("/api/v1/auth/tokens", json={"account": ADMIN, "password": "demo-password"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    content = generated_t03(rows)
    baseline = current_rss_mb()
    reset_peak()

    t0 = time.perf_counter()
    response = client.post("/api/v1/imports/types/T03/batches", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), f"T03-{rows}.xlsx")})
    assert response.status_code == 201, response.get_json()
    batch = response.get_json()
    t1 = time.perf_counter()
    preview = client.post(f"/api/v1/imports/batches/{batch['id']}/preview", headers=headers).get_json()
    assert preview["valid_count"] == rows, preview
    t2 = time.perf_counter()
    statements = count_statements(app)
    response = client.post(f"/api/v1/imports/batches/{batch['id']}/commit", headers=headers)
    assert response.status_code == 202, response.get_json()
    t3 = time.perf_counter()
    done = client.get(f"/api/v1/imports/batches/{batch['id']}", headers=headers).get_json()
    assert done["status"] == "committed" and done["imported_count"] == rows, done
    return {"rows": rows, "file_kb": round(len(content) / 1024), "upload_s": round(t1 - t0, 2),
            "preview_s": round(t2 - t1, 2), "commit_s": round(t3 - t2, 2), "total_s": round(t3 - t0, 2),
            "preview_to_committed_s": round(t3 - t1, 2),
            "records_per_s": round(rows / (t3 - t2), 1), "sql_per_record": round(statements[0] / rows, 1),
            "rss_before_mb": round(baseline, 1),
            "peak_rss_mb": round(rss_mb(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--baseline", metavar="REV", help="also measure this git revision first (e.g. main)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-import-')) / 'bench.db'}"
    if args.one:
        print(json.dumps(run_one(args.one, url)))
        return
    print(f"database: {url.split('@')[-1]}; before: {load_average()}")
    results = []
    for rows in args.rows:       # one process per size and code, so peak RSS is that import's own
        results += runs(Path(__file__), ["--one", str(rows), "--database-url", url], args.baseline)
    print(f"after: {load_average()}")
    print("| code | rows | file | upload+scan s | preview s | commit s | preview → committed s | records/s (commit) "
          "| SQL statements/record | RSS before → peak during import, MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, r in results:
        print(f"| {label} | {r['rows']} | {r['file_kb']} KB | {r['upload_s']} | {r['preview_s']} | {r['commit_s']} "
              f"| {r['preview_to_committed_s']} | {r['records_per_s']} | {r['sql_per_record']} "
              f"| {r['rss_before_mb']} → {r['peak_rss_mb']} |")
    if args.baseline:
        for (_, old), (_, new) in zip(results[::2], results[1::2], strict=True):
            print(f"{new['rows']} rows, this tree vs {args.baseline}: commit {ratio(old['commit_s'], new['commit_s'])} "
                  f"faster, preview → committed {ratio(old['preview_to_committed_s'], new['preview_to_committed_s'])} "
                  f"faster ({new['preview_to_committed_s']} s; target ≤ 10 s for 5,000 rows)")


if __name__ == "__main__":
    main()
