// The decision-table editor (dmn-js, loaded only on this page): cells are edited in place; each cell is a
// Python expression (strings quoted, '-' for any, the ? form for lists and comparisons: rules/README.md).
import { useEffect, useRef, useState } from "react";
import DmnModeler from "dmn-js/lib/Modeler";
import "dmn-js/dist/assets/diagram-js.css";
import "dmn-js/dist/assets/dmn-js-shared.css";
import "dmn-js/dist/assets/dmn-js-drd.css";
import "dmn-js/dist/assets/dmn-js-decision-table.css";
import "dmn-js/dist/assets/dmn-js-decision-table-controls.css";
import "dmn-js/dist/assets/dmn-font/css/dmn-embedded.css";
import { Alert } from "antd";
import type { EditorProps } from "./editor";

interface DmnView { type: string; element: { id: string } }

export default function DmnEditor({ source, onReady, onChange }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const modeler = new DmnModeler({ container: host.current, common: { keyboard: { bindTo: document } } });
    let alive = true;
    modeler.importXML(source).then(async () => {
      if (!alive) return;
      const table = modeler.getViews().find((view: DmnView) => view.type === "decisionTable");
      if (table) await modeler.open(table);
      const viewer = modeler.getActiveViewer();
      viewer?.get("eventBus").on("elements.changed", () => onChange());
      onReady({ getSource: async () => (await modeler.saveXML({ format: true })).xml ?? "" });
    }).catch((e: Error) => alive && setFailed(e.message));
    return () => {
      alive = false;
      modeler.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source]);

  if (failed) return <Alert type="error" showIcon message="决策表无法打开" description={failed} />;
  return <div ref={host} className="definition-dmn" role="region" aria-label="决策表编辑器" />;
}
