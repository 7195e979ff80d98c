"""Deploy-time compilation: lint → XSD-validating SpiffBpmnParser → spec JSON.

A fresh parser is used for every compilation (a parser accumulates process ids, engine-notes §1).
The lxml trees produced by the hardened parse in ``lint.parse_secure`` are handed to SpiffWorkflow,
so it never parses the raw bytes itself.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree
from SpiffWorkflow.dmn.specs.model import DecisionTable
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from . import lint
from .decisions import table_inputs, table_outputs
from .due import lane_due_rules
from .errors import DefinitionInvalidError, LintIssue
from .serialization import SpecBundle, dump_spec, load_spec


@dataclass(frozen=True)
class CompiledProcess:
    """A deployable process version.

    Attributes:
        key: BPMN process id, e.g. ``"workload_approval"``.
        spec_json: serialized spec + subprocess specs (``serialization.dump_spec``); store once per version.
        decision_ids: ``calledDecisionId`` values the process uses, in document order.
        lanes: lane names in document order, e.g. ``("applicant", "unit", "dept", "hr")``.
        user_task_ids: bpmn ids of the user tasks, in document order.
        lane_due: ``{lane name: due}`` of the lanes declaring the ``due`` property (``due.py``), e.g.
            ``{"dept": "P3D", "hr": "exam_date"}``; lanes without it use the configured default.
    """

    key: str
    spec_json: str
    decision_ids: tuple[str, ...]
    lanes: tuple[str, ...]
    user_task_ids: tuple[str, ...]
    lane_due: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledDecision:
    """A standalone decision table.

    Attributes:
        decision_id: DMN decision id (= file stem), e.g. ``"research_owner_default"``.
        inputs: input expressions in column order, e.g. ``("unit_type", "default_research_owner")``.
        outputs: output names in column order, e.g. ``("research_owner", "research_owner_editable")``.
    """

    decision_id: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


def compile_process(bpmn_xml: bytes, dmn_xmls: Sequence[bytes], process_key: str,
                    allowed_lanes: Iterable[str] = lint.DEFAULT_LANES) -> tuple[CompiledProcess, SpecBundle]:
    """Lint and parse a BPMN process with the DMN files it calls.

    Args:
        bpmn_xml: the BPMN document.
        dmn_xmls: DMN documents; each must hold one decision. Unreferenced ones are linted, not bound.
        process_key: id of the executable process to compile.
        allowed_lanes: lane names the lint accepts.

    Returns:
        The compiled process and the restored ``(spec, subprocess_specs)`` (proves the JSON round trip).

    Raises:
        DefinitionInvalidError: any lint, XSD, reference or parse problem (``issues`` hold ``line N: …``).
    """
    issues = lint.lint_bpmn(bpmn_xml, allowed_lanes)
    decisions: dict[str, etree._Element] = {}
    for index, dmn_xml in enumerate(dmn_xmls, start=1):
        root, secure_issues = lint.parse_secure(dmn_xml)
        label = _decision_label(root, index)
        dmn_issues = secure_issues or lint.lint_dmn(dmn_xml)
        issues.extend(LintIssue(i.line, f"{label}: {i.message}") for i in dmn_issues)
        if root is not None and not dmn_issues:
            decision_id = lint.decision_id_of(root)
            if decision_id in decisions:
                issues.append(LintIssue(None, f"{label}: duplicate decision id"))
            decisions[decision_id] = root
    if issues:
        raise DefinitionInvalidError(issues, bpmn_id=process_key)
    bpmn_root = lint.require_secure(bpmn_xml)
    referenced = lint.referenced_decisions(bpmn_root)
    missing = [LintIssue(_line_of_decision_ref(bpmn_root, ref), f"calledDecisionId '{ref}' has no DMN file")
               for ref in referenced if ref not in decisions]
    if missing:
        raise DefinitionInvalidError(missing, bpmn_id=process_key)
    spec_json = _parse_to_spec_json(bpmn_root, [decisions[ref] for ref in referenced], process_key)
    try:
        bundle = load_spec(spec_json)
    except Exception as exc:  # noqa: BLE001 - a spec that cannot be restored must not be deployed
        raise DefinitionInvalidError([LintIssue(None, f"spec does not survive serialization: {exc}")]) from exc
    compiled = CompiledProcess(
        key=process_key, spec_json=spec_json, decision_ids=referenced,
        lanes=tuple(dict.fromkeys(lane.get("name") for lane in _process_iter(bpmn_root, process_key, "lane"))),
        user_task_ids=tuple(t.get("id") for t in _process_iter(bpmn_root, process_key, "userTask")),
        lane_due=lane_due_rules(_process_iter(bpmn_root, process_key, "lane")),
    )
    return compiled, bundle


def compile_decision(dmn_xml: bytes) -> tuple[CompiledDecision, DecisionTable]:
    """Lint and parse a standalone DMN document.

    Returns:
        The decision's description and its parsed table.

    Raises:
        DefinitionInvalidError: lint, XSD or parse problems.
    """
    issues = lint.lint_dmn(dmn_xml)
    if issues:
        raise DefinitionInvalidError(issues)
    root = lint.require_secure(dmn_xml)
    decision_id = lint.decision_id_of(root)
    try:
        parser = SpiffBpmnParser(validator=VALIDATOR)
        parser.add_dmn_xml(root, filename=f"{decision_id}.dmn")
        dmn_parser = parser.dmn_parsers[decision_id]
        dmn_parser.parse()
        table = dmn_parser.decision.decisionTables[0]
    except Exception as exc:  # noqa: BLE001 - every parser failure is a definition problem
        raise DefinitionInvalidError([_issue_from_exception(exc, root)], bpmn_id=decision_id) from exc
    return CompiledDecision(decision_id, table_inputs(table), table_outputs(table)), table


def _parse_to_spec_json(bpmn_root: etree._Element, dmn_roots: list[etree._Element], process_key: str) -> str:
    """Run the SpiffWorkflow parser and serialize the spec; parser errors become DefinitionInvalidError."""
    failing_root = bpmn_root
    try:
        parser = SpiffBpmnParser(validator=VALIDATOR)
        for dmn_root in dmn_roots:
            failing_root = dmn_root
            parser.add_dmn_xml(dmn_root, filename=f"{lint.decision_id_of(dmn_root)}.dmn")
        failing_root = bpmn_root
        parser.add_bpmn_xml(bpmn_root, filename=f"{process_key}.bpmn")
        if process_key not in parser.get_process_ids():
            found = ", ".join(parser.get_process_ids()) or "none"
            raise DefinitionInvalidError([LintIssue(bpmn_root.sourceline,
                                                    f"executable process '{process_key}' not found (found: {found})")])
        spec = parser.get_spec(process_key)
        subprocess_specs = parser.get_subprocess_specs(process_key)
        return dump_spec(spec, subprocess_specs)
    except DefinitionInvalidError:
        raise
    except Exception as exc:  # noqa: BLE001 - every parser failure is a definition problem
        raise DefinitionInvalidError([_issue_from_exception(exc, failing_root)], bpmn_id=process_key) from exc


def _issue_from_exception(exc: Exception, root: etree._Element) -> LintIssue:
    """Turn a ValidationException / XMLSyntaxError / other parser error into a LintIssue with a line."""
    line = getattr(exc, "line_number", None) or getattr(exc, "lineno", None)
    element_id = getattr(exc, "id", None)
    if not isinstance(line, int):
        line = None
    if line is None and element_id:
        found = root.xpath("//*[@id=$id]", id=element_id)
        line = found[0].sourceline if found else None
    message = str(exc)
    if isinstance(exc, SpiffWorkflowException) and message.endswith(". "):
        message = message[:-2]
    where = f" ({getattr(exc, 'tag', '')} '{element_id}')" if element_id else ""
    return LintIssue(line, f"{message}{where}")


def _decision_label(root: etree._Element | None, index: int) -> str:
    """``decision 'route_steps'`` or ``DMN file #2`` for messages."""
    if root is not None:
        try:
            return f"decision '{lint.decision_id_of(root)}'"
        except DefinitionInvalidError:
            pass
    return f"DMN file #{index}"


def _line_of_decision_ref(root: etree._Element, ref: str) -> int | None:
    """Source line of the calledDecisionId naming ``ref``."""
    for element in root.iter(f"{{{lint.SPIFF_NS}}}calledDecisionId"):
        if (element.text or "").strip() == ref:
            return element.sourceline
    return None


def _process_iter(root: etree._Element, process_key: str, local: str) -> list[etree._Element]:
    """Elements ``bpmn:<local>`` inside the process ``process_key``, in document order."""
    return root.xpath(f"//bpmn:process[@id=$key]//bpmn:{local}", key=process_key,
                      namespaces={"bpmn": lint.BPMN_NS})
