// 路线预览: the path of sample form data or of an existing record under the current version and the draft
// (lanes, departments, the actual candidate reviewers, the steps skipped); nothing is created.
import { useState } from "react";
import { Alert, Button, Card, Col, Drawer, Empty, Form, Input, InputNumber, Row, Segmented, Select, Space, Steps, Tag, Typography } from "antd";
import { previewRoute, type Preview, type Route } from "../../api/processAdmin";
import { errorMessage } from "../../api/errors";
import CodeEditor from "./CodeEditor";

interface Props {
  open: boolean;
  draftId: number;
  recordTypes: { code: string; name: string }[];
  onClose: () => void;
}

const ORIGINS = [
  { value: "teacher", label: "教师填报" },
  { value: "unit_import", label: "单位导入" },
  { value: "self_import", label: "个人导入" },
];

export default function RoutePreviewDrawer({ open, draftId, recordTypes, onClose }: Props) {
  const [mode, setMode] = useState<"sample" | "record">("sample");
  const [recordType, setRecordType] = useState<string | undefined>(recordTypes[0]?.code);
  const [owner, setOwner] = useState("");
  const [origin, setOrigin] = useState<"teacher" | "unit_import" | "self_import">("teacher");
  const [data, setData] = useState("{\n}");
  const [recordId, setRecordId] = useState<number | null>(null);
  const [result, setResult] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      if (mode === "record") {
        if (!recordId) throw new Error("请输入记录编号");
        setResult(await previewRoute({ record_id: recordId, origin, draft_id: draftId }));
      } else {
        let sample: Record<string, unknown>;
        try {
          sample = JSON.parse(data) as Record<string, unknown>;
        } catch {
          throw new Error("示例数据不是合法的 JSON");
        }
        setResult(await previewRoute({ record_type: recordType, owner_account: owner.trim(), origin, data: sample, draft_id: draftId }));
      }
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open={open} onClose={onClose} width={1080} title="路线预览" destroyOnClose={false}
      extra={<Typography.Text type="secondary">按当前版本与草稿分别演算审核路线，不创建任何记录</Typography.Text>}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Segmented value={mode} onChange={(v) => setMode(v as "sample" | "record")}
            options={[{ label: "示例数据", value: "sample" }, { label: "已有记录", value: "record" }]} />
          {mode === "sample" ? (
            <Form layout="vertical" component="div">
              <Row gutter={16}>
                <Col span={8}>
                  <Form.Item label="记录类型" required>
                    <Select aria-label="记录类型" value={recordType} onChange={setRecordType} showSearch optionFilterProp="label"
                      options={recordTypes.map((t) => ({ value: t.code, label: `${t.code} ${t.name}` }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="填报人账号" required extra="其所在单位决定二级单位审核人">
                    <Input aria-label="填报人账号" value={owner} placeholder="例如 02010001" onChange={(e) => setOwner(e.target.value)} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="录入方式">
                    <Select aria-label="录入方式" value={origin} onChange={setOrigin} options={ORIGINS} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label="示例表单数据（JSON）" extra="只需填写影响路线的字段，例如 T01 的 course_owner_dept、R01 的 research_owner">
                <CodeEditor language="json" label="示例表单数据" value={data} onChange={setData} height={140} />
              </Form.Item>
            </Form>
          ) : (
            <Form layout="inline" component="div">
              <Form.Item label="记录编号">
                <InputNumber aria-label="记录编号" min={1} value={recordId} onChange={(v) => setRecordId(v)} style={{ width: 200 }} />
              </Form.Item>
            </Form>
          )}
          <Button type="primary" onClick={run} loading={busy}>预览路线</Button>
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Card>
      {result ? (
        <Row gutter={16}>
          <Col span={12}><RouteCard route={result.current} /></Col>
          <Col span={12}>{result.draft ? <RouteCard route={result.draft} compare={result.current} /> : <Empty description="无草稿" />}</Col>
        </Row>
      ) : <Empty description="选择记录类型与填报人，输入示例数据后预览" />}
    </Drawer>
  );
}

function stepKey(step: { bpmn_id: string; department: string | null }) {
  return `${step.bpmn_id}:${step.department ?? ""}`;
}

function RouteCard({ route, compare }: { route: Route; compare?: Route }) {
  const before = new Set(compare?.steps.map(stepKey) ?? []);
  const changed = compare !== undefined && (compare.steps.map(stepKey).join("|") !== route.steps.map(stepKey).join("|"));
  return (
    <Card size="small" className="route-column" role="region" aria-label={`路线：${route.label}`}
      title={<Space>{route.label}{compare && (changed ? <Tag color="orange">路线有变化</Tag> : <Tag color="green">路线相同</Tag>)}</Space>}>
      {route.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={route.error}
        description={route.problems.length ? route.problems.map((p) => <div key={p.message}>{p.message}</div>) : undefined} />}
      <Steps direction="vertical" size="small" current={route.steps.length}
        items={[
          { title: "申请人提交", status: "finish" as const },
          ...route.steps.map((step) => ({
            status: "finish" as const,
            title: (
              <Space>
                <span>{step.lane_label}</span>
                {step.department && <Tag color="blue">{step.department}</Tag>}
                {compare && !before.has(stepKey(step)) && <Tag color="orange">新</Tag>}
              </Space>
            ),
            description: step.reviewers.length ? (
              <div>候选审核人：{step.reviewers.map((r) => <Tag key={r.account}>{r.name}（{r.account}）</Tag>)}</div>
            ) : <Typography.Text type="danger">没有可审核的人员</Typography.Text>,
          })),
          ...(route.end === "end_approved" ? [{ title: "审核通过", status: "finish" as const }] : []),
        ]} />
      <div>
        <Typography.Text type="secondary">跳过的环节：</Typography.Text>
        {route.skipped.length ? route.skipped.map((s) => <Tag key={s.bpmn_id} style={{ textDecoration: "line-through" }}>{s.name}</Tag>)
          : <Typography.Text type="secondary">无</Typography.Text>}
      </div>
    </Card>
  );
}
