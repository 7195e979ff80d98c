// File field (ui:widget "attachments"): uploads through POST /records/{id}/attachments, value = ids.
import { useState } from "react";
import { Button, Space, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import type { WidgetProps } from "@rjsf/utils";
import { ApiError, errorMessage } from "../../../api/errors";
import type { Attachment } from "../../../api/types";
import { checkFile, rulesOf } from "../../attachmentRules";
import type { RecordFormContext } from "../../context";

export default function AttachmentsWidget(props: WidgetProps) {
  const { id, value, onChange, schema, disabled, readonly, formContext, label } = props;
  const ctx = formContext as RecordFormContext;
  const ids: number[] = Array.isArray(value) ? (value as unknown[]).filter((v): v is number => typeof v === "number") : [];
  const rules = rulesOf(schema["x-attachment"]);
  const fieldPath = String(schema["x-field-path"] ?? id.replace(/^root_/, ""));
  const fieldLabel = String(schema["x-field-label"] ?? label);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState<Attachment[]>([]);
  const known = [...ctx.attachments, ...uploaded];
  const nameOf = (fileId: number) => known.find((a) => a.id === fileId)?.file_name ?? `附件 ${fileId}`;

  async function upload(file: File) {
    setError(null);
    const problem = checkFile(file, rules, ids.length, fieldLabel);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const attachment = await ctx.uploadFile(fieldPath, file);
      setUploaded((list) => [...list, attachment]);
      onChange([...ids, attachment.id]);
      ctx.onAttachmentsChanged();
    } catch (e) {
      const details = e instanceof ApiError ? e.errors.map((x) => x.message) : [];
      setError(details.length ? details.join("；") : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const locked = disabled || readonly;
  return (
    <div id={id} role="group" aria-label={label}>
      <Space direction="vertical" style={{ width: "100%" }} size={4}>
        {ids.map((fileId) => (
          <Space key={fileId}>
            <PaperClipOutlined aria-hidden />
            <Typography.Link href={`/api/v1/attachments/${fileId}/download`}>{nameOf(fileId)}</Typography.Link>
            {!locked && (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`移除 ${nameOf(fileId)}`}
                onClick={() => onChange(ids.filter((x) => x !== fileId))} />
            )}
          </Space>
        ))}
        {!locked && (
          <Upload showUploadList={false} accept={rules.types.map((t) => `.${t}`).join(",")}
            beforeUpload={(file) => { void upload(file); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy} aria-label={`上传文件：${label}`}>上传文件</Button>
          </Upload>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          支持 {rules.types.join("、")}，单个文件不超过 {rules.maxMb} MB{rules.maxFiles ? `，最多 ${rules.maxFiles} 个` : ""}
        </Typography.Text>
        {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
      </Space>
    </div>
  );
}
