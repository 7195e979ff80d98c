// 病案 / 参考文献 template import (catalog §4.3): 模板下载, 上传, a verdict per row, 正式导入 only when every
// row is 允许导入. A19: one draft per row; A20/A21: appended to the 病案列表; A22: to the 参考文献.
import { useState } from "react";
import { Alert, App, Button, Modal, Space, Table, Tag, Typography, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { commitPersonal, personalTemplateUrl, uploadPersonal, type PersonalBatch, type PersonalRow, type PersonalTemplate } from "../../api/imports";
import { downloadFrom } from "../../components/download";
import { cellText, errorText } from "./wizard";
import { useUploadThenCommit } from "./useUploadThenCommit";

const TITLES: Record<PersonalTemplate, { button: string; template: string; file: string }> = {
  "a19-cases": { button: "病案导入", template: "病案模板下载", file: "病案模板.xlsx" },
  cases: { button: "病案导入", template: "病案模板下载", file: "病案导入模板.xlsx" },
  references: { button: "文献导入", template: "文献模板下载", file: "文献模板.xlsx" },
};

/** The template a record type imports with, if any. */
export function personalTemplateOf(recordType: string): PersonalTemplate | null {
  if (recordType === "A19") return "a19-cases";
  if (recordType === "A20" || recordType === "A21") return "cases";
  if (recordType === "A22") return "references";
  return null;
}

export default function PersonalImportPanel({ template, recordId }: { template: PersonalTemplate; recordId?: number }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const titles = TITLES[template];
  const { batch, error, busy, send: upload, confirm: commit } = useUploadThenCommit<PersonalBatch, { imported_count: number }>(
    (file) => uploadPersonal(template, file, recordId), commitPersonal, (done) => {
      message.success(`已导入 ${done.imported_count} 条`);
      void queryClient.invalidateQueries({ queryKey: ["role"] });
      if (recordId) void queryClient.invalidateQueries({ queryKey: ["record", recordId] });
      setOpen(false);
    });

  const headers = batch?.rows[0] ? Object.keys(batch.rows[0].cells) : [];
  return (
    <>
      <Button onClick={() => setOpen(true)}>{titles.button}</Button>
      <Modal title={titles.button} open={open} width={1000} onCancel={() => setOpen(false)} footer={[
        <Button key="close" onClick={() => setOpen(false)}>取消</Button>,
        <Button key="commit" type="primary" disabled={!batch?.can_import} loading={busy} onClick={() => void commit()}>正式导入</Button>,
      ]}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space>
            <Button type="link" onClick={() => void downloadFrom(personalTemplateUrl(template), titles.file).catch((e) => message.error(errorMessage(e)))}>
              {titles.template}</Button>
            <Upload accept=".xlsx,.xls" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
              <Button icon={<UploadOutlined />} loading={busy}>上传文件</Button>
            </Upload>
          </Space>
          {!batch && !error && (
            <Typography.Text type="secondary">
              请先下载模板，按模板填写后上传文件；每一行都显示“允许导入”后才能正式导入。
            </Typography.Text>
          )}
          {error && <Alert type="error" showIcon role="alert" message={error} />}
          {batch && (
            <>
              <Typography.Text>
                {batch.file_name}：共 {batch.total_rows} 行，允许导入 {batch.valid_count} 行，有错误 {batch.invalid_count} 行
                {batch.can_import ? "" : "。请修改有错误的行后重新上传，全部允许导入后才能正式导入"}
              </Typography.Text>
              <Table<PersonalRow> rowKey="row" size="small" pagination={false} dataSource={batch.rows} scroll={{ x: "max-content", y: 360 }}
                columns={[
                  { title: "行号", dataIndex: "row", width: 64 },
                  ...headers.map((h) => ({ title: h, key: h, render: (_: unknown, r: PersonalRow) => cellText(r.cells[h]) })),
                  { title: "校验结果", key: "status", fixed: "right", width: 280, render: (_, r) => r.status ? <Tag color="green">{r.status}</Tag> : (
                    <Space direction="vertical" size={0}>{r.errors.map((e, i) => <Typography.Text key={i} type="danger">{errorText(e)}</Typography.Text>)}</Space>
                  ) },
                ]} />
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}

/** 详情 of the applicant's own A20/A21/A22 while it can still be edited: the import button of its list. */
export function RecordImportAction({ record, meId }: { record: { id: number; record_type: string; status: string; owner: { id: number } }; meId?: number }) {
  const template = personalTemplateOf(record.record_type);
  if (!template || template === "a19-cases" || meId !== record.owner.id || !["draft", "returned"].includes(record.status)) return null;
  return <PersonalImportPanel template={template} recordId={record.id} />;
}
