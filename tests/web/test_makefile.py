"""The Makefile's promises (dry runs, nothing executed): make run checks the port before any set-up
and serves where PORT/HOST say; make test runs pytest, Vitest and Playwright, in that order."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry(*args: str) -> list[str]:
    result = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_run_checks_the_port_first_and_serves_where_asked():
    lines = _dry("run", "PORT=5999", "HOST=0.0.0.0")
    assert "scripts/port_free.py 0.0.0.0 5999" in lines[0]
    assert any("flask seed-demo" in line and "--no-content" not in line for line in lines)
    assert "flask run --host 0.0.0.0 --port 5999" in lines[-1]
    assert any("http://0.0.0.0:5999/" in line for line in lines)


def test_test_runs_pytest_then_vitest_then_playwright():
    lines = _dry("test")
    order = [next(i for i, line in enumerate(lines) if marker in line)
             for marker in ("-m pytest", "vitest run", "playwright test")]
    assert order == sorted(order)
    assert any("/usr/bin/chromium" in line for line in lines)      # apt-get only when it is missing
    assert not any("playwright install" in line for line in lines)
