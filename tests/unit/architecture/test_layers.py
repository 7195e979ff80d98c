"""Layering rules import-linter cannot express (it sees modules, not names); the rest are the
contracts in .importlinter, run by ``make lint`` and by test_import_contracts.py."""
import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[3] / "app"


def _imports(package: str) -> list[tuple[str, str]]:
    """(module file, imported name) for every run-time import under app/<package>, names included
    (``from flask import request`` → ``flask.request``); imports under ``if TYPE_CHECKING:`` do not count."""
    assert (APP / package).is_dir(), f"app/{package} is gone: update the layering rules"
    found = []
    for path in sorted((APP / package).rglob("*.py")):
        name = str(path.relative_to(APP))
        stack = [ast.parse(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                stack.extend(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found += [(name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [(name, node.module)] + [(name, f"{node.module}.{alias.name}") for alias in node.names]
            stack.extend(ast.iter_child_nodes(node))
    return found


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f, m) for f, m in _imports(package) if any(m == p or m.startswith(p + ".") for p in forbidden)]


def test_services_never_read_request_state():
    """The adapter passes a Principal; services never touch flask.request, g or session (style.md §2)."""
    assert _offenders("services", ("flask.request", "flask.g", "flask.session")) == []


def test_the_checker_sees_real_imports():
    """Guards the guard: the walker finds names that are imported, so the empty list above means something."""
    assert ("api/auth.py", "flask.request") in _imports("api")
    assert ("services/messaging/notifications.py", "flask.current_app") in _imports("services")
