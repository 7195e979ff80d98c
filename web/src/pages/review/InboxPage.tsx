// /review/:code — the inbox of one type (catalog §5.1, §5.4): 待审核 / 全部, 姓名/账号, 考核年度, 合计.
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { Button, Card, Input, InputNumber, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useInbox, useRecords, useTypeForm } from "../../api/hooks";
import type { InboxItem, RecordItem } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import StatusTag from "../../components/StatusTag";
import { formatTime, formatWorkload } from "../../components/format";
import { cellText } from "../records/listModel";

type Row = { key: number; record: RecordItem; task?: InboxItem };
type Tab = "pending" | "done" | "all";

export default function InboxPage() {
  const { code = "" } = useParams();
  const form = useTypeForm(code);
  const { role } = useActiveRole();
  const navigate = useNavigate();
  const [tab, setTab] = useState<Tab>("pending");
  const [q, setQ] = useState("");
  const [year, setYear] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const filters = { record_type: code, page, page_size: pageSize, ...(q ? { q } : {}), ...(year ? { year } : {}) };
  const inbox = useInbox(filters);
  const done = useInbox({ ...filters, state: "done" }, tab === "done");
  const all = useRecords({ ...filters, view: "scope" });
  const active = tab === "pending" ? inbox : tab === "done" ? done : all;
  const props = (form.data?.schema.properties ?? {}) as Record<string, { type?: string; title?: string }>;
  const isWorkload = form.data?.record_type.family !== "library";

  const rows: Row[] = tab === "all"
    ? (all.data?.items ?? []).map((r) => ({ key: r.id, record: r }))
    : ((tab === "pending" ? inbox : done).data?.items ?? []).map((t) => ({ key: t.id, record: t.record, task: t }));

  const columns = useMemo<TableColumnsType<Row>>(() => [
    { title: "序号", key: "seq", width: 56, render: (_, __, i) => (page - 1) * pageSize + i + 1 },
    { title: "操作", key: "op", width: 64, render: (_, row) => row.task && tab === "pending"
      ? (row.task.can_act ? <Link to={`/review/records/${row.record.id}`}>审核</Link> : <Typography.Text type="secondary" title="不能审核本人填报的记录">本人记录</Typography.Text>)
      : <Link to={`/review/records/${row.record.id}`}>查看</Link> },
    ...(isWorkload ? [{ title: "工作量", key: "workload", width: 72, render: (_: unknown, row: Row) => formatWorkload(row.record.workload) }] : []),
    ...(form.data?.metadata.list_columns ?? []).map((key) => ({ title: props[key]?.title ?? key, key, ellipsis: true,
      render: (_: unknown, row: Row) => cellText(row.record.data[key], props[key]) })),
    { title: "提交人", key: "owner", width: 90, render: (_, row) => <span title={row.record.owner.account}>{row.record.owner.name}</span> },
    { title: "所属部门", key: "unit", ellipsis: true, render: (_, row) => row.record.owner_unit ?? "—" },
    ...(tab === "done" ? [
      { title: "审核环节", key: "step", render: (_: unknown, row: Row) => row.task?.name },
      { title: "处理结果", key: "outcome", render: (_: unknown, row: Row) => row.task?.outcome_label ?? "—" },
      { title: "处理人", key: "by", render: (_: unknown, row: Row) => row.task?.completed_by?.name ?? "—" },
      { title: "处理时间", key: "done_at", render: (_: unknown, row: Row) => formatTime(row.task?.completed_at) },
    ] : [
      { title: "当前环节", key: "step", render: (_: unknown, row: Row) => row.task ? row.task.name : <StatusTag family={row.record.family} status={row.record.status} /> },
      { title: "提交时间", key: "at", render: (_: unknown, row: Row) => formatTime(row.record.submitted_at) },
    ]),
    ...(tab === "pending" ? [{ title: "标记", key: "flags", render: (_: unknown, row: Row) => row.record.is_adjusted ? <Tag color="orange">已调整</Tag> : null }] : []),
  ], [form.data, props, isWorkload, page, pageSize, tab]);

  if (form.isPending) return <PageSkeleton />;
  if (form.error) return <ErrorState error={form.error} />;
  const data = active.data;
  return (
    <Card>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{form.data.record_type.name}</Typography.Title>
        {role === "unit_admin" && form.data.record_type.entry_mode === "teacher" && (
          <Button icon={<PlusOutlined />} onClick={() => navigate(`/types/${code}/new`)}>代教师填报</Button>
        )}
      </Space>
      <Tabs activeKey={tab} onChange={(k) => { setTab(k as Tab); setPage(1); }} items={[
        { key: "pending", label: `待审核${inbox.data ? `(${inbox.data.total})` : ""}` },
        { key: "done", label: "已审核" },
        { key: "all", label: "全部" },
      ]} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear enterButton="查询" aria-label="姓名/账号" placeholder="请输入姓名或账号（工号）" style={{ width: 320 }}
          onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
        <InputNumber aria-label="考核年度" placeholder="考核年度" min={2000} max={2100} value={year} style={{ width: 140 }}
          onChange={(v) => { setYear(v ?? null); setPage(1); }} />
      </Space>
      {active.error ? <ErrorState error={active.error} onRetry={() => void active.refetch()} /> : (
        <Table<Row> rowKey="key" size="middle" dataSource={rows} columns={columns} loading={active.isFetching}
          scroll={{ x: 960 }} locale={{ emptyText: active.isPending ? " " : tab === "pending" ? "暂无待审核记录" : tab === "done" ? "暂无已审核记录" : "暂无数据" }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          summary={() => isWorkload && rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}><strong>合计</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={2}><strong>{formatWorkload(data?.totals.workload ?? 0)}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={columns.length - 3} />
            </Table.Summary.Row>
          ) : null} />
      )}
    </Card>
  );
}
