"""The only expression language of the engine: a simpleeval sandbox plus the upload allow-list.

SpiffWorkflow sends every gateway condition, DMN cell and timer expression through
``PythonScriptEngine.environment.evaluate`` and every script (scriptTask, ``spiffworkflow:preScript`` /
``postScript``) through ``execute``; service tasks go through ``call_service``. Replacing the environment
is the one choke point (engine-notes §3): ``evaluate`` runs simpleeval, the other two refuse.

``check_expression`` is the deploy-time allow-list used by the lint (names, constants, comparisons,
boolean operators, arithmetic, tuples/lists, ``in``, calls to :data:`FUNCTIONS`). The run-time sandbox is
the real guard; the lint gives the process admin an early ``line N: …`` message.
"""
from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable, Mapping

from simpleeval import EvalWithCompoundTypes, SimpleEval
from SpiffWorkflow.bpmn.script_engine import BasePythonScriptEngineEnvironment, PythonScriptEngine

FUNCTIONS: dict[str, Callable[..., object]] = {
    "len": len, "min": min, "max": max, "abs": abs, "round": round, "sum": sum,
    "any": any, "all": all, "int": int, "float": float, "str": str, "bool": bool,
}
"""Functions an expression may call (engine-notes §3)."""

DMN_INPUT_PLACEHOLDER = "dmninputexpr"
"""Name SpiffWorkflow substitutes for ``?`` in a DMN input entry (``DMNEngine.evaluate``)."""

_QUESTION_MARK = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")   # same regex as DMNEngine
_MAX_CACHE = 4096

_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot)
_BIN_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
_UNARY_OPS = (ast.Not, ast.USub, ast.UAdd)
_CONSTANTS = (str, int, float, bool, type(None))


class ScriptsDisabledError(PermissionError):
    """Raised for any attempt to execute a script or call a service."""


class SimpleEvalEnvironment(BasePythonScriptEngineEnvironment):
    """Expression-only environment: simpleeval for ``evaluate``; scripts and services refused.

    Parsed expressions are cached (bounded): definitions are deployed content, so the set is small.
    """

    def __init__(self) -> None:
        super().__init__({})
        self._cache: dict[str, ast.AST] = {}
        self._lock = threading.Lock()
        self._local = threading.local()     # one evaluator per thread, its names set per call

    def evaluate(self, expression: str, context: Mapping[str, object],
                 external_context: Mapping[str, object] | None = None) -> object:
        """Evaluate one expression against task data (+ DMN placeholder); raises simpleeval errors."""
        parsed = self._cache.get(expression)
        if parsed is None:
            parsed = SimpleEval.parse(expression)
            with self._lock:
                if len(self._cache) >= _MAX_CACHE:
                    self._cache.clear()
                self._cache[expression] = parsed
        names = dict(context)
        if external_context:
            names.update(external_context)
        evaluator = getattr(self._local, "evaluator", None)
        if evaluator is None:       # building one costs 3× an evaluation: once per thread, not per expression
            evaluator = self._local.evaluator = EvalWithCompoundTypes(functions=FUNCTIONS)
        evaluator.names = names
        return evaluator.eval(expression, previously_parsed=parsed)

    def execute(self, script: str, context: Mapping[str, object],
                external_context: Mapping[str, object] | None = None) -> bool:
        """Refuse: scriptTask, preScript and postScript are disabled."""
        raise ScriptsDisabledError("scripts are disabled in this engine")

    def call_service(self, context: Mapping[str, object], **kwargs: object) -> object:
        """Refuse: service tasks are disabled."""
        raise ScriptsDisabledError("service tasks are disabled in this engine")


def build_script_engine() -> PythonScriptEngine:
    """Return a ``PythonScriptEngine`` bound to a fresh :class:`SimpleEvalEnvironment`."""
    return PythonScriptEngine(environment=SimpleEvalEnvironment())


def substitute_question_mark(entry: str) -> str:
    """Rewrite a DMN ``?``-form input entry the way SpiffWorkflow does (``? in ("a",)`` → ``dmninputexpr in …``)."""
    return _QUESTION_MARK.sub(DMN_INPUT_PLACEHOLDER, entry)


def has_question_mark(entry: str) -> bool:
    """Tell whether a DMN input entry uses the ``?`` form (a ``?`` outside string quotes)."""
    return DMN_INPUT_PLACEHOLDER in substitute_question_mark(entry)


def check_expression(text: str) -> str | None:
    """Check an expression against the allow-list.

    Args:
        text: a gateway condition, timer expression or DMN cell (``?`` already substituted).

    Returns:
        None when allowed, else an English reason such as ``"attribute access is not allowed"``.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        return f"invalid expression syntax ({exc.msg})"
    for node in ast.walk(tree):
        reason = _check_node(node)
        if reason:
            return reason
    return None


def is_literal(text: str) -> bool:
    """Tell whether a DMN cell is one plain literal: a string, number, True/False/None (negatives too)."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        tree = tree.operand
        return isinstance(tree, ast.Constant) and type(tree.value) in (int, float)
    return isinstance(tree, ast.Constant) and isinstance(tree.value, _CONSTANTS)


def _check_node(node: ast.AST) -> str | None:
    """Return why one AST node is refused, or None."""
    allowed_plain = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.Load, ast.IfExp, ast.Tuple, ast.List)
    if isinstance(node, allowed_plain):
        return None
    if isinstance(node, ast.Constant):
        return None if isinstance(node.value, _CONSTANTS) else "only str/number/bool/None constants are allowed"
    if isinstance(node, ast.Name):
        return f"name '{node.id}' is not allowed (leading underscore)" if node.id.startswith("_") else None
    if isinstance(node, ast.UnaryOp):
        return None if isinstance(node.op, _UNARY_OPS) else "operator not allowed"
    if isinstance(node, ast.BinOp):
        return None if isinstance(node.op, _BIN_OPS) else f"operator {type(node.op).__name__} is not allowed"
    if isinstance(node, ast.Compare):
        bad = [op for op in node.ops if not isinstance(op, _COMPARE_OPS)]
        return f"comparison {type(bad[0]).__name__} is not allowed" if bad else None
    if isinstance(node, (ast.unaryop, ast.operator, ast.cmpop, ast.boolop)):
        return None   # operator tokens themselves; the owning node was checked above
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            return "method calls and attribute access are not allowed"
        if node.func.id not in FUNCTIONS:
            return f"call to '{node.func.id}' is not allowed (allowed: {', '.join(sorted(FUNCTIONS))})"
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            return "keyword or starred arguments are not allowed"
        return None
    if isinstance(node, ast.Subscript):
        simple = isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Constant) \
            and isinstance(node.slice.value, (str, int))
        return None if simple else "only simple subscripts like name['key'] or name[0] are allowed"
    if isinstance(node, ast.Attribute):
        return "attribute access is not allowed"
    return f"{type(node).__name__} is not allowed in expressions"
