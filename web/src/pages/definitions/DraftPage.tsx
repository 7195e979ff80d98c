// /process-admin/drafts/:id — a draft in its editor: the bpmn-js modeler, the dmn-js decision table or the form's
// JSON in CodeMirror beside a live preview (each loaded only here), with 保存草稿, 校验 (the deploy checks, nothing
// deployed), 路线预览, 部署 (a new version; running instances keep theirs) and 放弃草稿.
import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { Alert, App, Breadcrumb, Button, Card, Descriptions, List, Popconfirm, Space, Spin, Tag, Typography } from "antd";
import { CheckCircleOutlined, CloudUploadOutlined, DeleteOutlined, NodeIndexOutlined, SaveOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  adminKeys, deployDraft, discardDraft, fetchDefinitions, fetchDraft, saveDraft, validateDraft, KIND_LABELS, type Kind, type Problem,
} from "../../api/processAdmin";
import { ApiError, errorMessage } from "../../api/errors";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import { formatTime } from "../../components/format";
import type { EditorHandle } from "./editor";
import RoutePreviewDrawer from "./RoutePreviewDrawer";
import "./definitions.css";

const EDITORS = {
  process: lazy(() => import("./BpmnEditor")),
  decision: lazy(() => import("./DmnEditor")),
  form: lazy(() => import("./FormEditor")),
};

type Verdict = { valid: boolean; problems: Problem[]; deployRefused?: boolean } | null;

