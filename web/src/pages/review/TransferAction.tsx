// 转交: hand the open task to another member of the same candidate group (the API lists them); it then
// waits in that member's inbox only, and the 审核记录 shows who handed it to whom. The colleagues are asked
// for with the page, so that 转交 is disabled (and says why) when the step has nobody else.
import { useState } from "react";
import { App, Button, Empty, Form, Input, Modal, Select, Tooltip } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { COMMENT_MAX } from "../../labels";

const NOBODY = "该环节没有其他审核人，无法转交";

interface Colleague { id: number; account: string; name: string; unit: string | null }

export default function TransferAction({ taskId, onDone }: { taskId: number; onDone: (assignee: string) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<number | undefined>();
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const people = useQuery({
    queryKey: ["task", taskId, "transfer-candidates"],
    queryFn: () => unwrap(api.GET("/api/v1/tasks/{task_id}/transfer-candidates", {
      params: { path: { task_id: taskId } } })) as Promise<Colleague[]>,
  });
  const nobody = people.isSuccess && people.data.length === 0;
  const transfer = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/tasks/{task_id}/transfer", {
      params: { path: { task_id: taskId } }, body: { assignee_id: assignee!, comment: comment.trim() || null } })),
    onSuccess: (body) => {
      const name = (body as { assignee: Colleague }).assignee.name;
      message.success(`已转交给${name}`);
      setOpen(false);
      onDone(name);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  function submit() {
    setTouched(true);
    if (assignee !== undefined) transfer.mutate();
  }

  return (
    <>
      {nobody ? (
        // a disabled button reports no pointer to React: the tooltip listens on a box around it
        <Tooltip title={NOBODY}><span style={{ display: "inline-block" }}><Button size="small" disabled>转交</Button></span></Tooltip>
      ) : (
        <Button size="small" onClick={() => setOpen(true)}>转交</Button>
      )}
      <Modal title="转交" open={open} okText="确定转交" cancelText="取消" onOk={submit} onCancel={() => setOpen(false)}
        confirmLoading={transfer.isPending} destroyOnClose>
        <Form layout="vertical">
          <Form.Item label="转交给" htmlFor="transfer-assignee" required extra="只能转交给同一审核环节的其他审核人；转交后由对方处理。"
            validateStatus={touched && assignee === undefined ? "error" : undefined}
            help={touched && assignee === undefined ? "请选择转交给谁" : undefined}>
            <Select id="transfer-assignee" placeholder="请选择审核人" value={assignee} onChange={setAssignee}
              loading={people.isPending} showSearch optionFilterProp="label"
              notFoundContent={people.isPending ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该环节没有其他审核人" />}
              options={(people.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.account}）${p.unit ? ` · ${p.unit}` : ""}` }))} />
          </Form.Item>
          <Form.Item label="转交说明" htmlFor="transfer-comment">
            <Input.TextArea id="transfer-comment" rows={3} maxLength={COMMENT_MAX} showCount value={comment}
              placeholder="选填，显示在审核记录中" onChange={(e) => setComment(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
