// /operations/stuck — 卡住的流程: incidents, tasks nobody may act on, overdue tasks, failed notifications,
// each with its repair action (重试 / 改派 / 终止 / 重发; every one asks for 操作原因 and is audited).
import { useState } from "react";
import { Link } from "react-router-dom";
import { Button, Card, Space, Table, Tabs, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { fetchStuck, operationKeys, type FailedOutbox, type IncidentRow, type TaskRow } from "../../api/operations";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import ActionDialog, { type PendingAction } from "./ActionDialog";

function recordLink(id: number | null, title: string | null, type: string | null) {
  if (id === null) return "—";
  return <Link to={`/records/${id}`}>{[type, title].filter(Boolean).join("：") || `记录 ${id}`}</Link>;
}

export default function StuckPage() {
  const stuck = useQuery({ queryKey: operationKeys.stuck, queryFn: fetchStuck, refetchInterval: 30_000 });
  const [pending, setPending] = useState<PendingAction | null>(null);
  const data = stuck.data;

  const taskColumns = (overdue: boolean) => [
    { title: "记录", key: "record", width: 260, ellipsis: true,
      render: (_: unknown, t: TaskRow) => recordLink(t.record_id, t.record_title, t.record_type) },
    { title: "教职工", dataIndex: "owner" },
    { title: "所属部门", dataIndex: "owner_unit", render: (v: string | null) => v ?? "—" },
    { title: "当前环节", dataIndex: "name" },
    { title: "候选组", dataIndex: "group" },
    { title: "改派给", dataIndex: "assignee", render: (v: string | null) => v ?? "—" },
    { title: "到达时间", dataIndex: "created_at", render: formatTime },
    ...(overdue ? [{ title: "截止时间", dataIndex: "due_at", render: formatTime }] : []),
    { title: "操作", key: "op", fixed: "right" as const, render: (_: unknown, t: TaskRow) => {
      const subject = `${t.record_type}：${t.record_title ?? ""}（${t.owner}）· ${t.name}`;
      return (
        <Space>
          <Button size="small" type="link" onClick={() => setPending({ kind: "reassign", taskId: t.id, subject })}
            aria-label={`改派 ${t.record_title ?? t.id}`}>改派</Button>
          <Button size="small" type="link" danger onClick={() => setPending({ kind: "terminate", instanceId: t.instance_id, subject })}>终止</Button>
        </Space>
      );
    } },
  ];

  const tabs = [
    { key: "incidents", label: `流程异常(${data?.incidents.length ?? 0})`, children: (
      <Table<IncidentRow> rowKey="id" size="middle" dataSource={data?.incidents ?? []} pagination={false}
        locale={{ emptyText: "暂无流程异常" }} scroll={{ x: "max-content" }}
        columns={[
          { title: "记录", key: "record", width: 240, ellipsis: true, render: (_, i) => recordLink(i.record_id, i.record_title, i.record_type) },
          { title: "教职工", dataIndex: "owner", render: (v: string | null) => v ?? "—" },
          { title: "出错环节", dataIndex: "bpmn_id", render: (v: string | null) => v ? <Typography.Text code>{v}</Typography.Text> : "—" },
          { title: "错误类型", dataIndex: "error_type", render: (v: string) => <Tag color="error">{v}</Tag> },
          { title: "错误信息", dataIndex: "message", width: 360 },
          { title: "发生时间", dataIndex: "created_at", render: formatTime },
          { title: "操作", key: "op", fixed: "right", render: (_, i) => {
            const subject = `${i.record_type ?? ""}：${i.record_title ?? ""} · ${i.message}`;
            return (
              <Space>
                <Button size="small" type="link" disabled={!i.can_retry}
                  onClick={() => setPending({ kind: "retry", incidentId: i.id, subject })}>重试</Button>
                {i.instance_id !== null && <Button size="small" type="link" danger
                  onClick={() => setPending({ kind: "terminate", instanceId: i.instance_id!, subject })}>终止</Button>}
              </Space>
            );
          } },
        ]} />
    ) },
    { key: "unstaffed", label: `无人可审(${data?.unstaffed.length ?? 0})`, children: (
      <>
        <Typography.Paragraph type="secondary">候选组中没有在岗成员的待办（例如二级单位没有在岗的管理员）：改派给一位有审核角色的人员。</Typography.Paragraph>
        <Table<TaskRow> rowKey="id" size="middle" dataSource={data?.unstaffed ?? []} pagination={false}
          locale={{ emptyText: "暂无无人可审的待办" }} scroll={{ x: "max-content" }} columns={taskColumns(false)} />
      </>
    ) },
    { key: "overdue", label: `已超时(${data?.overdue.length ?? 0})`, children: (
      <Table<TaskRow> rowKey="id" size="middle" dataSource={data?.overdue ?? []} pagination={false}
        locale={{ emptyText: "暂无超时待办" }} scroll={{ x: "max-content" }} columns={taskColumns(true)} />
    ) },
    { key: "outbox", label: `通知发送失败(${data?.failed_outbox.length ?? 0})`, children: (
      <Table<FailedOutbox> rowKey="id" size="middle" dataSource={data?.failed_outbox ?? []} pagination={false}
        locale={{ emptyText: "暂无发送失败的通知" }} scroll={{ x: "max-content" }}
        columns={[
          { title: "编号", dataIndex: "id" },
          { title: "事件", dataIndex: "event_type" },
          { title: "尝试次数", dataIndex: "attempts" },
          { title: "失败原因", dataIndex: "last_error", render: (v: string | null) => v ?? "—" },
          { title: "创建时间", dataIndex: "created_at", render: formatTime },
          { title: "操作", key: "op", render: (_, m) => <Button size="small" type="link"
            onClick={() => setPending({ kind: "resend", messageId: m.id, subject: `通知 ${m.id}（${m.event_type}）` })}>重发</Button> },
        ]} />
    ) },
  ];

  return (
    <Card>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>卡住的流程</Typography.Title>
        <Button onClick={() => void stuck.refetch()} loading={stuck.isFetching}>刷新</Button>
      </Space>
      {stuck.error ? <ErrorState error={stuck.error} onRetry={() => void stuck.refetch()} />
        : <Tabs items={tabs} defaultActiveKey={data && !data.incidents.length && data.unstaffed.length ? "unstaffed" : "incidents"}
          key={data ? "loaded" : "loading"} />}
      <ActionDialog pending={pending} onClose={() => setPending(null)} />
    </Card>
  );
}
