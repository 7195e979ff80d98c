// 引用 (catalog §3.5): 人力资源部 locks an approved record for a 职称申报, 工作量结算 or 上报.
import { useState } from "react";
import { App, Button, Form, Input, Modal, Select } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { errorMessage } from "../../../api/errors";
import type { RecordItem } from "../../../api/types";
import { useActiveRole } from "../../../auth/role";
import { CITATION_KINDS } from "../../../labels";

export default function CiteAction({ record }: { record: RecordItem }) {
  const { role } = useActiveRole();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ kind: "title_application" | "settlement" | "info_report"; ref: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  if (role !== "hr_admin" || record.status !== "approved") return null;
  async function cite() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      await unwrap(api.POST("/api/v1/records/{record_id}/citations", { params: { path: { record_id: record.id } }, body: values }));
      message.success("已引用");
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ["record", record.id] });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>引用</Button>
      <Modal title="引用" open={open} okText="确定" cancelText="取消" confirmLoading={busy} onOk={() => void cite()} onCancel={() => setOpen(false)}>
        <Form form={form} layout="vertical">
          <Form.Item label="引用类型" name="kind" rules={[{ required: true, message: "请选择引用类型" }]}>
            <Select options={CITATION_KINDS.map((k) => ({ value: k.kind, label: k.label }))} placeholder="请选择引用类型" />
          </Form.Item>
          <Form.Item label="引用编号" name="ref" rules={[{ required: true, whitespace: true, message: "请输入引用编号" }]}>
            <Input placeholder="例如职称申报编号" maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
