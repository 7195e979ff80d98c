// 审核 (catalog §5.2): 审核通过 / 退回 / 退回上一步 / 终止 with 审核意见 (required but for 审核通过, at most 500;
// 退回上一步 sends the record back to the previous review step and is not offered at the first one), and the
// e-signature: the first single review asks for one on the pad (「第一次审核时需要个人电子签名」), later
// ones reuse the stored one (shown here; replaced in 个人设置).
import { useState, type ReactNode } from "react";
import { Alert, App, Button, Card, Form, Image, Input, Popconfirm, Radio, Skeleton } from "antd";
import { Link } from "react-router-dom";
import SignatureTabs from "../../signature/SignatureTabs";
import { useMySignature, useSaveSignature } from "../../signature/useSignature";
import { api, unwrap } from "../../api/client";
import { ApiError, errorMessage, isRetryable } from "../../api/errors";
import { COMMENT_MAX, DECISIONS, SIGN_MODE_LABELS } from "../../labels";
import { commentError, type Decision } from "./decision";

export default function DecisionPanel({ taskId, stepName, canReturnPrevious = false, signMode = null, onDone, onConflict, extra }: {
  taskId: number; stepName: string; canReturnPrevious?: boolean; signMode?: string | null;
  onDone: (action: Decision) => void; onConflict: () => void; extra?: ReactNode;
}) {
  const { message, modal } = App.useApp();
  const [action, setAction] = useState<Decision>("approve");
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const problem = commentError(action, comment);
  const signature = useMySignature();
  const saveSignature = useSaveSignature();
  const unsigned = signature.data ? !signature.data.has_signature : false;

  async function decide() {
    setTouched(true);
    if (problem || unsigned) return;
    setBusy(true);
    try {
      await unwrap(api.POST("/api/v1/tasks/{task_id}/complete", {
        params: { path: { task_id: taskId } }, body: { action, comment: comment.trim() || null, signature_version: null },
      }));
      message.success(`${DECISIONS.find((d) => d.action === action)?.label}成功`);
      onDone(action);
    } catch (e) {
      if (e instanceof ApiError && e.status === 428) {
        void signature.refetch();
        message.warning(e.message);
      } else if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: "无法审核", content: e.message });
        onConflict();
      } else message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const confirmText = action === "terminate" ? "终止后记录将不能再提交，确定终止吗？" : null;
  const decisions = DECISIONS.filter((d) => d.action !== "return_previous" || canReturnPrevious);
  const signLabel = signMode ? SIGN_MODE_LABELS[signMode] : undefined;
  const button = <Button type="primary" loading={busy} onClick={confirmText ? undefined : () => void decide()}>确定</Button>;
  return (
    <Card title={`审核（${stepName}）`} size="small" style={{ borderColor: "#91caff" }} extra={extra}>
      {signLabel ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={signMode === "all"
          ? `本环节为${signLabel}：须每位签批人都审核通过才进入下一步，任一人退回即结束本环节`
          : `本环节为${signLabel}：任一签批人审核通过即完成本环节，其他人的待办随之关闭`} />
      ) : null}
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label="审核结果" required>
          <Radio.Group value={action} onChange={(e) => { setAction(e.target.value as Decision); }} aria-label="审核结果"
            options={decisions.map((d) => ({ value: d.action, label: d.label }))} />
        </Form.Item>
        <Form.Item label="审核意见" htmlFor="review-comment" required={action !== "approve"}
          validateStatus={touched && problem ? "error" : undefined} help={touched && problem ? problem : undefined}>
          <Input.TextArea id="review-comment" rows={4} value={comment} maxLength={COMMENT_MAX} showCount
            placeholder={action === "approve" ? "请输入审核意见（选填）" : "请输入审核意见（必填）"}
            onChange={(e) => setComment(e.target.value)} />
        </Form.Item>
        <Form.Item label="电子签名" required>
          {signature.isPending ? (
            <div role="status" aria-label="正在加载电子签名" aria-busy="true">
              <Skeleton.Input active size="large" style={{ width: 200 }} />
            </div>
          ) : signature.error ? (
            <Alert type="error" showIcon message={`电子签名加载失败：${errorMessage(signature.error)}`}
              action={isRetryable(signature.error)
                ? <Button size="small" loading={signature.isFetching} onClick={() => void signature.refetch()}>重试</Button>
                : undefined} />
          ) : unsigned ? (
            <>
              <Alert type="warning" showIcon message="第一次审核时需要个人电子签名，请在下方签名并保存" style={{ marginBottom: 8 }} />
              <SignatureTabs saving={saveSignature.isPending} onSave={(image) => saveSignature.mutate(image, {
                onSuccess: () => message.success("电子签名已保存"),
                onError: (e) => message.error(errorMessage(e)),
              })} onQrSigned={() => message.success("电子签名已保存（扫码签名）")} />
            </>
          ) : signature.data?.image_url ? (
            <span>
              <Image src={signature.data.image_url} alt="我的电子签名" height={40} preview={false} />
              <Link to="/settings" style={{ marginLeft: 12 }}>在个人设置中更换</Link>
            </span>
          ) : null}
        </Form.Item>
        {confirmText ? (
          <Popconfirm title={confirmText} okText="终止" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => void decide()}>
            {button}
          </Popconfirm>
        ) : button}
      </Form>
    </Card>
  );
}
