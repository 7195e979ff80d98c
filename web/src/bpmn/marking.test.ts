import { markElements, signModes, type GraphNode } from "./marking";

// start → gw_unit → (unit_review | gw_dept) ; unit_review → gw_dept → (dept_review | gw_hr) → hr_review → end
const flow = (id: string, source: string, target: string): GraphNode => ({ id, type: "bpmn:SequenceFlow", source, target });
const graph: GraphNode[] = [
  { id: "start", type: "bpmn:StartEvent" },
  { id: "gw_unit", type: "bpmn:ExclusiveGateway", defaultFlow: "f_unit_skip" },
  { id: "unit_review", type: "bpmn:UserTask" },
  { id: "gw_dept", type: "bpmn:ExclusiveGateway", defaultFlow: "f_dept_skip" },
  { id: "gw_decision", type: "bpmn:ExclusiveGateway" },
  { id: "resubmit", type: "bpmn:UserTask" },
  { id: "dept_review", type: "bpmn:UserTask" },
  { id: "gw_hr", type: "bpmn:ExclusiveGateway" },
  { id: "hr_review", type: "bpmn:UserTask" },
  { id: "end", type: "bpmn:EndEvent" },
  flow("f1", "start", "gw_unit"), flow("f_unit", "gw_unit", "unit_review"), flow("f_unit_skip", "gw_unit", "gw_dept"),
  flow("f2", "unit_review", "gw_dept"), flow("f_dept", "gw_dept", "dept_review"), flow("f_dept_skip", "gw_dept", "gw_hr"),
  flow("f3", "dept_review", "gw_decision"), flow("f_ok", "gw_decision", "gw_hr"), flow("f_back", "gw_decision", "resubmit"), flow("f_hr", "gw_hr", "hr_review"), flow("f4", "hr_review", "end"),
];

describe("markElements", () => {
  it("marks the current task active, passed steps completed and steps not reached unmarked", () => {
    const marks = markElements(graph, ["start", "gw_unit"], ["unit_review"]);
    expect(marks.get("unit_review")).toBe("active");
    expect(marks.get("gw_unit")).toBe("completed");
    expect(marks.get("f_unit")).toBe("completed");
    expect(marks.has("dept_review")).toBe(false);
    expect(marks.has("f_unit_skip")).toBe(false);
  });

  it("marks a review step the route skipped (import types skip the unit lane)", () => {
    const marks = markElements(graph, ["start", "gw_unit", "gw_dept"], ["dept_review"]);
    expect(marks.get("unit_review")).toBe("skipped");
    expect(marks.get("dept_review")).toBe("active");
    expect(marks.get("f_unit_skip")).toBe("completed");
    expect(marks.has("hr_review")).toBe(false);
  });

  it("marks every passed step completed once the record is approved", () => {
    const all = ["start", "gw_unit", "unit_review", "gw_dept", "dept_review", "gw_decision", "gw_hr", "hr_review", "end"];
    const marks = markElements(graph, all, []);
    for (const id of ["unit_review", "dept_review", "hr_review", "end", "f4"]) expect(marks.get(id)).toBe("completed");
    // 修改后重新提交 was never needed: not reached, not "skipped"
    expect(marks.has("resubmit")).toBe(false);
    expect([...marks.values()].includes("skipped")).toBe(false);
  });
});

describe("signModes", () => {
  it("finds the 会签 and 或签 user tasks by their sign_mode property", () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
      xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"><bpmn:process id="p">
      <bpmn:userTask id="a"><bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="sign_mode" value="all"/></spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="b"><bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="sign_mode" value="any"/></spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="c"/></bpmn:process></bpmn:definitions>`;
    expect([...signModes(xml)]).toEqual([["a", "all"], ["b", "any"]]);
  });
});
