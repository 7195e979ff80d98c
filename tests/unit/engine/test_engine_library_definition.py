"""processes/library_approval.bpmn as a definition: lint, compile, the contract it shares with
workload_approval (element ids, lanes, data), and its bpmndi diagram (lanes as bands, edges meeting shapes)."""
from __future__ import annotations

from engine_support import (LIBRARY_KEY, PROCESSES, RULES, library_compiled, library_forms, library_routing,
                            read)
from lxml import etree
import itertools


BPMN = read(PROCESSES / f"{LIBRARY_KEY}.bpmn")
WORKLOAD_BPMN = read(PROCESSES / "workload_approval.bpmn")
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC",
      "di": "http://www.omg.org/spec/DD/20100524/DI"}
COMMON = ("start", "gw_merge", "resubmit", "gw_resubmit", "end_terminated", "gw_unit", "unit_review",
          "gw_unit_decision", "gw_dept", "dept_review", "gw_dept_decision", "end_approved")
"""Elements library_approval shares with workload_approval (same id, type, name and lane)."""
FLOW_NODES = ("startEvent", "endEvent", "userTask", "businessRuleTask", "exclusiveGateway")


def tree(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def nodes(root: etree._Element) -> dict[str, etree._Element]:
    """Flow nodes of the process by id."""
    process = root.find("bpmn:process", NS)
    return {el.get("id"): el for name in FLOW_NODES for el in process.iterfind(f"bpmn:{name}", NS)}


def lane_of(root: etree._Element) -> dict[str, str]:
    """flow node id -> lane name."""
    return {ref.text.strip(): lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)
            for ref in lane.iterfind("bpmn:flowNodeRef", NS)}


def test_compiled_process_describes_the_shipped_bpmn(engine):
    process = library_compiled()
    assert process.key == "library_approval"
    assert process.decision_ids == ("library_lane", "library_steps")
    assert process.lanes == ("applicant", "unit", "dept")
    assert set(process.user_task_ids) == {"resubmit", "unit_review", "dept_review"}
    assert engine.lint_bpmn(BPMN) == []
    assert engine.referenced_decisions(BPMN) == ("library_lane", "library_steps")
    root = tree(BPMN)
    assert root.find("bpmn:process", NS).get("name") == "个人业绩库审核流程"


def test_compiles_with_exactly_the_tables_it_calls(engine):
    """Deployment binds rules/<calledDecisionId>.dmn only; those two files suffice."""
    dmns = [read(RULES / f"{d}.dmn") for d in ("library_lane", "library_steps")]
    assert engine.compile_process(BPMN, dmns, LIBRARY_KEY).decision_ids == ("library_lane", "library_steps")
    for dmn in dmns:
        assert engine.lint_dmn(dmn) == []


def test_data_contract_inputs_and_outputs(engine):
    """The service sends every input the tables declare (None when empty) plus record_type/category/origin;
    every form's routing field is one of those inputs; the tables produce dept_lane, unit_step, hr_step and
    final_lane (the steps table reads dept_lane from the data the lane table wrote)."""
    lane = engine.compile_decision(read(RULES / "library_lane.dmn"))
    steps = engine.compile_decision(read(RULES / "library_steps.dmn"))
    inputs = set(lane.inputs) | set(steps.inputs)
    assert inputs == {"record_type", "book_type", "post_category", "teaching_level", "research_owner", "origin"}
    assert lane.outputs == ("dept_lane",) and steps.outputs == ("unit_step", "hr_step", "final_lane")
    assert inputs | {"category"} == set(library_routing("A01"))
    for code, form in library_forms().items():
        assert set(form["routing_fields"]) <= inputs, code


def test_common_elements_match_the_workload_process():
    library, workload = tree(BPMN), tree(WORKLOAD_BPMN)
    lib_nodes, wl_nodes = nodes(library), nodes(workload)
    lib_lanes, wl_lanes = lane_of(library), lane_of(workload)
    for element_id in COMMON:
        mine, theirs = lib_nodes[element_id], wl_nodes[element_id]
        assert (etree.QName(mine).localname, mine.get("name")) == (etree.QName(theirs).localname, theirs.get("name"))
        if element_id != "end_approved":            # workload ends in the hr lane, the library in dept
            assert lib_lanes[element_id] == wl_lanes[element_id], element_id
    assert lib_lanes["end_approved"] == "dept"
    assert "hr_review" not in lib_nodes and "gw_hr" not in lib_nodes
    assert {lane.get("id"): lane.get("name") for lane in library.iterfind(".//bpmn:lane", NS)} == {
        "lane_applicant": "applicant", "lane_unit": "unit", "lane_dept": "dept"}


