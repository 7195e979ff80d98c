// 详情 (catalog §3.7): summary, fields as the form shows them, 附件, 流程图, 审核记录, 撤回记录.
import type { ReactNode } from "react";
import { Alert, Card, Descriptions, Space, Typography } from "antd";
import { useTypeForm } from "../../../api/hooks";
import type { RecordDetail } from "../../../api/types";
import ErrorState from "../../../components/ErrorState";
import PageSkeleton from "../../../components/PageSkeleton";
import StatusTag from "../../../components/StatusTag";
import { formatTime, formatWorkload } from "../../../components/format";
import RecordFieldsView from "../../../forms/RecordFieldsView";
import { useAttachments } from "../../../api/hooks";
import AttachmentsCard from "./AttachmentsCard";
import DiagramCard from "./DiagramCard";
import TrailTable, { SignersTable } from "./TrailTable";
import WithdrawalsCard from "./WithdrawalsCard";

export default function RecordDetailView({ detail, actions, side }: { detail: RecordDetail; actions?: ReactNode; side?: ReactNode }) {
  const { record } = detail;
  const form = useTypeForm(record.record_type);
  const attachments = useAttachments(record.id);
  if (form.isPending) return <PageSkeleton rows={10} />;
  if (form.error) return <ErrorState error={form.error} />;
  const workload = record.family === "workload";
  const lastReturn = record.status === "returned" ? [...detail.trail].reverse().find((e) => e.action === "return") : undefined;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <Space style={{ width: "100%", justifyContent: "space-between" }} align="start" wrap>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>{record.record_type_name}{record.title ? `：${record.title}` : ""}</Typography.Title>
            <Space style={{ marginTop: 8 }}>
              <StatusTag family={record.family} status={record.status} />
              {record.is_cited && <Typography.Text type="secondary">已被引用</Typography.Text>}
              {record.is_adjusted && <Typography.Text type="secondary">已调整</Typography.Text>}
            </Space>
          </div>
          {actions}
        </Space>
        <Descriptions size="small" column={3} style={{ marginTop: 16 }} items={[
          { key: "owner", label: "教职工", children: `${record.owner.name}（${record.owner.account}）` },
          { key: "unit", label: "所属部门", children: record.owner_unit ?? "—" },
          { key: "step", label: "当前环节", children: detail.current_step ?? "—" },
          ...(detail.waiting_on ? [{ key: "waiting", label: "待处理人", children:
            `${detail.waiting_on.unit ?? detail.waiting_on.lane_label}：${detail.waiting_on.people.join("、") || "—"}` }] : []),
          ...(workload ? [{ key: "workload", label: "工作量", children: formatWorkload(record.workload) }] : []),
          { key: "year", label: "考核年度", children: record.assessment_year ?? "—" },
          { key: "submitted", label: "申报日期", children: formatTime(record.submitted_at) },
          { key: "approved", label: "审核时间", children: formatTime(record.approved_at) },
          ...(record.submitter.id !== record.owner.id ? [{ key: "by", label: "填报人", children: record.submitter.name }] : []),
        ]} />
      </Card>
      {lastReturn && (
        <Alert type="warning" showIcon message={`${lastReturn.unit ?? lastReturn.step}退回：${lastReturn.comment ?? ""}`}
          description={`处理人：${lastReturn.actor.name}，请参照退回意见修改后重新提交。`} />
      )}
      {side}
      <Card title="基本信息" size="small">
        <RecordFieldsView schema={form.data.schema} uiSchema={form.data.ui_schema} data={record.data} attachments={attachments.data ?? []} />
      </Card>
      <AttachmentsCard recordId={record.id} schema={form.data.schema} />
      <DiagramCard recordId={record.id} />
      <Card title="审核记录" size="small">
        <TrailTable trail={detail.trail} />
        <SignersTable signers={detail.signers ?? []} />
      </Card>
      <WithdrawalsCard recordId={record.id} recordType={record.record_type} />
    </Space>
  );
}
