"""Layering rules of style.md §2, checked on the source: adapters on top, the engine at the bottom."""
import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[3] / "app"


def _imports(package: str) -> list[tuple[str, str]]:
    """(module file, imported module name) for every run-time import under app/<package>
    (imports under ``if TYPE_CHECKING:`` are type hints only and do not count)."""
    assert not package or (APP / package).is_dir(), f"app/{package} is gone: update the layering rules"
    found = []
    for path in sorted((APP / package).rglob("*.py")) if package else sorted(APP.glob("*.py")):
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


@pytest.mark.parametrize("package", ["", "api", "services", "models", "definitions", "auth", "tasks", "excel"])
def test_only_the_engine_adapter_imports_spiffworkflow(package):
    assert _offenders(package, ("SpiffWorkflow",)) == []


def test_the_engine_knows_nothing_of_flask_sqlalchemy_or_the_rest_of_the_app():
    assert _offenders("engine", ("flask", "sqlalchemy", "app.services", "app.models", "app.api")) == []


def test_services_never_read_request_state():
    assert _offenders("services", ("flask.request", "flask.g", "flask.session", "app.api")) == []


def test_views_do_not_query_models_or_commit():
    """Views parse, call one service and render (style.md §3): no ORM classes, no session.
    Value lists (e.g. ``WITHDRAWAL_OUTCOMES``) may be shared with the schemas."""
    offenders = [(f, m) for f, m in _offenders("api", ("app.models", "app.extensions.db"))
                 if m.rsplit(".", 1)[-1][:1].isupper() and not m.rsplit(".", 1)[-1].isupper() or m.endswith(".db")]
    assert offenders == []


def test_pure_layers_stay_pure():
    for package in ("definitions", "excel"):
        assert _offenders(package, ("flask", "app.services", "app.models", "app.api")) == [], package


def test_the_checker_sees_real_imports():
    """Guards the guard: the walker finds imports that do exist, so the empty lists above mean something."""
    assert ("engine/runtime.py", "SpiffWorkflow") in {(f, m.split(".")[0]) for f, m in _imports("engine")}
    assert _offenders("services", ("app.models",)) != []
    assert _offenders("api", ("app.services",)) != []
