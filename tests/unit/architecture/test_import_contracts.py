"""The import contracts (.importlinter) hold, and each kind of forbidden import breaks them.

Each breaking case copies app/ and .importlinter to a temporary folder, adds one import there, and
runs lint-imports on the copy: the run fails and names the contract.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("app/services/scope.py", "import app.tasks.outbox", "adapters on top"),
    ("app/services/review/inbox.py", "from app.api import security", "adapters on top"),
    ("app/models/records.py", "from app.services import uow", "adapters on top"),
    ("app/api/records.py", "from app.models import Record", "reach data only through services"),
    ("app/services/files/attachments.py", "from app.services.records import record_data", "inside services"),
    ("app/services/scope.py", "from app.services.review import inbox", "inside services"),
    ("app/definitions/forms.py", "import flask", "definitions and excel are pure"),
    ("app/engine/steps.py", "import sqlalchemy", "the engine knows nothing"),
    ("app/models/base.py", "import SpiffWorkflow", "only app.engine imports SpiffWorkflow"),
    ("app/engine/errors.py", "from app.engine import runtime", "no import circles"),
], ids=lambda value: value if isinstance(value, str) and value.startswith("app/") else "")
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # deliberately forbidden\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [text for text in result.stdout.split("\n") if text.endswith("BROKEN")]
    assert any(contract in text for text in broken) or contract in result.stdout.split("Broken contracts")[-1], \
        result.stdout
