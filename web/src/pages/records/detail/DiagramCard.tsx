// 流程图 with its legend; bpmn-js is fetched only when this card renders.
import { lazy, Suspense } from "react";
import { Card, Skeleton } from "antd";
import { useDiagram } from "../../../api/hooks";
import ErrorState from "../../../components/ErrorState";

const DiagramViewer = lazy(() => import("../../../bpmn/DiagramViewer"));

function Legend() {
  return (
    <div className="diagram-legend" aria-label="图例" style={{ display: "flex", gap: 16, fontSize: 12, marginBottom: 8 }}>
      {[["已完成", "#389e0d", "#f6ffed", "solid"], ["当前环节", "#1677ff", "#e6f4ff", "solid"], ["已跳过", "#bfbfbf", "#fafafa", "dashed"], ["未经过", "#595959", "#fff", "solid"]]
        .map(([label, stroke, fill, style]) => (
          <span key={label}>
            <i aria-hidden style={{ display: "inline-block", width: 14, height: 10, marginRight: 4, verticalAlign: "middle",
              border: `2px ${style} ${stroke}`, background: fill }} />{label}
          </span>
        ))}
    </div>
  );
}

export default function DiagramCard({ recordId }: { recordId: number }) {
  const diagram = useDiagram(recordId);
  return (
    <Card title="流程图" size="small">
      <Legend />
      {diagram.isPending ? <Skeleton.Node active style={{ width: "100%", height: 300 }}><span /></Skeleton.Node>
        : diagram.error ? <ErrorState error={diagram.error} />
        : !diagram.data.bpmn_xml ? <div>尚未提交，暂无流程</div>
        : <Suspense fallback={<Skeleton active />}>
            <DiagramViewer xml={diagram.data.bpmn_xml} completed={diagram.data.completed} active={diagram.data.active} />
          </Suspense>}
    </Card>
  );
}
