// 导入课程目录: 模板下载 → 上传文件 → every row checked (「第 R 行，“列名”：原因」) → 只导入有效数据.
import { useState } from "react";
import { Alert, App, Button, Modal, Space, Table, Tag, Typography, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { errorMessage } from "../../api/errors";
import { COURSE_TEMPLATE_URL, commitCourses, uploadCourses, type CourseBatch, type CourseRow } from "../../api/reference";
import { downloadFrom } from "../../components/download";
import { STATUS_TAG_STYLES } from "../../components/StatusTag";
import { cellText, errorText } from "../imports/wizard";
import { useUploadThenCommit } from "../imports/useUploadThenCommit";

export default function CourseImportDialog({ onImported }: { onImported: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const { batch, error, busy, send: upload, confirm: commit } = useUploadThenCommit<CourseBatch, { imported_count: number }>(
    uploadCourses, commitCourses, (done) => {
      message.success(`已导入 ${done.imported_count} 门课程`);
      onImported();
      setOpen(false);
    });

  const headers = batch?.rows[0] ? Object.keys(batch.rows[0].cells) : [];
  return (
    <>
      <Button onClick={() => setOpen(true)}>导入课程</Button>
      <Modal title="导入课程目录" open={open} width={860} onCancel={() => setOpen(false)} footer={[
        <Button key="close" onClick={() => setOpen(false)}>取消</Button>,
        <Button key="commit" type="primary" disabled={!batch || batch.valid_count === 0 || batch.status !== "previewed"} loading={busy}
          onClick={() => void commit()}>只导入有效数据{batch ? `（${batch.valid_count} 条）` : ""}</Button>,
      ]}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space>
            <Button type="link" onClick={() => void downloadFrom(COURSE_TEMPLATE_URL, "课程目录导入模板.xlsx").catch((e) => message.error(errorMessage(e)))}>
              课程目录模板下载</Button>
            <Upload accept=".xlsx,.xls" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
              <Button icon={<UploadOutlined />} loading={busy}>上传文件</Button>
            </Upload>
          </Space>
          {error && <Alert type="error" showIcon role="alert" message={error} />}
          {batch && (
            <>
              <Typography.Text>
                {batch.file_name}：共 {batch.total_rows} 行，有效数据 {batch.valid_count} 行，无效数据 {batch.invalid_count} 行
              </Typography.Text>
              <Table<CourseRow> rowKey="row" size="small" pagination={false} dataSource={batch.rows} scroll={{ y: 360 }}
                columns={[
                  { title: "行号", dataIndex: "row", width: 64 },
                  ...headers.map((h) => ({ title: h, key: h, render: (_: unknown, r: CourseRow) => cellText(r.cells[h]) })),
                  { title: "校验结果", key: "status", width: 320, render: (_, r) => r.valid ? <Tag style={STATUS_TAG_STYLES.approved}>有效</Tag> : (
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
