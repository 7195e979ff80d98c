// /admin/audit — 审计日志 (catalog §3.8): every administrative action, newest first, with who, to whom, what.
import { useState } from "react";
import { Card, Input, Select, Space, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { adminKeys, fetchAudit, type AuditEvent } from "../../api/admin";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import { serverPagination } from "../../components/pagination";

const PAGE_SIZE = 20;
const ACTION_GROUPS = [
  { value: "account.", label: "账号" }, { value: "grant.", label: "角色" }, { value: "unit.", label: "单位" },
  { value: "info_admin.", label: "信息管理员变更" }, { value: "import.", label: "导入" },
  { value: "definition.", label: "流程定义" }, { value: "reference.", label: "参考数据" },
];
const KIND_LABELS: Record<string, string> = { process: "流程", decision: "决策表", form: "表单" };
const FIELD_LABELS: Record<string, string> = {
  name: "名称", code: "编码", kind: "类型", default_research_owner: "默认科研归口部门", parent_id: "上级单位", unit_id: "单位",
  gender: "性别", birth_month: "出生年月", id_number: "身份证号码", email: "电子邮箱", is_staff: "在编教职工",
};

/** The 内容 column: what an event did, to what, and why, in words (its detail as the service recorded it). */
export function auditDetail(e: AuditEvent): string {
  const d = e.detail;
  const parts: string[] = [];
  if (typeof d.role_label === "string") parts.push(`${d.role_label}${d.unit_name ? `（${String(d.unit_name)}）` : ""}`);
  if (typeof d.name === "string" && e.action.startsWith("unit.")) parts.push(d.name);
  if (e.action === "account.create" && typeof d.unit_name === "string") parts.push(`所属单位：${d.unit_name}`);
  if (typeof d.import_batch === "number") parts.push("批量生成");
  if (typeof d.file_name === "string") parts.push(d.file_name);
  if (typeof d.imported === "number") parts.push(`导入 ${d.imported} 条`);
  if (typeof d.kind === "string" && typeof d.key === "string") {          // 流程定义: which definition
    parts.push(`${KIND_LABELS[d.kind] ?? d.kind} ${d.key}${typeof d.version === "number" ? ` v${d.version}` : ""}`);
  }
  if (typeof d.problems === "number") parts.push(d.problems ? `${d.problems} 个问题` : "校验通过");
  if (typeof d.list === "string") parts.push(`${d.list}${typeof d.value === "string" ? `：${d.value}` : ""}`);
  if (e.action === "reference.default_year") parts.push(`${String(d.before ?? "空")} → ${String(d.after)}`);
  if (typeof d.from_version === "number") parts.push(`v${d.from_version} → v${String(d.to_version)}`);
  if (typeof d.record === "number" || typeof d.record_id === "number") parts.push(`记录 #${String(d.record ?? d.record_id)}`);
  if (typeof d.to_step_name === "string") parts.push(`跳转至 ${d.to_step_name}`);
  if (typeof d.to_user === "string") parts.push(`改派给 ${d.to_user}`);
  if (typeof d.starts_on === "string") parts.push(`${d.starts_on} 至 ${String(d.ends_on)}`);
  if (typeof d.reason === "string" && d.reason) parts.push(`理由：${d.reason}`);
  const changes = d.changes as Record<string, [unknown, unknown]> | undefined;
  if (changes) parts.push(Object.entries(changes).map(([k, [a, b]]) => `${FIELD_LABELS[k] ?? k}：${String(a ?? "空")} → ${String(b ?? "空")}`).join("；"));
  return parts.join("，");
}

export default function AuditPage() {
  const [action, setAction] = useState<string | undefined>();
  const [account, setAccount] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const query = { action, account, page, page_size: PAGE_SIZE };
  const events = useQuery({ queryKey: adminKeys.audit(query), queryFn: () => fetchAudit(query) });
  if (events.isError) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder="操作类别" aria-label="操作类别" style={{ width: 180 }} value={action} options={ACTION_GROUPS}
          onChange={(v?: string) => { setAction(v); setPage(1); }} />
        <Input.Search allowClear placeholder="操作人或对象账号" aria-label="按账号查询" style={{ width: 220 }}
          onSearch={(v) => { setAccount(v.trim() || undefined); setPage(1); }} />
      </Space>
      <Table<AuditEvent> rowKey="id" size="middle" loading={events.isLoading} dataSource={events.data?.items ?? []}
        pagination={serverPagination(page, PAGE_SIZE, events.data?.total, setPage)}
        columns={[
          { title: "时间", dataIndex: "created_at", width: 170, render: (v: string) => formatTime(v) },
          { title: "操作", dataIndex: "action_label", width: 140 },
          { title: "操作人", key: "actor", width: 200, render: (_, e) => e.actor_name ? `${e.actor_name}（${e.actor_account}）` : "—" },
          { title: "对象账号", key: "target", width: 180, render: (_, e) => e.target_name ? `${e.target_name}（${e.target_account}）` : "—" },
          { title: "内容", key: "detail", render: (_, e) => <Typography.Text>{auditDetail(e) || "—"}</Typography.Text> },
        ]} />
    </Card>
  );
}
