// 批量审核 (catalog §5.3): 通过, or 退回 with one shared required comment; no e-signature; then the
// per-record result list (成功 / 已由他人处理 / 不在您的审核范围 / 记录已变更).
import { useState } from "react";
import { Alert, Button, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { COMMENT_MAX } from "../../labels";
import { BATCH_ACTIONS, batchCommentError, batchScopeError, summarise, type BatchAction, type BatchResult } from "./batch";

export type BatchTarget =
  | { kind: "selected"; taskIds: number[]; versions: Record<string, number> }
  | { kind: "filtered"; count: number; filter: { record_type: string; q?: string; year?: number } };

export default function BatchReviewDialog({ open, target, onClose, onFinished }: {
  open: boolean; target: BatchTarget; onClose: () => void; onFinished: () => void;
}) {
  const [action, setAction] = useState<BatchAction>("approve");
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<BatchResult[] | null>(null);
  const count = target.kind === "selected" ? target.taskIds.length : target.count;
  const problem = batchCommentError(action, comment) ?? batchScopeError(count);

  function reset() {
    setAction("approve"); setComment(""); setTouched(false); setError(null); setResults(null);
  }

  async function run() {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const body = target.kind === "selected"
        ? { action, comment: comment.trim() || null, task_ids: target.taskIds, record_versions: target.versions, filter: null }
        : { action, comment: comment.trim() || null, task_ids: null, record_versions: null, filter: target.filter };
      const response = await unwrap(api.POST("/api/v1/tasks/batch", { body }));
      setResults((response.results ?? []) as BatchResult[]);
      onFinished();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const close = () => { reset(); onClose(); };
  if (results) {
    const summary = summarise(results);
    return (
      <Modal open={open} title="批量审核结果" onCancel={close} width={720}
        footer={<Button type="primary" onClick={close}>关闭</Button>}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Alert type={summary.failures.length ? "warning" : "success"} showIcon message={summary.text}
            description={summary.failures.length ? summary.failures.map((f) => `${f.label} ${f.count} 条`).join("；") : undefined} />
          <Table<BatchResult> rowKey="task_id" size="small" dataSource={results} pagination={{ pageSize: 10, hideOnSinglePage: true }}
            aria-label="批量审核结果"
            columns={[
              { title: "序号", key: "seq", width: 64, render: (_, __, i) => i + 1 },
              { title: "记录", key: "title", render: (_, r) => r.record_id
                ? <a href={`/review/records/${r.record_id}`} target="_blank" rel="noreferrer">{r.title ?? `记录 ${r.record_id}`}</a> : "—" },
              { title: "提交人", key: "owner", width: 90, render: (_, r) => r.owner ?? "—" },
              { title: "结果", key: "label", width: 150, render: (_, r) => <Tag color={r.outcome === "success" ? "green" : "orange"}>{r.label}</Tag> },
              { title: "说明", key: "detail", render: (_, r) => r.detail ?? "" },
            ]} />
        </Space>
      </Modal>
    );
  }
  return (
    <Modal open={open} title="批量审核" onCancel={close} okText="确定" cancelText="取消" confirmLoading={busy}
      onOk={() => void run()} width={560}>
      <Typography.Paragraph>
        {target.kind === "selected" ? `已选择 ${count} 条记录。` : `全部筛选结果，共 ${count} 条记录。`}
        该操作无需个人电子签名。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {touched && batchScopeError(count) && <Alert type="error" showIcon message={batchScopeError(count)} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label="审核结果" required>
          <Radio.Group aria-label="审核结果" value={action} onChange={(e) => setAction(e.target.value as BatchAction)}
            options={BATCH_ACTIONS.map((a) => ({ value: a.action, label: a.label }))} />
        </Form.Item>
        <Form.Item label="审核意见" htmlFor="batch-comment" required={action === "return"}
          validateStatus={touched && batchCommentError(action, comment) ? "error" : undefined}
          help={touched ? batchCommentError(action, comment) ?? undefined : undefined}>
          <Input.TextArea id="batch-comment" rows={3} value={comment} maxLength={COMMENT_MAX} showCount
            placeholder={action === "return" ? "请输入审核意见（必填）" : "请输入审核意见（选填）"}
            onChange={(e) => setComment(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
