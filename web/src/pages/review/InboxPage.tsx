// /review/:code — the inbox of one type (catalog §5.1, §5.4): 待审核 / 已审核 / 全部; filters 姓名/账号, 考核年度,
// 审核状态, 环节, 提交时间 and 所属单位 (department and HR reviewers), all kept in the query string; 合计 of the
// filtered rows; 导出 of the filtered list; 批量审核 over selected rows, the page, or every filtered row (§5.3).
import { useMemo, useState, type CSSProperties } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";
import { Alert, App, Button, Card, Space, Table, Tabs, Typography } from "antd";
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { useInbox, useRecords, useTypeForm, useWorkspaceUnits } from "../../api/hooks";
import { errorMessage } from "../../api/errors";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import { downloadFrom } from "../../components/download";
import { formatWorkload } from "../../components/format";
import { keys } from "../../api/keys";
import BatchReviewDialog, { type BatchTarget } from "./BatchReviewDialog";
import { apiFilters, exportUrl, parseWorkspace, toSearch, type Tab, type WorkspaceState } from "./workspaceQuery";
import { minTableWidth } from "../../components/tableWidth";
import { FLEX_MIN, inboxColumns, SELECTION_WIDTH, type Row } from "./inboxColumns";
import InboxFilters from "./InboxFilters";
import "./inbox.css";

/** Roles offered the 所属单位 filter (catalog §5.4: 「unit (for department and HR reviewers)」). */
const UNIT_FILTER_ROLES = ["dept_reviewer", "hr_reviewer", "hr_admin"];

