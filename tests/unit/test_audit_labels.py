"""Every action the app audits has its Chinese 操作 label in the 审计日志 (catalog §3.8): a new audited action
without one would show its code to the administrator."""
import re
from pathlib import Path

from app.services.administration.audit_log import ACTION_LABELS

APP = Path(__file__).resolve().parents[2] / "app"
# the action codes named in calls of services.audit.audit (a literal, or both arms of a conditional)
CALL = re.compile(r"\baudit\([^,]+,[^,]+,\s*((?:\"[a-z_.]+\"(?:\s+if\s+[^\"]+else\s+)?)+)")


def _audited_actions() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in CALL.finditer(text):
            found.update(re.findall(r"\"([a-z_.]+)\"", call.group(1)))
    return found


def test_every_audited_action_has_a_label():
    actions = _audited_actions()
    assert {"account.create", "definition.draft_save", "reference.retire", "reference.restore"} <= actions
    assert sorted(actions - ACTION_LABELS.keys()) == []
