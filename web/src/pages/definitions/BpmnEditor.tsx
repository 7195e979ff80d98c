// The process modeler (bpmn-js Modeler, loaded only on this page) with a small properties panel:
// the selected element's name and, for a sequence flow, its condition (a Python expression over task data).
import { useEffect, useRef, useState } from "react";
import Modeler from "bpmn-js/lib/Modeler";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Typography } from "antd";
import { LANE_LABELS } from "../../labels";
import type { EditorProps } from "./editor";

interface Selected {
  id: string;
  type: string;
  name: string;
  condition: string | null;
}

interface BusinessObject {
  id: string;
  name?: string;
  conditionExpression?: { body?: string };
}

interface ShapeLike { id: string; type: string; businessObject: BusinessObject; labelTarget?: ShapeLike }

const TYPE_LABELS: Record<string, string> = {
  "bpmn:SequenceFlow": "顺序流", "bpmn:UserTask": "用户任务", "bpmn:BusinessRuleTask": "业务规则任务",
  "bpmn:ExclusiveGateway": "排他网关", "bpmn:Lane": "泳道", "bpmn:StartEvent": "开始事件", "bpmn:EndEvent": "结束事件",
  "bpmn:Participant": "池", "bpmn:Process": "流程",
};

export default function BpmnEditor({ source, onReady, onChange }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<Modeler | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [condition, setCondition] = useState("");
  const [name, setName] = useState("");

  useEffect(() => {
    if (!host.current) return;
    const instance = new Modeler({ container: host.current, keyboard: { bindTo: document } });
    modeler.current = instance;
    let alive = true;
    instance.importXML(source).then(() => {
      if (!alive) return;
      (instance.get("canvas") as { zoom: (v: string, center: string) => void }).zoom("fit-viewport", "auto");
      onReady({ getSource: async () => (await instance.saveXML({ format: true })).xml ?? "" });
    }).catch((e: Error) => alive && setFailed(e.message));
    const bus = instance.get("eventBus") as { on: (event: string, cb: (e: { newSelection?: ShapeLike[] }) => void) => void };
    bus.on("selection.changed", (event) => {
      const picked = event.newSelection?.[0];
      const element = picked?.labelTarget ?? picked;      // a flow's or task's label stands for the element
      if (!element) { setSelected(null); return; }
      const bo = element.businessObject;
      const next = { id: bo.id, type: element.type, name: bo.name ?? "", condition: bo.conditionExpression?.body ?? null };
      setSelected(next);
      setName(next.name);
      setCondition(next.condition ?? "");
    });
    bus.on("commandStack.changed", () => onChange());
    return () => {
      alive = false;
      instance.destroy();
      modeler.current = null;
    };
    // the editor is created once per draft text; later edits live in the modeler
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source]);

  function apply() {
    const instance = modeler.current;
    if (!instance || !selected) return;
    const registry = instance.get("elementRegistry") as { get: (id: string) => ShapeLike | undefined };
    const modeling = instance.get("modeling") as { updateProperties: (el: ShapeLike, props: Record<string, unknown>) => void };
    const moddle = instance.get("moddle") as { create: (type: string, attrs: Record<string, unknown>) => unknown };
    const element = registry.get(selected.id);
    if (!element) return;
    const props: Record<string, unknown> = { name };
    if (selected.type === "bpmn:SequenceFlow") {
      props.conditionExpression = condition.trim() ? moddle.create("bpmn:FormalExpression", { body: condition.trim() }) : undefined;
    }
    modeling.updateProperties(element, props);
    setSelected({ ...selected, name, condition: selected.type === "bpmn:SequenceFlow" ? condition.trim() : null });
  }

  if (failed) return <Alert type="error" showIcon message="流程图无法打开" description={failed} />;
  return (
    <div className="definition-editor">
      <div ref={host} className="definition-canvas" role="region" aria-label="流程建模器" />
      <Card size="small" title="属性" className="definition-properties">
        {selected ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Descriptions size="small" column={1} items={[
              { key: "id", label: "标识", children: <Typography.Text code>{selected.id}</Typography.Text> },
              { key: "type", label: "类型", children: TYPE_LABELS[selected.type] ?? selected.type },
            ]} />
            <label className="definition-field">
              <span>名称</span>
              <Input aria-label="名称" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            {selected.type === "bpmn:Lane" && (
              <Typography.Text type="secondary">
                泳道名称须为 {Object.entries(LANE_LABELS).map(([code, label]) => `${code}（${label}）`).join("、")} 之一
              </Typography.Text>
            )}
            {selected.type === "bpmn:SequenceFlow" && (
              <label className="definition-field">
                <span>条件表达式</span>
                <Input.TextArea aria-label="条件表达式" rows={3} value={condition} spellCheck={false}
                  className="definition-code" placeholder="例如 decision == 'approve'"
                  onChange={(e) => setCondition(e.target.value)} />
                <Typography.Text type="secondary">任务数据上的 Python 表达式：名称、字面量、比较、and/or/not、in；不可调用属性或导入模块</Typography.Text>
              </label>
            )}
            <Button type="primary" onClick={apply}>应用</Button>
          </Space>
        ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="在图中选择一个元素以编辑其属性" />}
      </Card>
    </div>
  );
}