export default function InboxPage() {
  const { code = "" } = useParams();
  const form = useTypeForm(code);
  const { role } = useActiveRole();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => parseWorkspace(search), [search]);
  const { tab, page, pageSize } = state;
  const [selected, setSelected] = useState<number[]>([]);
  const [allFiltered, setAllFiltered] = useState(false);
  const [batchOpen, setBatchOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const queryClient = useQueryClient();
  const clearSelection = () => { setSelected([]); setAllFiltered(false); };
  /** Change the tab or filters: back to page 1 unless the change is the page itself. */
  const update = (change: Partial<WorkspaceState>) => {
    const next = { ...state, page: 1, ...change };
    setSearch(toSearch(next), { replace: false });
    if (change.page === undefined || change.tab !== undefined) clearSelection();
  };
  const showUnits = !!role && UNIT_FILTER_ROLES.includes(role);
  const units = useWorkspaceUnits(showUnits);
  const base = { record_type: code, page, page_size: pageSize };
  const inbox = useInbox({ ...base, ...apiFilters({ ...state, tab: "pending" }) });
  const done = useInbox({ ...base, ...apiFilters(state), state: "done" }, tab === "done");
  const all = useRecords({ ...base, ...apiFilters(state), view: "scope" });
  const active = tab === "pending" ? inbox : tab === "done" ? done : all;
  const props = (form.data?.schema.properties ?? {}) as Record<string, { type?: string; title?: string }>;
  const isWorkload = form.data?.record_type.family !== "library";

  const rows: Row[] = tab === "all"
    ? (all.data?.items ?? []).map((r) => ({ key: r.id, record: r }))
    : ((tab === "pending" ? inbox : done).data?.items ?? []).map((t) => ({ key: t.id, record: t.record, task: t }));

  const columns = useMemo(() => inboxColumns({ tab, first: (page - 1) * pageSize + 1, isWorkload,
    listColumns: form.data?.metadata.list_columns ?? [], props }), [form.data, props, isWorkload, page, pageSize, tab]);
  /** 待审核 has antd's selection column besides its own */
  const minWidth = minTableWidth(columns, FLEX_MIN, tab === "pending" ? SELECTION_WIDTH : 0);

  const pendingRows = tab === "pending" ? rows : [];
  const batchTarget: BatchTarget = allFiltered
    ? { kind: "filtered", count: inbox.data?.total ?? 0, filter: { record_type: code, ...apiFilters({ ...state, tab: "pending" }) } }
    : { kind: "selected", taskIds: selected,
        versions: Object.fromEntries(pendingRows.filter((r) => r.task && selected.includes(r.task.id) && r.record.version != null)
          .map((r) => [String(r.task!.id), r.record.version])) };
  const batchCount = allFiltered ? inbox.data?.total ?? 0 : selected.length;

  async function exportList() {
    setExporting(true);
    try {
      await downloadFrom(exportUrl(code, state), `业绩导出-${code}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  }

  if (form.isPending) return <PageSkeleton />;
  if (form.error) return <ErrorState error={form.error} />;
  const data = active.data;
  return (
    <Card>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{form.data.record_type.name}</Typography.Title>
        <Space>
          {role === "unit_admin" && form.data.record_type.entry_mode === "teacher" && (
            <Button icon={<PlusOutlined />} onClick={() => navigate(`/types/${code}/new`)}>代教师填报</Button>
          )}
          {tab === "pending" && (
            <Button type="primary" disabled={batchCount === 0} onClick={() => setBatchOpen(true)}>
              {batchCount ? `批量审核（${batchCount} 条）` : "批量审核"}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={!active.data || active.data.total === 0}
            onClick={() => void exportList()}>导出</Button>
        </Space>
      </Space>
      {/* the actions stay outside the tab bar: a tablist holds tabs only (WAI-ARIA) */}
      <Tabs activeKey={tab} onChange={(k) => update({ tab: k as Tab })} items={[
        { key: "pending", label: `待审核${inbox.data ? `(${inbox.data.total})` : ""}` },
        { key: "done", label: "已审核" },
        { key: "all", label: "全部" },
      ]} />
      <InboxFilters state={state} family={form.data.record_type.family} update={update}
        units={showUnits ? { loading: units.isPending, options: (units.data ?? []).map((u) => ({ value: u.id, label: u.name })) } : null} />
      {tab === "pending" && (selected.length > 0 || allFiltered) && (inbox.data?.total ?? 0) > 0 && (
        <Alert style={{ marginBottom: 12 }} type="info" showIcon message={allFiltered
          ? <span>已选择全部筛选结果，共 {inbox.data?.total} 条。<Button type="link" size="small" onClick={clearSelection}>清除选择</Button></span>
          : <span>已选择 {selected.length} 条。
              <Button type="link" size="small" onClick={() => { setAllFiltered(true); setSelected([]); }}>
                选择全部筛选结果（共 {inbox.data?.total} 条）</Button>
              <Button type="link" size="small" onClick={clearSelection}>清除选择</Button></span>} />
      )}
      {active.error ? <ErrorState error={active.error} onRetry={() => void active.refetch()} /> : (
        <div style={{ overflowX: "auto" }}>{/* 待审核 scrolls in this box: antd's scroll.x would put the
          selection checkboxes in its hidden measure row (axe: aria-hidden-focus); inbox.css keeps the table at
          least minWidth wide, the text columns sharing the rest of the card */}
        <Table<Row> rowKey="key" size="middle" tableLayout="fixed" dataSource={rows} columns={columns} loading={active.isFetching}
          className="inbox-table" style={{ "--inbox-min-width": `${minWidth}px` } as CSSProperties}
          rowSelection={tab === "pending" ? {
            selectedRowKeys: allFiltered ? rows.filter((r) => r.task?.can_act).map((r) => r.key) : selected,
            onChange: (k) => { setAllFiltered(false); setSelected(k as number[]); },
            getCheckboxProps: (r) => ({ disabled: allFiltered || !r.task?.can_act, "aria-label": `选择第 ${r.record.id} 号记录` }),
          } : undefined}
          scroll={tab === "pending" ? undefined : { x: minWidth }} locale={{ emptyText: active.isPending ? " " : tab === "pending" ? "暂无待审核记录" : tab === "done" ? "暂无已审核记录" : "暂无数据" }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 条`,
            pageSizeOptions: [10, 20, 50, 100], onChange: (p, s) => update({ page: s === pageSize ? p : 1, pageSize: s }) }}
          summary={() => isWorkload && rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={tab === "pending" ? 3 : 2}><strong>合计</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={2}><strong>{formatWorkload(data?.totals.workload ?? 0)}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={columns.length - 3} />
            </Table.Summary.Row>
          ) : null} />
        </div>
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
