// A form's definition (JSON Schema and metadata) and its uiSchema in two CodeMirror panes, beside a live
// preview of the form as teachers will see it (RJSF with the app's own templates and widgets).
import { Component, useEffect, useMemo, useState, type ReactNode } from "react";
import { Alert, Card, Col, Row, Tabs, Typography } from "antd";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import RecordForm from "../../forms/RecordForm";
import type { RecordFormContext } from "../../forms/context";
import CodeEditor from "./CodeEditor";
import { joinForm, splitForm, type EditorProps } from "./editor";

const PREVIEW_CONTEXT: RecordFormContext = {
  uploadFile: () => Promise.reject(new Error("预览中不能上传文件")),
  attachments: [],
  onAttachmentsChanged: () => {},
};

export default function FormEditor({ source, onReady, onChange }: EditorProps) {
  const initial = useMemo(() => splitForm(source), [source]);
  const [definition, setDefinition] = useState(initial.definition);
  const [uiSchema, setUiSchema] = useState(initial.uiSchema);
  const [data, setData] = useState<Record<string, unknown>>({});

  useEffect(() => {
    onReady({ getSource: async () => joinForm(definition, uiSchema) });
  }, [definition, uiSchema, onReady]);

  const parsed = useMemo(() => {
    try {
      const doc = JSON.parse(joinForm(definition, uiSchema)) as { schema: RJSFSchema; uiSchema: UiSchema; title?: string };
      return { doc, error: null };
    } catch (e) {
      return { doc: null, error: (e as Error).message };
    }
  }, [definition, uiSchema]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card size="small" className="definition-pane">
          <Tabs items={[
            { key: "schema", label: "表单定义（JSON Schema）", children: (
              <CodeEditor language="json" label="表单定义" value={definition}
                onChange={(v) => { setDefinition(v); onChange(); }} />) },
            { key: "ui", label: "uiSchema", children: (
              <CodeEditor language="json" label="uiSchema" value={uiSchema}
                onChange={(v) => { setUiSchema(v); onChange(); }} />) },
          ]} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={<span>实时预览 <Typography.Text type="secondary">（仅供查看，不会保存数据）</Typography.Text></span>}
          className="definition-pane definition-form-preview">
          {parsed.error ? <Alert type="warning" showIcon message="无法预览" description={parsed.error} /> : parsed.doc && (
            <PreviewBoundary key={definition + uiSchema}>
              <RecordForm schema={parsed.doc.schema} uiSchema={parsed.doc.uiSchema ?? {}} formData={data}
                context={PREVIEW_CONTEXT} onChange={setData} />
            </PreviewBoundary>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** A schema the preview cannot render shows a warning instead of breaking the page. */
class PreviewBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  render() {
    return this.state.error ? <Alert type="warning" showIcon message="无法预览" description={this.state.error} /> : this.props.children;
  }
}
