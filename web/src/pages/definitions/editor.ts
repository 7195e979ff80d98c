// What the draft page asks of each editor (BPMN modeler, DMN table, form JSON): the text to save.
export interface EditorHandle {
  /** The edited document as text (BPMN/DMN XML, or the form's JSON). */
  getSource: () => Promise<string>;
}

export interface EditorProps {
  source: string;
  onReady: (handle: EditorHandle) => void;
  onChange: () => void;
}

/** The form JSON split for the two CodeMirror panes: the definition without its uiSchema, and the uiSchema. */
export function splitForm(text: string): { definition: string; uiSchema: string } {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const { uiSchema, ...definition } = doc;
  return { definition: JSON.stringify(definition, null, 2), uiSchema: JSON.stringify(uiSchema ?? {}, null, 2) };
}

/** The two panes joined again into the form file; throws SyntaxError naming the pane when one does not parse. */
export function joinForm(definition: string, uiSchema: string): string {
  let doc: Record<string, unknown>;
  let ui: unknown;
  try {
    doc = JSON.parse(definition) as Record<string, unknown>;
  } catch (e) {
    throw new SyntaxError(`表单定义不是合法的 JSON：${(e as Error).message}`);
  }
  try {
    ui = JSON.parse(uiSchema);
  } catch (e) {
    throw new SyntaxError(`uiSchema 不是合法的 JSON：${(e as Error).message}`);
  }
  return JSON.stringify({ ...doc, uiSchema: ui }, null, 2) + "\n";
}

/** Colours of a unified diff's lines: added, removed, hunk header or context. */
export function diffLineKind(line: string): "add" | "remove" | "hunk" | "file" | "context" {
  if (line.startsWith("+++") || line.startsWith("---")) return "file";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "remove";
  return "context";
}
