"""The engine under test: one adapter per test module (it caches parsed specs, as in the app)."""
import pytest

from app.engine import WorkflowEngine


@pytest.fixture(scope="module")
def engine() -> WorkflowEngine:
    return WorkflowEngine()
