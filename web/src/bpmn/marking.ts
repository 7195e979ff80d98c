// Which BPMN elements to mark 已完成 / 当前环节 / 已跳过 (catalog §3.7 流程图), from the API's
// completed and active element ids. Pure: works on a plain graph, not on bpmn-js objects.
export type Mark = "completed" | "active" | "skipped";

export interface GraphNode {
  id: string;
  type: string;             // bpmn:UserTask, bpmn:ExclusiveGateway, bpmn:SequenceFlow …
  source?: string;          // sequence flows
  target?: string;
  defaultFlow?: string;     // gateways: the id of their default (bypass) flow
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
  // A review step is skipped when the gateway before it ran and took its default (bypass) flow instead,
  // e.g. 需要二级单位审核? → 否 for import types. Steps after decision gateways (退回) are only "not reached".
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    if (node.type !== "bpmn:UserTask" || marks.has(node.id)) continue;
    const bypassed = flows.filter((f) => f.target === node.id).some((f) => {
      const gateway = byId.get(f.source ?? "");
      const bypass = gateway?.defaultFlow ? byId.get(gateway.defaultFlow) : undefined;
      return !!gateway && done.has(gateway.id) && !!bypass && bypass.id !== f.id && reached(bypass.target);
    });
    if (bypassed) marks.set(node.id, "skipped");
  }
  return marks;
}

export type SignMode = "all" | "any";
const SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core";
const BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

/** 会签 (all) / 或签 (any) steps of a process: user tasks whose ``spiffworkflow:property sign_mode`` is set
 * (docs/process-authoring.md). Read from the XML, since bpmn-js does not know the spiffworkflow namespace. */
export function signModes(xml: string): Map<string, SignMode> {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const modes = new Map<string, SignMode>();
  for (const task of Array.from(doc.getElementsByTagNameNS(BPMN_NS, "userTask"))) {
    const property = Array.from(task.getElementsByTagNameNS(SPIFF_NS, "property"))
      .find((p) => p.getAttribute("name") === "sign_mode");
    const value = property?.getAttribute("value");
    const id = task.getAttribute("id");
    if (id && (value === "all" || value === "any")) modes.set(id, value);
  }
  return modes;
}
