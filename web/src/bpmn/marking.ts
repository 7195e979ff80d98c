// Which BPMN elements to mark 已完成 / 当前环节 / 已跳过 (catalog §3.7 流程图), from the API's
// completed and active element ids. Pure: works on a plain graph, not on bpmn-js objects.
export type Mark = "completed" | "active" | "skipped";

export interface GraphNode {
  id: string;
  type: string;             // bpmn:UserTask, bpmn:ExclusiveGateway, bpmn:SequenceFlow …
  source?: string;          // sequence flows
  target?: string;
}

export function markElements(nodes: GraphNode[], completed: string[], active: string[]): Map<string, Mark> {
  const done = new Set(completed);
  const current = new Set(active);
  const reached = (id: string | undefined) => !!id && (done.has(id) || current.has(id));
  const marks = new Map<string, Mark>();
  const flows = nodes.filter((n) => n.type === "bpmn:SequenceFlow");
  for (const node of nodes) {
    if (current.has(node.id)) marks.set(node.id, "active");
    else if (done.has(node.id)) marks.set(node.id, "completed");
  }
  for (const flow of flows) {
    if (done.has(flow.source ?? "") && reached(flow.target)) marks.set(flow.id, "completed");
  }
  // A review step is skipped when the gateway before it ran and sent the record another way.
  for (const node of nodes) {
    if (node.type !== "bpmn:UserTask" || marks.has(node.id)) continue;
    const gateways = flows.filter((f) => f.target === node.id).map((f) => f.source!).filter((g) => done.has(g));
    const tookOther = gateways.some((g) => flows.some((f) => f.source === g && f.target !== node.id && reached(f.target)));
    if (tookOther) marks.set(node.id, "skipped");
  }
  return marks;
}
