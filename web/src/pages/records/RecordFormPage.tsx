// 新增 / 编辑 a record (catalog §3.2): the type's form, 保存 / 提交 / 返回.
import { useMemo, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { Alert, App, Button, Card, Form as AntForm, Input, Space, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import type { ErrorSchema } from "@rjsf/utils";
import { useAttachments, useMe, useRecord, useTypeForm } from "../../api/hooks";
import { errorMessage } from "../../api/errors";
import type { Attachment, RecordTypeForm, RecordItem } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import RecordForm from "../../forms/RecordForm";
import { fieldNames, followCourseOwner, keepStoredValues, prepareForm } from "../../forms/prepare";
import { countErrors } from "../../forms/errors";
import { useRecordSaving } from "../../forms/useRecordSaving";
import { isEditable } from "./listModel";

/** 考核年度 starts at the school's default year (served in field_defaults; catalog §1.3.0: the current open
 * year), else the calendar year. */
function newRecordDefaults(schema: Record<string, unknown>, defaults: RecordTypeForm["field_defaults"]): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  if (!("assessment_year" in props) || defaults.assessment_year) return {};
  return { assessment_year: new Date().getFullYear() };
}

const UNIT_NOT_BOUND = "未绑定工作单位，只能保存不能提交";   // catalog §3.2a

export default function RecordFormPage() {
  const { code, id } = useParams();
  const recordId = id ? Number(id) : null;
  const record = useRecord(recordId ?? Number.NaN);
  const typeCode = code ?? record.data?.record.record_type;
  const form = useTypeForm(typeCode);
  if ((recordId !== null && record.isPending) || form.isPending) return <PageSkeleton rows={10} />;
  if (record.error && recordId !== null) return <ErrorState error={record.error} />;
  if (form.error) return <ErrorState error={form.error} />;
  const lastReturn = record.data?.record.status === "returned"
    ? [...record.data.trail].reverse().find((e) => e.action === "return") : undefined;
  return (
    <>
      {lastReturn && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }}
          message={`${lastReturn.unit ?? lastReturn.step}退回：${lastReturn.comment ?? ""}`}
          description="请参照退回意见修改后重新提交。" />
      )}
      <FormEditor key={recordId ?? `new-${typeCode}`} form={form.data!} record={recordId !== null ? record.data!.record : null} />
    </>
  );
}

function FormEditor({ form, record }: { form: RecordTypeForm; record: RecordItem | null }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useMe();
  const { role } = useActiveRole();
  const queryClient = useQueryClient();
  const code = form.record_type.code;
  const schema = useMemo(() => keepStoredValues(form.schema, record?.data ?? null), [form.schema, record]);
  const owners = form.reference_details?.course_owner_dept;
  const fields = useMemo(() => fieldNames(form.schema), [form.schema]);
  const saving = useRecordSaving(code, { id: record?.id ?? null, version: record?.version ?? null }, fields, form.schema);
  const attachments = useAttachments(saving.state.recordId ?? undefined);
  const [data, setData] = useState<Record<string, unknown>>(() =>
    prepareForm(schema, form.ui_schema, record?.data ?? newRecordDefaults(form.schema, form.field_defaults), form.field_defaults).formData);
  const [owner, setOwner] = useState("");
  const [busy, setBusy] = useState<"save" | "submit" | null>(null);
  const formRef = useRef<{ validateForm: () => boolean } | null>(null);
  const prepared = useMemo(() => prepareForm(schema, form.ui_schema, data, form.field_defaults), [schema, form, data]);
  const proxy = role === "unit_admin" && !record;
  const unbound = !proxy && me.data && me.data.unit_id === null;
  const readOnly = record !== null && !isEditable(record);
  const title = `${record ? (form.record_type.family === "library" ? "修改" : "编辑") : (form.record_type.family === "library" ? "新增" : "新增申请")}：${form.record_type.name}`;

  /** 上传: a file on a form never saved also saves it as a draft, in the same request; a refused file
   *  leaves no draft, and the widget shows the refusal alone. */
  async function uploadFile(field: string, file: File): Promise<Attachment> {
    const upload = await saving.uploadFile(prepared.formData, proxy ? owner.trim() : undefined, field, file);
    if (upload.created) message.info("已自动保存为草稿");
    return upload.attachment;
  }

  async function onSave() {
    setBusy("save");
    try {
      const saved = await saving.save(prepared.formData, proxy ? owner.trim() : undefined);
      setData(saved.data);
      message.success("保存成功");
      if (!record) navigate(`/records/${saved.id}/edit`, { replace: true });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    const ok = formRef.current?.validateForm() ?? true;
    if (!ok) {
      saving.setClientErrors(undefined);
      message.error("表单填写有误，请按字段下方的提示修改后再提交");
      return;
    }
    setBusy("submit");
    try {
      const submitted = await saving.submit(prepared.formData, proxy ? owner.trim() : undefined);
      message.success("提交成功");
      void queryClient.invalidateQueries({ queryKey: ["notifications"] });
      navigate(`/records/${submitted.id}`, { replace: true });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const extra: ErrorSchema | undefined = saving.state.extraErrors;
  const errorCount = countErrors(extra) + saving.state.general.length;
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>}
      extra={form.record_type.pay_attribute ? <Typography.Text type="secondary">{form.record_type.pay_attribute}</Typography.Text> : null}>
      {readOnly && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={`当前状态为「${record?.status_label}」，不能编辑`} />}
      {errorCount > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} role="alert" message={`共有 ${errorCount} 处填写错误`}
          description={saving.state.general.length ? saving.state.general.join("；") : "请按字段下方的提示修改后重试"} />
      )}
      {unbound && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={UNIT_NOT_BOUND} />}
      <div style={{ maxWidth: 960 }}>
        {proxy && (
          <AntForm layout="vertical">
            <AntForm.Item label="教职工账号" required htmlFor="owner-account" extra="代本单位教师填报：请输入教师的账号（工号）">
              <Input id="owner-account" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="请输入教职工账号" style={{ maxWidth: 320 }} />
            </AntForm.Item>
          </AntForm>
        )}
        <RecordForm ref={formRef} schema={prepared.schema} uiSchema={prepared.uiSchema} formData={prepared.formData}
          extraErrors={extra} disabled={readOnly || busy !== null}
          context={{ uploadFile, attachments: attachments.data ?? [], onAttachmentsChanged: () => { void attachments.refetch(); void saving.syncVersion(); } }}
          onChange={(next) => setData(prepareForm(schema, form.ui_schema, followCourseOwner(data, next, owners), form.field_defaults).formData)} />
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" onClick={() => void onSubmit()} loading={busy === "submit"} disabled={readOnly || !!unbound || busy === "save"}
            title={unbound ? UNIT_NOT_BOUND : undefined}>提交</Button>
          <Button onClick={() => void onSave()} loading={busy === "save"} disabled={readOnly || busy === "submit"}>保存</Button>
          <Button onClick={() => navigate(record ? `/records/${record.id}` : `/types/${code}`)}>返回</Button>
        </Space>
      </div>
    </Card>
  );
}

