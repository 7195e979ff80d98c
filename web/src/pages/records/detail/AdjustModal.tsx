// 调整 a child list after 提交 (catalog §3.6): the list alone, saved with POST /records/{id}/adjust.
import { useMemo, useState } from "react";
import { Alert, App, Modal } from "antd";
import type { ErrorSchema, RJSFSchema } from "@rjsf/utils";
import { api, unwrap } from "../../../api/client";
import { ApiError, errorMessage } from "../../../api/errors";
import { useAttachments } from "../../../api/hooks";
import type { RecordItem, RecordTypeForm } from "../../../api/types";
import RecordForm from "../../../forms/RecordForm";
import { envelopeToErrorSchema } from "../../../forms/errors";
import { prepareForm } from "../../../forms/prepare";
import { uploadAttachment } from "../../../forms/uploads";

export default function AdjustModal({ form, record, field, onClose, onDone }: {
  form: RecordTypeForm; record: RecordItem; field: string; onClose: () => void; onDone: () => void;
}) {
  const { message } = App.useApp();
  const attachments = useAttachments(record.id);
  const schema = useMemo(() => {
    const props = (form.schema.properties ?? {}) as Record<string, unknown>;
    return { type: "object", properties: { [field]: props[field] }, required: [field] } as Record<string, unknown>;
  }, [form.schema, field]);
  // the list alone: its show/hide condition was met when the record was filed (adjustableLists checks it)
  const ui = useMemo(() => {
    const { "ui:showIf": _show, "ui:hideIf": _hide, ...own } = ((form.ui_schema as Record<string, unknown>)[field] ?? {}) as Record<string, unknown>;
    void _show;
    void _hide;
    return { [field]: own };
  }, [form.ui_schema, field]);
  const [data, setData] = useState<Record<string, unknown>>({ [field]: record.data[field] ?? [] });
  const [errors, setErrors] = useState<ErrorSchema | undefined>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const prepared = prepareForm(schema, ui, data, {});

  async function save() {
    setBusy(true);
    try {
      await unwrap(api.POST("/api/v1/records/{record_id}/adjust", {
        params: { path: { record_id: record.id } },
        body: { field, rows: (data[field] ?? []) as Record<string, unknown>[], version: record.version },
      }));
      message.success("调整已保存");
      onDone();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        const placed = envelopeToErrorSchema(e.errors, [field], schema);
        setErrors(placed.errorSchema);
        setGeneral(placed.general);
      }
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`调整${(prepared.schema.properties?.[field] as RJSFSchema | undefined)?.title ?? ""}`} width={1100}
      okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose}>
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={general.join("；")} />}
      <RecordForm schema={prepared.schema} uiSchema={prepared.uiSchema} formData={data} extraErrors={errors}
        context={{ uploadFile: (path, file) => uploadAttachment(record.id, path, file), attachments: attachments.data ?? [], onAttachmentsChanged: () => void attachments.refetch() }}
        onChange={setData} />
    </Modal>
  );
}
