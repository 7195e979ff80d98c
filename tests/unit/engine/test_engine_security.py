"""Hostile BPMN/DMN uploads (engine-notes §3): the lint refuses them, and if forced past the lint
(spec built with the raw SpiffWorkflow parser) the safe expression environment still refuses to run them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from app.engine import DefinitionInvalidError, EngineError, ExpressionFailedError, WorkflowEngine
from app.engine.decisions import evaluate_table
from app.engine.expressions import build_script_engine
from app.engine.serialization import dump_spec

NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"')
ESCAPE = "().__class__.__base__.__subclasses__()[0].__init__.__globals__['os'].system('touch {marker}')"


def payload(marker: Path) -> str:
    return f"__import__('os').system('touch {marker}')"


def process(body: str, lane_refs: str = "review", prolog: str = "") -> bytes:
    """start → <body: element 'x' between flows f1 and f2> → review (userTask, lane applicant) → end."""
    refs = "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in lane_refs.split())
    return f"""<?xml version="1.0" encoding="UTF-8"?>{prolog}
<bpmn:definitions {NS} id="defs" targetNamespace="http://example.edu/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="lane_a" name="applicant">{refs}</bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="x"/>
{body}
    <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="review"/>
    <bpmn:userTask id="review" name="审核">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>f_bad</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def condition_process(condition: str) -> bytes:
    """A gateway 'x' whose conditional flow carries ``condition`` (default flow f2 to the review)."""
    return process(f"""    <bpmn:exclusiveGateway id="x" default="f2"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f_bad</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f_bad" sourceRef="x" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>""")


def element_process(tag: str, inner: str = "") -> bytes:
    return process(f'    <bpmn:{tag} id="x">{inner}<bpmn:incoming>f1</bpmn:incoming>'
                   f'<bpmn:outgoing>f2</bpmn:outgoing></bpmn:{tag}>'
                   '<bpmn:sequenceFlow id="f_bad" sourceRef="start" targetRef="end"/>')


def prescript_process(script: str) -> bytes:
    inner = ("<bpmn:extensionElements>"
             f"<spiffworkflow:preScript>{script}</spiffworkflow:preScript></bpmn:extensionElements>")
    return process(f'    <bpmn:userTask id="x" name="填写">{inner}<bpmn:incoming>f1</bpmn:incoming>'
                   '<bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>'
                   '<bpmn:sequenceFlow id="f_bad" sourceRef="start" targetRef="end"/>', lane_refs="x review")


def service_process(marker: Path) -> bytes:
    inner = ('<bpmn:extensionElements><spiffworkflow:serviceTaskOperator id="shell" resultVariable="out">'
             f'<spiffworkflow:parameters><spiffworkflow:parameter id="cmd" type="str" value="\'touch {marker}\'"/>'
             '</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator></bpmn:extensionElements>')
    return element_process("serviceTask", inner)


def rule_process() -> bytes:
    inner = ("<bpmn:extensionElements>"
             "<spiffworkflow:calledDecisionId>evil</spiffworkflow:calledDecisionId></bpmn:extensionElements>")
    return element_process("businessRuleTask", inner)


