// The dialog of one operator action: what it acts on, 改派给 (reassign only), 操作原因 (required), 确定.
import { useState } from "react";
import { Alert, App, Form, Input, Modal, Select, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { ACTION_LABELS, fetchAssignees, fetchSteps, operationKeys, runAction, type OperatorAction } from "../../api/operations";

export type PendingAction =
  | { kind: "retry"; incidentId: number; subject: string }
  | { kind: "reassign"; taskId: number; subject: string }
  | { kind: "jump"; instanceId: number; subject: string }
  | { kind: "suspend" | "resume" | "terminate"; instanceId: number; subject: string }
  | { kind: "resend"; messageId: number; subject: string };

const HINTS: Record<PendingAction["kind"], string> = {
  retry: "重新执行出错的流程步骤（请先修复并重新部署出错的决策表或流程）。",
  reassign: "改派后该待办只出现在被改派人的待审核列表中，由其审核。",
  jump: "将流程退回到已经过的审核环节重新审核，当前待办将被取消。",
  suspend: "挂起后该流程的待办暂不能审核，直到恢复。",
  resume: "恢复后该流程的待办可以继续审核。",
  terminate: "终止后该记录的审核结束，状态变为“终止”，并通知申请人。此操作不能撤销。",
  resend: "将发送失败的通知重新放入发送队列。",
};

export default function ActionDialog({ pending, onClose }: { pending: PendingAction | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [userId, setUserId] = useState<number | undefined>();
  const [bpmnId, setBpmnId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const taskId = pending?.kind === "reassign" ? pending.taskId : null;
  const assignees = useQuery({ queryKey: operationKeys.assignees(taskId ?? 0), queryFn: () => fetchAssignees(taskId ?? 0),
    enabled: taskId !== null });
  const jumpId = pending?.kind === "jump" ? pending.instanceId : null;
  const steps = useQuery({ queryKey: operationKeys.steps(jumpId ?? 0), queryFn: () => fetchSteps(jumpId ?? 0),
    enabled: jumpId !== null });
  const label = pending ? ACTION_LABELS[pending.kind] : "";

  function close() {
    setReason("");
    setUserId(undefined);
    setBpmnId(undefined);
    setError(null);
    onClose();
  }

  async function submit() {
    if (!pending) return;
    if (pending.kind === "reassign" && userId === undefined) {
      setError("请选择改派给谁");
      return;
    }
    if (pending.kind === "jump" && bpmnId === undefined) {
      setError("请选择跳转到哪个环节");
      return;
    }
    if (!reason.trim()) {
      setError("请填写操作原因");
      return;
    }
    const action: OperatorAction = pending.kind === "reassign" ? { kind: "reassign", taskId: pending.taskId, userId: userId! }
      : pending.kind === "jump" ? { kind: "jump", instanceId: pending.instanceId, bpmnId: bpmnId! }
      : pending.kind === "retry" ? { kind: "retry", incidentId: pending.incidentId }
        : pending.kind === "resend" ? { kind: "resend", messageId: pending.messageId }
          : { kind: pending.kind, instanceId: pending.instanceId };
    setBusy(true);
    try {
      await runAction(action, reason.trim());
      message.success(`${label}成功`);
      void queryClient.invalidateQueries({ queryKey: operationKeys.all });
      close();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!pending} title={label} okText="确定" cancelText="取消" confirmLoading={busy} destroyOnHidden
      okButtonProps={{ danger: pending?.kind === "terminate" }} onOk={() => void submit()} onCancel={close}>
      <Typography.Paragraph>{pending?.subject}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{pending ? HINTS[pending.kind] : ""}</Typography.Paragraph>
      <Form layout="vertical" requiredMark>
        {pending?.kind === "reassign" && (
          <Form.Item label="改派给" required htmlFor="reassign-user">
            <Select id="reassign-user" showSearch optionFilterProp="label" placeholder="输入姓名或账号"
              loading={assignees.isPending} value={userId} onChange={(v: number) => { setUserId(v); setError(null); }}
              options={(assignees.data ?? []).map((u) => ({ value: u.id,
                label: `${u.name}（${u.account}）${u.unit ? ` · ${u.unit}` : ""} · ${u.roles.join("、")}` }))} />
          </Form.Item>
        )}
        {pending?.kind === "jump" && (
          <Form.Item label="跳转到" required htmlFor="jump-step"
            help={steps.data && !steps.data.length ? "该流程还没有经过可以退回的审核环节" : undefined}>
            <Select id="jump-step" placeholder="选择已经过的环节" loading={steps.isPending} value={bpmnId}
              onChange={(v: string) => { setBpmnId(v); setError(null); }}
              options={(steps.data ?? []).map((s) => ({ value: s.bpmn_id, label: s.name }))} />
          </Form.Item>
        )}
        <Form.Item label="操作原因" required htmlFor="operator-reason">
          <Input.TextArea id="operator-reason" rows={3} maxLength={500} showCount value={reason}
            onChange={(e) => { setReason(e.target.value); setError(null); }} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} role="alert" />}
    </Modal>
  );
}
