// /review/:code — the inbox of one type (catalog §5.1, §5.4): 待审核 / 全部, 姓名/账号, 考核年度, 合计;
// 批量审核 over selected rows, the page, or every filtered row (catalog §5.3).
import { useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
import { Alert, Button, Card, Input, InputNumber, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useInbox, useRecords, useTypeForm } from "../../api/hooks";
import type { InboxItem, RecordItem } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import StatusTag from "../../components/StatusTag";
import { formatTime, formatWorkload } from "../../components/format";
import { cellText } from "../records/listModel";
import { keys } from "../../api/keys";
import BatchReviewDialog, { type BatchTarget } from "./BatchReviewDialog";

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
  const [selected, setSelected] = useState<number[]>([]);
  const [allFiltered, setAllFiltered] = useState(false);
  const [batchOpen, setBatchOpen] = useState(false);
  const queryClient = useQueryClient();
  const filters = { record_type: code, page, page_size: pageSize, ...(q ? { q } : {}), ...(year ? { year } : {}) };
  const clearSelection = () => { setSelected([]); setAllFiltered(false); };
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
    ...(tab === "pending" ? [{ title: "标记", key: "flags", render: (_: unknown, row: Row) => (
      <>
        {row.record.is_adjusted ? <Tag color="orange">已调整</Tag> : null}
        {row.task?.assignment ? <Tag color="purple">{row.task.assignment}</Tag> : null}
      </>
    ) }] : []),
  ], [form.data, props, isWorkload, page, pageSize, tab]);

  const pendingRows = tab === "pending" ? rows : [];
  const batchTarget: BatchTarget = allFiltered
    ? { kind: "filtered", count: inbox.data?.total ?? 0, filter: { record_type: code, ...(q ? { q } : {}), ...(year ? { year } : {}) } }
    : { kind: "selected", taskIds: selected,
        versions: Object.fromEntries(pendingRows.filter((r) => r.task && selected.includes(r.task.id) && r.record.version != null)
          .map((r) => [String(r.task!.id), r.record.version])) };
  const batchCount = allFiltered ? inbox.data?.total ?? 0 : selected.length;

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
      <Tabs activeKey={tab} onChange={(k) => { setTab(k as Tab); setPage(1); clearSelection(); }} items={[
        { key: "pending", label: `待审核${inbox.data ? `(${inbox.data.total})` : ""}` },
        { key: "done", label: "已审核" },
        { key: "all", label: "全部" },
      ]} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear enterButton="查询" aria-label="姓名/账号" placeholder="请输入姓名或账号（工号）" style={{ width: 320 }}
          onSearch={(v) => { setQ(v.trim()); setPage(1); clearSelection(); }} />
        <InputNumber aria-label="考核年度" placeholder="考核年度" min={2000} max={2100} value={year} style={{ width: 140 }}
          onChange={(v) => { setYear(v ?? null); setPage(1); clearSelection(); }} />
        {tab === "pending" && (
          <Button type="primary" disabled={batchCount === 0} onClick={() => setBatchOpen(true)}>
            {batchCount ? `批量审核（${batchCount} 条）` : "批量审核"}
          </Button>
        )}
      </Space>
      {tab === "pending" && (selected.length > 0 || allFiltered) && (inbox.data?.total ?? 0) > 0 && (
        <Alert style={{ marginBottom: 12 }} type="info" showIcon message={allFiltered
          ? <span>已选择全部筛选结果，共 {inbox.data?.total} 条。<Button type="link" size="small" onClick={clearSelection}>清除选择</Button></span>
          : <span>已选择 {selected.length} 条。
              <Button type="link" size="small" onClick={() => { setAllFiltered(true); setSelected([]); }}>
                选择全部筛选结果（共 {inbox.data?.total} 条）</Button>
              <Button type="link" size="small" onClick={clearSelection}>清除选择</Button></span>} />
      )}
      {active.error ? <ErrorState error={active.error} onRetry={() => void active.refetch()} /> : (
        <Table<Row> rowKey="key" size="middle" dataSource={rows} columns={columns} loading={active.isFetching}
          rowSelection={tab === "pending" ? {
            selectedRowKeys: allFiltered ? rows.filter((r) => r.task?.can_act).map((r) => r.key) : selected,
            onChange: (k) => { setAllFiltered(false); setSelected(k as number[]); },
            getCheckboxProps: (r) => ({ disabled: allFiltered || !r.task?.can_act, "aria-label": `选择第 ${r.record.id} 号记录` }),
          } : undefined}
          scroll={tab === "pending" ? undefined : { x: 960 }} locale={{ emptyText: active.isPending ? " " : tab === "pending" ? "暂无待审核记录" : tab === "done" ? "暂无已审核记录" : "暂无数据" }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          summary={() => isWorkload && rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={tab === "pending" ? 3 : 2}><strong>合计</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={2}><strong>{formatWorkload(data?.totals.workload ?? 0)}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={columns.length - 3} />
            </Table.Summary.Row>
          ) : null} />
      )}
      {batchOpen && (
        <BatchReviewDialog open target={batchTarget} onClose={() => { setBatchOpen(false); clearSelection(); }}
          onFinished={() => {
            void queryClient.invalidateQueries({ queryKey: keys.inboxAll(role) });
            void queryClient.invalidateQueries({ queryKey: keys.inboxCounts(role) });
            void queryClient.invalidateQueries({ queryKey: keys.recordsAll(role) });
          }} />
      )}
    </Card>
  );
}
