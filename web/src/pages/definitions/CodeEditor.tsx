// A CodeMirror 6 editor for JSON or XML text (loaded only on the definition pages).
import { useEffect, useRef } from "react";
import { EditorView, basicSetup } from "codemirror";
import { json } from "@codemirror/lang-json";
import { xml } from "@codemirror/lang-xml";

interface Props {
  value: string;
  language: "json" | "xml";
  label: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  height?: number | string;
}

export default function CodeEditor({ value, language, label, onChange, readOnly, height = 480 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        basicSetup,
        language === "json" ? json() : xml(),
        EditorView.editable.of(!readOnly),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.theme({ "&": { height: typeof height === "number" ? `${height}px` : height, fontSize: "13px" },
          ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" } }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) changed.current?.(update.state.doc.toString());
        }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // the document is set once; later changes come from typing
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, readOnly]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value && readOnly) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value, readOnly]);

  return <div ref={host} className="definition-code-editor" />;
}
