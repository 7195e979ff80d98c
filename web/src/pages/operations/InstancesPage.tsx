// /operations/instances — 流程实例: every process instance, filtered by 状态, 流程 and 版本, 当前泳道, 所属单位
// and 已运行天数, with 挂起 / 跳转 / 恢复 / 终止 (操作原因 required, audited).
import { useState } from "react";
import { Link } from "react-router-dom";
import { Badge, Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchInstanceFilters, fetchInstances, operationKeys, type InstanceQuery, type InstanceRow } from "../../api/operations";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import ActionDialog, { type PendingAction } from "./ActionDialog";

export const STATUS_COLORS: Record<string, string> = {
  running: "processing", suspended: "warning", incident: "error", completed: "success", terminated: "default", cancelled: "default",
};

export default function InstancesPage() {
  const [query, setQuery] = useState<InstanceQuery>({ page: 1, page_size: 20 });
  const filters = useQuery({ queryKey: operationKeys.filters, queryFn: fetchInstanceFilters });
  const list = useQuery({ queryKey: operationKeys.instances(query), queryFn: () => fetchInstances(query), placeholderData: keepPreviousData });
  const [pending, setPending] = useState<PendingAction | null>(null);
  const set = (patch: Partial<InstanceQuery>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const versions = filters.data?.processes.find((p) => p.key === query.process_key)?.versions ?? [];

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>流程实例</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear aria-label="状态" placeholder="状态" style={{ width: 120 }}
          options={filters.data?.statuses ?? []} onChange={(v?: InstanceQuery["status"]) => set({ status: v })} />
        <Select allowClear aria-label="流程" placeholder="流程" style={{ width: 190 }}
          options={(filters.data?.processes ?? []).map((p) => ({ value: p.key, label: p.key }))}
          onChange={(v?: string) => set({ process_key: v, version: undefined })} />
        <Select allowClear aria-label="版本" placeholder="版本" style={{ width: 100 }} disabled={!query.process_key}
          value={query.version} options={versions.map((v) => ({ value: v, label: `v${v}` }))} onChange={(v?: number) => set({ version: v })} />
        <Select allowClear aria-label="当前泳道" placeholder="当前泳道" style={{ width: 160 }}
          options={filters.data?.lanes ?? []} onChange={(v?: InstanceQuery["lane"]) => set({ lane: v })} />
        <Select allowClear showSearch optionFilterProp="label" aria-label="所属单位" placeholder="所属单位" style={{ width: 190 }}
          options={(filters.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} onChange={(v?: number) => set({ unit_id: v })} />
        <InputNumber aria-label="已运行天数（不少于）" placeholder="已运行天数≥" min={1} max={3650} style={{ width: 130 }}
          onChange={(v) => set({ older_than_days: typeof v === "number" ? v : undefined })} />
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
        <Table<InstanceRow> rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data?.items ?? []}
          locale={{ emptyText: list.isPending ? " " : "没有符合条件的流程实例" }} scroll={{ x: 1274 }} tableLayout="fixed"
          pagination={{ current: query.page, pageSize: query.page_size, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`,
            onChange: (page, page_size) => setQuery((q) => ({ ...q, page, page_size })) }}
          columns={[
            // the columns an operator reads first (where the record is and how it stands) come before the version
            // and the times; each has its width, so that no one column takes the room of the others
            { title: "实例", dataIndex: "id", width: 64 },
            { title: "记录", key: "record", width: 220, ellipsis: { showTitle: true },
              render: (_, i) => <Link to={`/records/${i.record_id}`}>{`${i.record_type}：${i.record_title ?? i.record_id}`}</Link> },
            { title: "教职工", dataIndex: "owner", width: 80, ellipsis: true },
            { title: "所属部门", dataIndex: "owner_unit", width: 120, ellipsis: true, render: (v: string | null) => v ?? "—" },
            { title: "当前环节", key: "step", width: 150, ellipsis: true,
              render: (_, i) => !i.step ? "—" : i.step === i.lane_label ? i.step : `${i.step}（${i.lane_label}）` },
            { title: "状态", key: "status", width: 110, render: (_, i) => <Space size={4}>
              <Tag color={STATUS_COLORS[i.status]}>{i.status_label}</Tag>
              {i.open_incidents > 0 && <Badge count={i.open_incidents} title={`${i.open_incidents} 个未处理的异常`} />}
            </Space> },
            { title: "流程版本", key: "process", width: 180, render: (_, i) => `${i.process_key} v${i.process_version}` },
            { title: "开始时间", dataIndex: "created_at", width: 150, render: formatTime },
            { title: "结束时间", dataIndex: "ended_at", width: 150, render: formatTime },
            { title: "操作", key: "op", fixed: "right", width: 150, render: (_, i) => {
              const subject = `实例 ${i.id} · ${i.record_type}：${i.record_title ?? ""}（${i.owner}）`;
              return (
                <Space>
                  {i.status === "running" && <Button size="small" type="link" onClick={() => setPending({ kind: "suspend", instanceId: i.id, subject })}>挂起</Button>}
                  {i.status === "running" && <Button size="small" type="link" onClick={() => setPending({ kind: "jump", instanceId: i.id, subject })}>跳转</Button>}
                  {i.status === "suspended" && <Button size="small" type="link" onClick={() => setPending({ kind: "resume", instanceId: i.id, subject })}>恢复</Button>}
                  {["running", "suspended", "incident"].includes(i.status) &&
                    <Button size="small" type="link" danger onClick={() => setPending({ kind: "terminate", instanceId: i.id, subject })}>终止</Button>}
                </Space>
              );
            } },
          ]} />
      )}
      <ActionDialog pending={pending} onClose={() => setPending(null)} />
    </Card>
  );
}
