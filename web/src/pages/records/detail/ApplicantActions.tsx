// The applicant's actions on 详情 (catalog §3.3): 编辑, 提交, 删除, 撤回, 调整.
import { lazy, Suspense, useState } from "react";
import { useNavigate } from "react-router-dom";
import { App, Button, Form, Input, Modal, Popconfirm, Space } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { errorMessage } from "../../../api/errors";
import { useMe, useTypeForm } from "../../../api/hooks";
import type { RecordItem } from "../../../api/types";
import { COMMENT_MAX } from "../../../labels";
import { isEditable } from "../listModel";
import { adjustableLists } from "./adjustable";
import { withdrawOutcome } from "./withdrawOutcome";

// the 调整 dialog renders a form (rjsf): loaded only when opened
const AdjustModal = lazy(() => import("./AdjustModal"));

export default function ApplicantActions({ record }: { record: RecordItem }) {
  const me = useMe();
  const form = useTypeForm(record.record_type);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [withdrawOpen, setWithdrawOpen] = useState(false);
  const [adjusting, setAdjusting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  if (!me.data || record.submitter.id !== me.data.user_id) return null;
  const policy = form.data?.metadata.post_approval_policy ?? "none";
  const lists = form.data ? adjustableLists(form.data, record) : [];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["record", record.id] });
    void queryClient.invalidateQueries({ queryKey: ["role"] });
  };

  async function run(action: () => Promise<unknown>, done: string | null, after?: () => void) {
    setBusy(true);
    try {
      await action();
      if (done) message.success(done);
      refresh();
      after?.();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const path = { params: { path: { record_id: record.id } } };
  return (
    <Space wrap>
      {isEditable(record) && <>
        <Button onClick={() => navigate(`/records/${record.id}/edit`)}>{record.family === "library" ? "修改" : "编辑"}</Button>
        <Popconfirm title="确定提交吗？" description="提交后在审核期间不能修改或删除" okText="提交" cancelText="取消"
          onConfirm={() => run(() => unwrap(api.POST("/api/v1/records/{record_id}/submit", { ...path, body: { version: record.version } })), "提交成功")}>
          <Button type="primary" loading={busy}>提交</Button>
        </Popconfirm>
        <Popconfirm title="确定删除该记录吗？" description="删除后不可恢复" okText="删除" cancelText="取消" okButtonProps={{ danger: true }}
          onConfirm={() => run(() => unwrap(api.DELETE("/api/v1/records/{record_id}", { params: { path: { record_id: record.id }, query: {} } })),
            "已删除", () => navigate(`/types/${record.record_type}`))}>
          <Button danger loading={busy}>删除</Button>
        </Popconfirm>
      </>}
      {record.status === "in_review" && (
        <Popconfirm title="确定催办吗？" description="将提醒当前环节的审核人尽快处理，每天只能催办一次" okText="催办" cancelText="取消"
          onConfirm={() => run(() => unwrap(api.POST("/api/v1/records/{record_id}/urge", path)), "已催办")}>
          <Button loading={busy}>催办</Button>
        </Popconfirm>
      )}
      {record.status === "approved" && policy.startsWith("withdraw") && (
        <Button onClick={() => setWithdrawOpen(true)}>撤回</Button>
      )}
      {lists.map((l) => <Button key={l.field} onClick={() => setAdjusting(l.field)}>调整{l.title}</Button>)}
      <Modal title="撤回" open={withdrawOpen} okText="确定撤回" cancelText="取消" confirmLoading={busy}
        onCancel={() => setWithdrawOpen(false)}
        onOk={() => reasonForm.validateFields().then(({ reason }) => run(async () => {
          const answer = await unwrap(api.POST("/api/v1/records/{record_id}/withdraw", { ...path, body: { reason } }));
          const told = withdrawOutcome(answer);
          message[told.kind](told.text);
        }, null, () => { setWithdrawOpen(false); reasonForm.resetFields(); })).catch(() => undefined)}>
        <Form form={reasonForm} layout="vertical">
          <Form.Item label="撤回原因" name="reason" rules={[{ required: true, whitespace: true, message: "请填写撤回原因" }]}>
            <Input.TextArea rows={4} maxLength={COMMENT_MAX} showCount placeholder="请输入撤回原因" />
          </Form.Item>
        </Form>
      </Modal>
      {adjusting && form.data && (
        <Suspense fallback={null}>
          <AdjustModal form={form.data} record={record} field={adjusting} onClose={() => setAdjusting(null)} onDone={refresh} />
        </Suspense>
      )}
    </Space>
  );
}
