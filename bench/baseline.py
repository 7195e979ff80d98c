"""Before and after in one run: a bench measures another revision of the application beside this one.

    python bench/import.py --baseline main --database-url postgresql://…

``export(rev)`` writes ``git archive <rev>`` into a temporary folder; the bench then runs the same
measurement twice, each in a child process: once with ``HRPERF_APP_ROOT`` naming that folder (``app``,
``config``, migrations and definitions are imported from it, the bench harness stays this one) and once
on this tree, back to back, and prints both with their ratio. The machine is shared: read the ratio,
not the absolute figures, and the load average printed beside them.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
APP_ROOT = Path(os.environ.get("HRPERF_APP_ROOT") or ROOT)
"""The application measured: this tree, or the exported revision a parent bench named."""
if str(APP_ROOT) not in sys.path:
    sys.path.insert(0, str(APP_ROOT))


def export(rev: str) -> Path:
    """``git archive rev`` of this repository unpacked into a new temporary folder (removed by the caller)."""
    folder = Path(tempfile.mkdtemp(prefix="hrperf-baseline-"))
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run_child(script: Path, args: list[str], app_root: Path | None = None) -> dict:
    """Run ``script args`` in a child process measuring ``app_root`` (default this tree); its last
    output line is a JSON object, returned."""
    env = {**os.environ, "PYTHONPATH": str(BENCH), "HRPERF_APP_ROOT": str(app_root or ROOT)}
    out = subprocess.run([sys.executable, str(script), *args], check=True, capture_output=True, text=True,
                         cwd=app_root or ROOT, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_average() -> str:
    """``uptime``'s three load averages, for the report beside the figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


@contextlib.contextmanager
def own_schema(database_url: str, prefix: str) -> Iterator[str]:
    """On PostgreSQL, a schema of this process's own for the run (dropped afterwards) and the URL using it;
    any other database URL is yielded unchanged."""
    if not database_url.startswith("postgresql"):
        yield database_url
        return
    import sqlalchemy as sa
    schema = f"{prefix}_{os.getpid()}"
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    try:
        yield f"{database_url}{'&' if '?' in database_url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def ratio(before: float, after: float) -> str:
    """``x3.20`` (how many times ``after`` is better when smaller is better, e.g. seconds)."""
    return f"x{before / after:.2f}" if after else "—"


def runs(script: Path, args: list[str], baseline: str | None) -> list[tuple[str, dict]]:
    """``[(label, result)]``: ``script args`` measured on ``baseline``'s code first (when given), then on this tree's."""
    results = []
    if baseline:
        tree = export(baseline)
        try:
            results.append((baseline, run_child(script, args, tree)))
        finally:
            shutil.rmtree(tree, ignore_errors=True)
    results.append(("this tree", run_child(script, args)))
    return results


def count_statements(app) -> list[int]:
    """A counter of the SQL statements the app sends from now on (an executemany counts once)."""
    from sqlalchemy import event

    from app.extensions import db
    counter = [0]
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args):
        counter[0] += 1
    return counter
