"""Upload lint for BPMN and DMN documents, run before SpiffWorkflow ever sees the bytes.

Order: size and defusedxml check (any DTD or entity is refused) → hardened lxml parse → element
allow-lists → expression allow-list (``expressions.check_expression``) → lanes. Every finding is a
:class:`LintIssue` whose ``str()`` is ``"line N: message"`` (lxml ``sourceline``).

Sources: engine-notes §2 (traps), §3 (attack matrix, upload lint); style.md §7 (file checks on load).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import defusedxml.ElementTree as defused_et
from defusedxml import DefusedXmlException
from lxml import etree

from .due import DUE_PROPERTY, due_problem, lane_due_elements
from .errors import DefinitionInvalidError, LintIssue
from .expressions import check_expression, has_question_mark, is_literal, substitute_question_mark

MAX_DOCUMENT_BYTES = 2_000_000
DEFAULT_LANES = frozenset({"applicant", "unit", "dept", "hr"})
"""Lane names a process may use; the service maps each to a candidate group (catalog §2.6)."""

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_BPMN_DIAGRAM_NS = frozenset({
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
})
DMN_NS = frozenset({
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20191111/MODEL/",
})
_DMN_DIAGRAM_NS = frozenset({
    "https://www.omg.org/spec/DMN/20191111/DMNDI/",
    "http://www.omg.org/spec/DMN/20180521/DMNDI/",
    "http://www.omg.org/spec/DMN/20180521/DC/",
    "http://www.omg.org/spec/DMN/20180521/DI/",
})

BPMN_ELEMENTS = frozenset({
    "definitions", "process", "collaboration", "participant", "laneSet", "lane", "flowNodeRef",
    "startEvent", "endEvent", "userTask", "businessRuleTask", "exclusiveGateway", "parallelGateway",
    "sequenceFlow", "conditionExpression", "incoming", "outgoing", "extensionElements", "documentation",
    "textAnnotation", "text", "association", "group", "category", "categoryValue",
    # timers / escalation (catalog: 超时催办, engine-notes §6)
    "boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent", "timerEventDefinition",
    "timeDuration", "timeDate", "timeCycle", "escalationEventDefinition", "escalation",
    "terminateEventDefinition",
})
_BPMN_REFUSAL_REASONS = {
    "scriptTask": "scripts are disabled",
    "serviceTask": "service tasks are disabled",
    "sendTask": "message tasks are not supported",
    "receiveTask": "message tasks are not supported",
    "task": "an untyped task is a silent manual wait state; use userTask",
    "manualTask": "a manual task is a silent wait state; use userTask",
    "callActivity": "call activities are not supported yet",
    "subProcess": "sub-processes are not supported yet",
    "transaction": "sub-processes are not supported yet",
    "adHocSubProcess": "sub-processes are not supported yet",
    "script": "scripts are disabled",
    "multiInstanceLoopCharacteristics": "multi-instance tasks are not supported yet",
    "standardLoopCharacteristics": "loops are not supported",
}
SPIFF_ELEMENTS = frozenset({"properties", "property", "calledDecisionId"})
_EXPRESSION_ELEMENTS = frozenset({"conditionExpression", "timeDuration", "timeDate", "timeCycle"})

DMN_ELEMENTS = frozenset({
    "definitions", "decision", "description", "decisionTable", "input", "inputExpression", "text",
    "output", "rule", "inputEntry", "outputEntry", "textAnnotation",
})
_DMN_HIT_POLICIES = frozenset({"UNIQUE", "FIRST"})
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def parse_secure(xml: bytes) -> tuple[etree._Element | None, list[LintIssue]]:
    """Parse an uploaded document after refusing DTDs, entities and oversized input.

    Args:
        xml: the raw document bytes.

    Returns:
        ``(root, [])`` on success, ``(None, issues)`` when the document is refused or malformed.
    """
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    if len(xml) > MAX_DOCUMENT_BYTES:
        return None, [LintIssue(None, f"document is larger than {MAX_DOCUMENT_BYTES} bytes")]
    try:
        defused_et.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return None, [LintIssue(_line_of(xml, (b"<!DOCTYPE", b"<!ENTITY")),
                                f"DTDs and entities are not allowed ({type(exc).__name__})")]
    except defused_et.ParseError as exc:
        return None, [LintIssue(exc.position[0], f"malformed XML: {exc}")]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser=parser), []
    except etree.XMLSyntaxError as exc:
        return None, [LintIssue(exc.lineno, f"malformed XML: {exc.msg}")]


def require_secure(xml: bytes) -> etree._Element:
    """Parse like :func:`parse_secure`; raises DefinitionInvalidError instead of returning issues."""
    root, issues = parse_secure(xml)
    if root is None:
        raise DefinitionInvalidError(issues)
    return root


def lint_bpmn(xml: bytes, allowed_lanes: Iterable[str] = DEFAULT_LANES) -> list[LintIssue]:
    """Lint a BPMN document.

    Args:
        xml: BPMN 2.0 XML bytes.
        allowed_lanes: lane ``name`` values the service knows how to staff.

    Returns:
        All issues found, in document order; empty when the document may be parsed.
    """
    root, issues = parse_secure(xml)
    if root is None:
        return issues
    if _qname(root) != (BPMN_NS, "definitions"):
        return [LintIssue(root.sourceline, "root element must be bpmn:definitions")]
    for element in _elements(root):
        issues.extend(_check_bpmn_element(element))
    issues.extend(_check_lanes(root, frozenset(allowed_lanes)))
    issues.extend(_check_flow_references(root))
    return sorted(issues, key=lambda issue: issue.line or 0)


def lint_dmn(xml: bytes) -> list[LintIssue]:
    """Lint a DMN document: one decision, one table, UNIQUE/FIRST, safe Python cells.

    Args:
        xml: DMN 1.1/1.2/1.3 XML bytes.

    Returns:
        All issues found; empty when the document may be parsed.
    """
    root, issues = parse_secure(xml)
    if root is None:
        return issues
    ns, local = _qname(root)
    if ns not in DMN_NS or local != "definitions":
        return [LintIssue(root.sourceline, "root element must be a DMN 1.1/1.2/1.3 definitions element")]
    for element in _elements(root):
        ens, elocal = _qname(element)
        if ens in _DMN_DIAGRAM_NS:
            continue
        if ens != ns or elocal not in DMN_ELEMENTS:
            hint = " (use the rule's description instead)" if elocal in ("annotation", "annotationEntry") else ""
            issues.append(LintIssue(element.sourceline, f"element {_pretty(element)} is not allowed{hint}"))
    issues.extend(_check_decision_table(root, ns))
    return sorted(issues, key=lambda issue: issue.line or 0)


def referenced_decisions(root: etree._Element) -> tuple[str, ...]:
    """Return the ``spiffworkflow:calledDecisionId`` values of a parsed BPMN tree, in order, unique."""
    found = [(el.text or "").strip() for el in root.iter(f"{{{SPIFF_NS}}}calledDecisionId")]
    return tuple(dict.fromkeys(value for value in found if value))


def decision_id_of(root: etree._Element) -> str:
    """Return the id of the (single) decision of a parsed DMN tree; raises DefinitionInvalidError."""
    ns = etree.QName(root).namespace
    decisions = root.findall(f"{{{ns}}}decision")
    if len(decisions) != 1 or not decisions[0].get("id"):
        issue = LintIssue(root.sourceline, "a DMN file must hold exactly one decision with an id")
        raise DefinitionInvalidError([issue])
    return decisions[0].get("id")


def _check_bpmn_element(element: etree._Element) -> list[LintIssue]:
    """Check one BPMN element against the allow-lists and its expression, if any."""
    ns, local = _qname(element)
    line = element.sourceline
    if ns in _BPMN_DIAGRAM_NS:
        return []
    if ns == SPIFF_NS:
        if local in SPIFF_ELEMENTS:
            return _check_called_decision(element) if local == "calledDecisionId" else []
        reason = " (scripts are disabled)" if "script" in local.lower() else ""
        return [LintIssue(line, f"element spiffworkflow:{local} is not allowed{reason}")]
    if ns != BPMN_NS:
        return [LintIssue(line, f"element {_pretty(element)} is not allowed (unknown namespace)")]
    if local not in BPMN_ELEMENTS:
        why = _BPMN_REFUSAL_REASONS.get(local)
        return [LintIssue(line, f"element bpmn:{local} is not allowed" + (f" ({why})" if why else ""))]
    if local in _EXPRESSION_ELEMENTS:
        return _check_text_expression(element, f"bpmn:{local}")
    if local == "businessRuleTask" and element.find(f".//{{{SPIFF_NS}}}calledDecisionId") is None:
        return [LintIssue(line, f"businessRuleTask '{element.get('id')}' has no spiffworkflow:calledDecisionId")]
    return []


def _check_called_decision(element: etree._Element) -> list[LintIssue]:
    """A calledDecisionId must be a plain identifier (it is also a DMN file stem)."""
    value = (element.text or "").strip()
    if _IDENTIFIER.match(value):
        return []
    return [LintIssue(element.sourceline, f"calledDecisionId '{value}' is not a valid decision id")]


def _check_text_expression(element: etree._Element, what: str) -> list[LintIssue]:
    """Check the text of an expression element (condition, timer)."""
    text = (element.text or "").strip()
    if not text:
        return [LintIssue(element.sourceline, f"{what} is empty")]
    reason = check_expression(text)
    return [LintIssue(element.sourceline, f"{what} '{text}': {reason}")] if reason else []


def _check_lanes(root: etree._Element, allowed: frozenset[str]) -> list[LintIssue]:
    """Every lane name is known, and every userTask sits in a lane."""
    issues = []
    in_lane: set[str] = set()
    for lane in root.iter(f"{{{BPMN_NS}}}lane"):
        name = lane.get("name")
        if name not in allowed:
            issues.append(LintIssue(lane.sourceline, f"lane name '{name}' is not one of {', '.join(sorted(allowed))}"))
        in_lane.update((ref.text or "").strip() for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"))
    for task in root.iter(f"{{{BPMN_NS}}}userTask"):
        if task.get("id") not in in_lane:
            issues.append(LintIssue(task.sourceline, f"userTask '{task.get('id')}' is not in a lane"))
    return issues + _check_lane_due(root.iter(f"{{{BPMN_NS}}}lane"))


def _check_lane_due(lanes: Iterable[etree._Element]) -> list[LintIssue]:
    """A lane's ``due`` property (its review tasks' due time, ``due.py``): a duration or a date field name, once."""
    issues, seen = [], set()
    for lane, prop in lane_due_elements(lanes):
        name, value = lane.get("name"), prop.get("value")
        if id(lane) in seen:
            issues.append(LintIssue(prop.sourceline, f"lane '{name}' declares the property {DUE_PROPERTY} twice"))
        seen.add(id(lane))
        problem = due_problem(value)
        if problem:
            issues.append(LintIssue(prop.sourceline, f"lane '{name}' property {DUE_PROPERTY} '{value or ''}' {problem}"))
    return issues


def _check_flow_references(root: etree._Element) -> list[LintIssue]:
    """Sequence flows, gateway defaults and lane refs point at elements of the same process."""
    issues = []
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        ids = {el.get("id") for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
        for flow in process.iter(f"{{{BPMN_NS}}}sequenceFlow"):
            for attribute in ("sourceRef", "targetRef"):
                if flow.get(attribute) not in ids:
                    issues.append(LintIssue(flow.sourceline, f"sequenceFlow '{flow.get('id')}' {attribute} "
                                                             f"'{flow.get(attribute)}' does not exist"))
        for element in process.iter():
            if isinstance(element.tag, str) and element.get("default") and element.get("default") not in ids:
                issues.append(LintIssue(element.sourceline, f"default flow '{element.get('default')}' does not exist"))
        for ref in process.iter(f"{{{BPMN_NS}}}flowNodeRef"):
            if (ref.text or "").strip() not in ids:
                issues.append(LintIssue(ref.sourceline, f"flowNodeRef '{(ref.text or '').strip()}' does not exist"))
    return issues


def _check_decision_table(root: etree._Element, ns: str) -> list[LintIssue]:
    """Structure and cells of the single decision table."""
    decisions = root.findall(f"{{{ns}}}decision")
    if len(decisions) != 1:
        return [LintIssue(root.sourceline, "a DMN file must hold exactly one decision")]
    decision = decisions[0]
    issues = []
    if not _IDENTIFIER.match(decision.get("id") or ""):
        issues.append(LintIssue(decision.sourceline, f"decision id '{decision.get('id')}' is not a valid identifier"))
    tables = decision.findall(f"{{{ns}}}decisionTable")
    if len(tables) != 1:
        return [*issues, LintIssue(decision.sourceline, "a decision must hold exactly one decisionTable")]
    table = tables[0]
    hit_policy = (table.get("hitPolicy") or "UNIQUE").upper()
    if hit_policy not in _DMN_HIT_POLICIES:
        issues.append(LintIssue(table.sourceline, f"hitPolicy {hit_policy} is not allowed (UNIQUE or FIRST)"))
    inputs = table.findall(f"{{{ns}}}input")
    outputs = table.findall(f"{{{ns}}}output")
    if not outputs:
        issues.append(LintIssue(table.sourceline, "a decision table needs at least one output"))
    for element in inputs:
        expression = element.find(f"{{{ns}}}inputExpression/{{{ns}}}text")
        if expression is None:
            issues.append(LintIssue(element.sourceline, "input has no inputExpression text"))
        else:
            issues.extend(_check_text_expression(expression, "inputExpression"))
    for element in outputs:
        if not _IDENTIFIER.match(element.get("name") or ""):
            name = element.get("name")
            issues.append(LintIssue(element.sourceline, f"output name '{name}' is not a valid identifier"))
    for rule in table.findall(f"{{{ns}}}rule"):
        issues.extend(_check_rule(rule, ns, len(inputs), len(outputs)))
    return issues


def _check_rule(rule: etree._Element, ns: str, n_inputs: int, n_outputs: int) -> list[LintIssue]:
    """Input entries: literal, '-'/empty or ?-form; output entries: non-empty safe expression."""
    entries = rule.findall(f"{{{ns}}}inputEntry")
    results = rule.findall(f"{{{ns}}}outputEntry")
    if len(entries) != n_inputs or len(results) != n_outputs:
        expected = f"{n_inputs} input and {n_outputs} output entries"
        return [LintIssue(rule.sourceline, f"rule '{rule.get('id')}' needs {expected}")]
    issues = []
    for entry in entries:
        text_el = entry.find(f"{{{ns}}}text")
        text = ((text_el.text if text_el is not None else "") or "").strip()
        if text in ("", "-") or is_literal(text):
            continue
        line = (text_el if text_el is not None else entry).sourceline
        if not has_question_mark(text):
            issues.append(LintIssue(line, f"input entry '{text}' must be a literal, '-' or use the ? form "
                                          "(e.g. ? in (\"a\", \"b\") or ? >= 4)"))
            continue
        reason = check_expression(substitute_question_mark(text))
        if reason:
            issues.append(LintIssue(line, f"input entry '{text}': {reason}"))
    for entry in results:
        text_el = entry.find(f"{{{ns}}}text")
        text = ((text_el.text if text_el is not None else "") or "").strip()
        line = (text_el if text_el is not None else entry).sourceline
        if not text:
            issues.append(LintIssue(line, "output entry is empty (write None for no value)"))
            continue
        reason = check_expression(text)
        if reason:
            issues.append(LintIssue(line, f"output entry '{text}': {reason}"))
    return issues


def _elements(root: etree._Element) -> Iterable[etree._Element]:
    """All elements of the tree (comments and processing instructions skipped)."""
    return (el for el in root.iter() if isinstance(el.tag, str))


def _qname(element: etree._Element) -> tuple[str | None, str]:
    """(namespace, local name) of an element."""
    qname = etree.QName(element)
    return qname.namespace, qname.localname


def _pretty(element: etree._Element) -> str:
    """Prefixed name for messages, e.g. ``camunda:script``."""
    ns, local = _qname(element)
    prefix = element.prefix or ("bpmn" if ns == BPMN_NS else None)
    return f"{prefix}:{local}" if prefix else local


def _line_of(xml: bytes, markers: tuple[bytes, ...]) -> int | None:
    """1-based line of the first marker found in the raw bytes (defusedxml gives no position)."""
    positions = [xml.find(marker) for marker in markers if xml.find(marker) >= 0]
    return xml.count(b"\n", 0, min(positions)) + 1 if positions else None