def test_every_flow_node_sits_in_exactly_one_lane():
    root = tree(BPMN)
    refs = [ref.text.strip() for ref in root.iterfind(".//bpmn:flowNodeRef", NS)]
    assert sorted(refs) == sorted(nodes(root))


def test_gateway_conditions_are_mutually_exclusive():
    """Decision gateways branch on distinct decision values; gw_dept has no default (the department is final)."""
    root = tree(BPMN)
    process = root.find("bpmn:process", NS)
    conditions: dict[str, list[str]] = {}
    for flow in process.iterfind("bpmn:sequenceFlow", NS):
        text = flow.findtext("bpmn:conditionExpression", namespaces=NS)
        if text is not None:
            conditions.setdefault(flow.get("sourceRef"), []).append(text.strip())
    decisions = ["decision == 'approve'", "decision == 'return'", "decision == 'terminate'"]
    assert conditions == {"gw_unit": ["unit_step == True"], "gw_dept": ["dept_lane is not None"],
                          "gw_unit_decision": decisions, "gw_dept_decision": decisions,
                          "gw_resubmit": ["decision == 'resubmit'", "decision == 'terminate'"]}
    defaults = {el.get("id"): el.get("default") for el in process.iterfind("bpmn:exclusiveGateway", NS)}
    assert {k: v for k, v in defaults.items() if v} == {"gw_unit": "f_unit_skipped"}


def bounds(shape: etree._Element) -> tuple[float, float, float, float]:
    b = shape.find("dc:Bounds", NS)
    return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))


def on_border(point: tuple[float, float], box: tuple[float, float, float, float], tolerance: float = 1.0) -> bool:
    """The point lies on the outline of the box (edges meet shapes, they neither stop short nor overshoot)."""
    x, y = point
    bx, by, bw, bh = box
    inside_x = bx - tolerance <= x <= bx + bw + tolerance
    inside_y = by - tolerance <= y <= by + bh + tolerance
    on_vertical = inside_y and (abs(x - bx) <= tolerance or abs(x - bx - bw) <= tolerance)
    on_horizontal = inside_x and (abs(y - by) <= tolerance or abs(y - by - bh) <= tolerance)
    return on_vertical or on_horizontal


def diagram():
    root = tree(BPMN)
    plane = root.find(".//bpmndi:BPMNPlane", NS)
    shapes = {s.get("bpmnElement"): s for s in plane.iterfind("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in plane.iterfind("bpmndi:BPMNEdge", NS)}
    return root, plane, shapes, edges


def test_diagram_draws_every_element():
    root, plane, shapes, edges = diagram()
    assert plane.get("bpmnElement") == root.find("bpmn:collaboration", NS).get("id")
    process = root.find("bpmn:process", NS)
    lanes = [lane.get("id") for lane in root.iterfind(".//bpmn:lane", NS)]
    participant = root.find(".//bpmn:participant", NS).get("id")
    assert set(shapes) == set(nodes(root)) | set(lanes) | {participant}
    assert set(edges) == {flow.get("id") for flow in process.iterfind("bpmn:sequenceFlow", NS)}


def test_lanes_are_stacked_horizontal_bands_holding_their_shapes():
    root, _plane, shapes, _edges = diagram()
    participant = root.find(".//bpmn:participant", NS).get("id")
    px, py, pw, ph = bounds(shapes[participant])
    bands = {}
    expected_top = py
    for lane in root.iterfind(".//bpmn:lane", NS):
        shape = shapes[lane.get("id")]
        assert shape.get("isHorizontal") == "true"
        x, y, w, h = bounds(shape)
        assert y == expected_top and x > px and x + w == px + pw, lane.get("name")
        expected_top = y + h
        bands[lane.get("name")] = (y, y + h)
    assert expected_top == py + ph
    for element_id, lane in lane_of(root).items():
        x, y, w, h = bounds(shapes[element_id])
        top, bottom = bands[lane]
        assert top < y and y + h < bottom, (element_id, lane)
        assert px + 30 <= x and x + w <= px + pw, element_id


def test_edges_meet_their_shapes_and_run_orthogonally():
    root, _plane, shapes, edges = diagram()
    for flow in root.find("bpmn:process", NS).iterfind("bpmn:sequenceFlow", NS):
        points = [(float(p.get("x")), float(p.get("y"))) for p in edges[flow.get("id")].iterfind("di:waypoint", NS)]
        assert len(points) >= 2, flow.get("id")
        assert on_border(points[0], bounds(shapes[flow.get("sourceRef")])), (flow.get("id"), points[0])
        assert on_border(points[-1], bounds(shapes[flow.get("targetRef")])), (flow.get("id"), points[-1])
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            assert x1 == x2 or y1 == y2, (flow.get("id"), (x1, y1), (x2, y2))