def decision(input_expression: str = "x", input_entry: str = "-", output_entry: str = '"ok"',
             prolog: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>{prolog}
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="evil" namespace="http://example.edu/test">
  <decision id="evil" name="evil">
    <decisionTable id="dt" hitPolicy="UNIQUE">
      <input id="in"><inputExpression id="ie" typeRef="string"><text>{input_expression}</text></inputExpression></input>
      <output id="out" name="y" typeRef="string"/>
      <rule id="r1">
        <inputEntry id="ie1"><text>{input_entry}</text></inputEntry>
        <outputEntry id="oe1"><text>{output_entry}</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
""".encode()


XXE = '\n<!DOCTYPE definitions [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'


def line_of(document: bytes, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(document.decode().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


BPMN_CASES = {
    "import-in-condition": (lambda m: condition_process(payload(m)), "conditionExpression", "__import__"),
    "subclasses-escape-in-condition": (lambda m: condition_process(ESCAPE.format(marker=m)), "conditionExpression",
                                       "not allowed"),
    "prescript-on-user-task": (lambda m: prescript_process(payload(m)), "preScript", "spiffworkflow:preScript"),
    "script-task": (lambda m: element_process("scriptTask", f"<bpmn:script>{payload(m)}</bpmn:script>"),
                    "scriptTask", "bpmn:scriptTask"),
    "service-task": (service_process, "serviceTask", "bpmn:serviceTask"),
    "untyped-task": (lambda m: element_process("task"), "bpmn:task ", "bpmn:task"),
    "manual-task": (lambda m: element_process("manualTask"), "manualTask", "bpmn:manualTask"),
    "xxe-entity": (lambda m: process("", prolog=XXE), "<!DOCTYPE", "DTDs and entities are not allowed"),
}


@pytest.mark.parametrize("case", sorted(BPMN_CASES))
def test_hostile_bpmn_is_refused_with_a_line(engine, marker, case):
    build, needle, message = BPMN_CASES[case]
    document = build(marker)
    issues = engine.lint_bpmn(document)
    expected_line = line_of(document, needle)
    assert any(str(issue).startswith(f"line {expected_line}: ") and message in issue.message
               for issue in issues), issues
    with pytest.raises(DefinitionInvalidError) as caught:
        engine.compile_process(document, [], "p")
    assert any(f"line {expected_line}: " in str(issue) for issue in caught.value.issues)
    assert not marker.exists()


DMN_CASES = {
    "import-in-input-entry": (lambda m: decision(input_entry=f"? == {payload(m)}"), "ie1"),
    "import-in-output-entry": (lambda m: decision(output_entry=payload(m)), "oe1"),
    "import-in-input-expression": (lambda m: decision(input_expression=payload(m)), 'id="ie"'),
    "subclasses-escape-in-output": (lambda m: decision(output_entry=ESCAPE.format(marker=m)), "oe1"),
    "xxe-entity": (lambda m: decision(prolog=XXE), "<!DOCTYPE"),
}


@pytest.mark.parametrize("case", sorted(DMN_CASES))
def test_hostile_dmn_is_refused_with_a_line(engine, marker, case):
    build, needle = DMN_CASES[case]
    document = build(marker)
    issues = engine.lint_dmn(document)
    assert issues and str(issues[0]).startswith(f"line {line_of(document, needle)}: "), issues
    with pytest.raises(DefinitionInvalidError):
        engine.compile_decision(document)
    with pytest.raises(DefinitionInvalidError):
        engine.compile_process(rule_process(), [document], "p")
    with pytest.raises(DefinitionInvalidError):
        engine.evaluate_decision("evil", document, {"x": 1})
    assert not marker.exists()


@pytest.mark.parametrize("document", [process("", prolog=XXE), decision(prolog=XXE)], ids=["bpmn", "dmn"])
def test_reference_readers_refuse_dtds(engine, document):
    with pytest.raises(DefinitionInvalidError):
        engine.referenced_decisions(document)
    with pytest.raises(DefinitionInvalidError):
        engine.decision_id_of(document)


def forced_spec_json(bpmn: bytes, dmns: tuple[bytes, ...] = ()) -> str:
    """Bypass the lint and XSD: the raw SpiffWorkflow parser, serialized with the engine's serializer."""
    parser = SpiffBpmnParser(validator=None)
    for dmn in dmns:
        parser.add_dmn_str(dmn)
    parser.add_bpmn_str(bpmn)
    return dump_spec(parser.get_spec("p"), parser.get_subprocess_specs("p"))


FORCED_CASES = {
    "import-in-condition": lambda m: (condition_process(payload(m)), ()),
    "subclasses-escape-in-condition": lambda m: (condition_process(ESCAPE.format(marker=m)), ()),
    "prescript-on-user-task": lambda m: (prescript_process(payload(m)), ()),
    "script-task": lambda m: (element_process("scriptTask", f"<bpmn:script>{payload(m)}</bpmn:script>"), ()),
    "service-task": lambda m: (service_process(m), ()),
    "import-in-dmn-input-entry": lambda m: (rule_process(), (decision(input_entry=f"? == {payload(m)}"),)),
    "import-in-dmn-output-entry": lambda m: (rule_process(), (decision(output_entry=payload(m)),)),
    "escape-in-dmn-output-entry": lambda m: (rule_process(), (decision(output_entry=ESCAPE.format(marker=m)),)),
}


@pytest.mark.parametrize("case", sorted(FORCED_CASES))
def test_forced_payload_cannot_run_in_the_engine(marker, case):
    bpmn, dmns = FORCED_CASES[case](marker)
    spec_json = forced_spec_json(bpmn, dmns)
    with pytest.raises(EngineError) as caught:
        WorkflowEngine().start(f"forced-{case}", spec_json, {"x": 1})
    assert isinstance(caught.value, ExpressionFailedError)
    assert caught.value.bpmn_id == "x"
    assert not marker.exists()


def test_forced_dmn_payload_cannot_run_standalone(marker):
    parser = SpiffBpmnParser(validator=None)
    parser.add_dmn_str(decision(output_entry=payload(marker)))
    dmn_parser = parser.dmn_parsers["evil"]
    dmn_parser.parse()
    with pytest.raises(ExpressionFailedError):
        evaluate_table("evil", dmn_parser.decision.decisionTables[0], build_script_engine(), {"x": 1})
    assert not marker.exists()


def test_control_the_payload_does_run_with_the_default_engine(marker):
    """Proves the payloads above are real: SpiffWorkflow's default environment executes them."""
    parser = SpiffBpmnParser(validator=None)
    parser.add_bpmn_str(condition_process(payload(marker)))
    workflow = BpmnWorkflow(parser.get_spec("p"), script_engine=PythonScriptEngine())
    workflow.do_engine_steps()
    assert marker.exists()


def test_task_data_cannot_smuggle_callables(engine):
    """Start data is JSON-plain: a non-JSON value is rejected before it reaches task data."""
    spec_json = forced_spec_json(condition_process("x == 1"))
    with pytest.raises(TypeError):
        engine.start("plain", spec_json, {"x": print})


def test_one_evaluator_per_thread_never_carries_names_from_one_expression_to_the_next():
    import threading

    from simpleeval import NameNotDefined
    environment = build_script_engine().environment
    assert environment.evaluate("x + 1", {"x": 1}) == 2
    evaluator = environment._local.evaluator
    with pytest.raises(NameNotDefined):
        environment.evaluate("x + 1", {})
    assert environment.evaluate("dmninputexpr in ('a',)", {}, {"dmninputexpr": "a"}) is True
    assert environment._local.evaluator is evaluator                 # reused, not rebuilt
    seen = []
    thread = threading.Thread(target=lambda: seen.append((environment.evaluate("y * 2", {"y": 4}),
                                                          environment._local.evaluator)))
    thread.start()
    thread.join()
    assert seen[0][0] == 8 and seen[0][1] is not evaluator           # another thread has its own