export default function DraftPage() {
  const id = Number(useParams().id);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const draft = useQuery({ queryKey: adminKeys.draft(id), queryFn: () => fetchDraft(id), staleTime: Infinity });
  const definitions = useQuery({ queryKey: adminKeys.definitions, queryFn: fetchDefinitions });
  const handle = useRef<EditorHandle | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);

  const onReady = useCallback((h: EditorHandle) => { handle.current = h; }, []);
  const onChange = useCallback(() => { setDirty(true); setVerdict(null); }, []);

  if (draft.isLoading) return <PageSkeleton />;
  if (draft.isError || !draft.data) return <ErrorState error={draft.error} onRetry={() => draft.refetch()} />;
  const current = draft.data;
  const entry = definitions.data?.find((d) => d.kind === current.kind && d.key === current.key);
  const base = entry?.versions.find((v) => v.id === current.base_version_id);
  const Editor = EDITORS[current.kind];

  async function save(): Promise<void> {
    if (!handle.current) throw new Error("编辑器尚未就绪");
    const source = await handle.current.getSource();
    const saved = await saveDraft(id, source);
    setDirty(false);
    setSavedAt(saved.updated_at);
  }

  async function step(name: string, action: () => Promise<void>) {
    setBusy(name);
    try {
      await action();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const onSave = () => step("save", async () => { await save(); message.success("草稿已保存"); });
  const onValidate = () => step("validate", async () => { await save(); setVerdict(await validateDraft(id)); });
  const onPreview = () => step("preview", async () => { await save(); setPreviewOpen(true); });
  const onDeploy = () => step("deploy", async () => {
    await save();
    const checked = await validateDraft(id);
    setVerdict(checked);
    if (!checked.valid) return;
    const confirmed = await modal.confirm({
      title: `部署「${entry?.name ?? current.key}」为新版本？`,
      content: "部署后新提交的记录使用新版本；运行中的实例保留原版本，可在「实例迁移」中迁移。",
      okText: "部署", cancelText: "取消",
    });
    if (!confirmed) return;
    try {
      const report = await deployDraft(id);
      queryClient.removeQueries({ queryKey: adminKeys.draft(id) });
      await queryClient.invalidateQueries({ queryKey: adminKeys.definitions });
      modal.success({
        title: "部署成功",
        content: <div>{report.created.map((line) => (
          <div key={line}><Tag color="green">新版本</Tag>{line.replace(/^(process|decision|form) /, (_all, kind: Kind) => `${KIND_LABELS[kind]} `)}</div>
        ))}</div>,
        okText: "返回流程定义", onOk: () => navigate(`/process-admin?kind=${current.kind}`),
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setVerdict({ valid: false, deployRefused: true, problems: e.errors.map((p) => ({ file: null, line: null, message: p.message })) });
        return;
      }
      throw e;
    }
  });
  const onDiscard = () => step("discard", async () => {
    await discardDraft(id);
    queryClient.removeQueries({ queryKey: adminKeys.draft(id) });
    await queryClient.invalidateQueries({ queryKey: adminKeys.definitions });
    message.success("草稿已放弃");
    navigate(`/process-admin?kind=${current.kind}`);
  });

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Breadcrumb items={[{ title: <Link to={`/process-admin?kind=${current.kind}`}>流程定义</Link> },
        { title: KIND_LABELS[current.kind] }, { title: entry?.name ?? current.key }]} />
      <Card
        title={<Space><span>{entry?.name ?? current.key}</span><Tag color="gold">草稿</Tag>{dirty && <Tag>有未保存的修改</Tag>}</Space>}
        extra={
          <Space wrap>
            <Button icon={<SaveOutlined />} onClick={onSave} loading={busy === "save"}>保存草稿</Button>
            <Button icon={<CheckCircleOutlined />} onClick={onValidate} loading={busy === "validate"}>校验</Button>
            <Button icon={<NodeIndexOutlined />} onClick={onPreview} loading={busy === "preview"}
              disabled={!entry?.record_types.length}>路线预览</Button>
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={onDeploy} loading={busy === "deploy"}>部署</Button>
            <Popconfirm title="放弃这份草稿？" description="草稿中的修改将被删除，已部署的版本不受影响。" okText="放弃" cancelText="取消"
              onConfirm={onDiscard}>
              <Button danger icon={<DeleteOutlined />} loading={busy === "discard"}>放弃草稿</Button>
            </Popconfirm>
          </Space>
        }>
        <Descriptions size="small" column={{ xs: 1, md: 2, xxl: 4 }} items={[
          { key: "key", label: "标识", children: <Typography.Text code>{current.key}</Typography.Text> },
          { key: "path", label: "文件", children: entry?.path ?? "—" },
          { key: "base", label: "基于版本", children: base ? `v${base.version}（${base.sha256.slice(0, 12)}）` : "—" },
          { key: "saved", label: "草稿保存于", children: formatTime(savedAt ?? current.updated_at) },
        ]} />
      </Card>
      {verdict && <VerdictPanel verdict={verdict} />}
      <Card size="small" bodyStyle={{ padding: 12 }}>
        <Suspense fallback={<div style={{ padding: 48, textAlign: "center" }}><Spin tip="正在加载编辑器…"><div /></Spin></div>}>
          <Editor key={current.id} source={current.source} onReady={onReady} onChange={onChange} />
        </Suspense>
      </Card>
      {previewOpen && (
        <RoutePreviewDrawer open={previewOpen} draftId={id} recordTypes={entry?.record_types ?? []} onClose={() => setPreviewOpen(false)} />
      )}
    </Space>
  );
}

function VerdictPanel({ verdict }: { verdict: NonNullable<Verdict> }) {
  if (verdict.valid) {
    return <Alert type="success" showIcon message="校验通过" description="草稿可以部署：安全检查、泳道、决策表引用、单元格写法与表单结构均无问题。" />;
  }
  return (
    <Alert type="error" showIcon role="alert"
      message={verdict.deployRefused ? `部署被拒绝：${verdict.problems.length} 处错误，未部署` : `校验未通过：${verdict.problems.length} 处错误`}
      description={
        <List size="small" dataSource={verdict.problems} renderItem={(p) => (
          <List.Item style={{ padding: "4px 0" }}>
            <Space align="start">
              {p.file && <Tag>{p.file}</Tag>}
              <Typography.Text className="definition-problem">{p.message}</Typography.Text>
            </Space>
          </List.Item>
        )} />
      } />
  );
}

