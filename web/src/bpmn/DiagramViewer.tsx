// 流程图: bpmn-js NavigatedViewer (this module is loaded on demand) with the record's path marked.
import { useEffect, useRef, useState } from "react";
import { Button, Space, Tooltip } from "antd";
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from "@ant-design/icons";
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "./diagram.css";
import { markElements, signModes, type GraphNode } from "./marking";
import { centredOn, openingScale, type Box, type Placed } from "./viewport";
import { LANE_LABELS, SIGN_MODE_LABELS } from "../labels";

/** Lanes carry code names in the process files (applicant, unit …); the diagram shows them in Chinese. */
export function withLaneLabels(xml: string): string {
  return xml.replace(/(<bpmn:lane\b[^>]*\bname=")([a-z_]+)(")/g, (all, head: string, name: string, tail: string) =>
    LANE_LABELS[name] ? `${head}${LANE_LABELS[name]}${tail}` : all);
}

interface Props {
  xml: string;
  completed: string[];
  active: string[];
}

interface RegistryElement extends Placed {
  id: string;
  type: string;
  businessObject?: { sourceRef?: { id: string }; targetRef?: { id: string }; default?: { id: string } };
}

interface Canvas {
  zoom: { (): number; (value: number | "fit-viewport"): number };
  viewbox: { (): Box & { inner: Box }; (box: Box): void };
  addMarker: (id: string, cls: string) => void;
}

export default function DiagramViewer({ xml, completed, active }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<Canvas | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!host.current) return;
    const viewer = new NavigatedViewer({ container: host.current });
    let alive = true;
    viewer.importXML(withLaneLabels(xml)).then(() => {
      if (!alive) return;
      const canvas = viewer.get("canvas") as Canvas;
      const registry = viewer.get("elementRegistry") as { getAll: () => RegistryElement[]; get: (id: string) => RegistryElement | undefined };
      const nodes: GraphNode[] = registry.getAll().filter((e) => e.type.startsWith("bpmn:")).map((e) => ({
        id: e.id, type: e.type, source: e.businessObject?.sourceRef?.id, target: e.businessObject?.targetRef?.id,
        defaultFlow: e.businessObject?.default?.id,
      }));
      for (const [id, mark] of markElements(nodes, completed, active)) canvas.addMarker(id, `hr-${mark}`);
      const overlays = viewer.get("overlays") as { add: (id: string, o: { position: object; html: string }) => void };
      for (const [id, mode] of signModes(xml)) {      // 会签 / 或签 steps: a double border and a badge
        canvas.addMarker(id, "hr-multi-signer");
        overlays.add(id, { position: { top: -11, right: 46 },
          html: `<span class="hr-sign-badge hr-sign-${mode}" title="${SIGN_MODE_LABELS[mode]}">${SIGN_MODE_LABELS[mode]}</span>` });
      }
      const scale = openingScale(canvas.zoom("fit-viewport"));
      if (scale !== canvas.zoom()) {        // too wide to read whole: readable, centred on the current (else last) step
        canvas.zoom(scale);
        const focus = [...active, ...[...completed].reverse()].map((id) => registry.get(id)).find((e) => e?.x !== undefined);
        const view = canvas.viewbox();
        canvas.viewbox(centredOn(focus, view, view.inner));
      }
      canvasRef.current = canvas;
    }).catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      canvasRef.current = null;
      viewer.destroy();
    };
  }, [xml, completed, active]);
  if (failed) return <div role="alert">流程图无法显示</div>;
  const zoomBy = (factor: number) => {
    const canvas = canvasRef.current;
    if (canvas) canvas.zoom(Math.min(3, Math.max(0.2, canvas.zoom() * factor)));
  };
  return (
    <div style={{ position: "relative" }}>
      <div ref={host} style={{ height: 420, border: "1px solid #f0f0f0", borderRadius: 4, cursor: "grab" }}
        role="region" aria-label="流程图" />
      <Space.Compact size="small" style={{ position: "absolute", top: 8, right: 8 }}>
        <Tooltip title="放大"><Button aria-label="放大" icon={<ZoomInOutlined />} onClick={() => zoomBy(1.25)} /></Tooltip>
        <Tooltip title="缩小"><Button aria-label="缩小" icon={<ZoomOutOutlined />} onClick={() => zoomBy(0.8)} /></Tooltip>
        <Tooltip title="适应窗口（拖动可平移）">
          <Button aria-label="适应窗口" icon={<CompressOutlined />} onClick={() => canvasRef.current?.zoom("fit-viewport")} />
        </Tooltip>
      </Space.Compact>
    </div>
  );
}
