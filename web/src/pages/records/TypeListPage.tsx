// A type's list (catalog §1.3.0, seed 000 一(二)): tabs, 查询, 合计, 共 N 条, 新增申请, 删除, 导出.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { App, Button, Card, Input, Space, Table, Tabs, Typography, type TableColumnsType } from "antd";
import { DeleteOutlined, DownloadOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useRecords, useTypeForm } from "../../api/hooks";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import type { RecordItem } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import StatusTag from "../../components/StatusTag";
import { downloadFrom } from "../../components/download";
import { formatWorkload } from "../../components/format";
import { tableWidth } from "../../components/tableWidth";
import { attachmentCount, cellText, isEditable, searchPlaceholder, shownTab, statusTabs, submitEach, submitSummary } from "./listModel";

const PersonalImportPanel = lazy(() => import("../imports/PersonalImportPanel"));

type Props = Record<string, { type?: string; title?: string }>;

export default function TypeListPage() {
  const { code = "" } = useParams();
  const form = useTypeForm(code);
  const navigate = useNavigate();
  const { role } = useActiveRole();
  const { message, modal } = App.useApp();     // modal.confirm: no Popconfirm in the list's first load
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<string>("all");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(code === "A19" ? 10 : 20);     // 卫生-病案: 10 条/页 (catalog §1.4.8)
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const params = { record_type: code, page, page_size: pageSize, view: "mine" as const,
    ...(tab !== "all" ? { status: tab as "draft" } : {}), ...(q ? { q } : {}) };
  const list = useRecords(params);

  const meta = form.data?.metadata;
  const family = form.data?.record_type.family ?? "workload";
  const props = ((form.data?.schema.properties ?? {}) as Props);
  const isWorkload = family === "workload";
  const tabs = statusTabs(family, list.data?.tabs);
  const fallback = list.data ? shownTab(tab, tabs) : tab;
  useEffect(() => {      // the shown tab's last record left it (submitted, deleted): back to 全部
    if (fallback !== tab) { setTab(fallback); setPage(1); setSelected([]); }
  }, [fallback, tab]);
  const canFile = form.data?.record_type.entry_mode === "teacher" || role === "unit_admin";

  const columns = useMemo<TableColumnsType<RecordItem>>(() => {
    const own = (meta?.list_columns ?? []).map((key) => ({
      title: props[key]?.title ?? key, key, ellipsis: true,
      render: (_: unknown, r: RecordItem) => cellText(r.data[key], props[key]),
    }));
    const actions = {
      title: "操作", key: "actions", width: 96,
      render: (_: unknown, r: RecordItem) => (
        <Space size={8}>
          {isEditable(r) && <Link to={`/records/${r.id}/edit`}>{isWorkload ? "编辑" : "修改"}</Link>}
          <Link to={`/records/${r.id}`}>{isWorkload ? "详情" : "查看"}</Link>
        </Space>
      ),
    };
    const seq = { title: "序号", key: "seq", width: 60, render: (_: unknown, __: RecordItem, i: number) => (page - 1) * pageSize + i + 1 };
    const status = { title: "审核状态", key: "status", width: 90, fixed: "right" as const, render: (_: unknown, r: RecordItem) => <StatusTag family={r.family} status={r.status} /> };
    const files = { title: "附件", key: "files", width: 56, fixed: "right" as const, render: (_: unknown, r: RecordItem) => attachmentCount(r, props) || "—" };
    if (!isWorkload) return [seq, actions, ...own, status, files];
    return [seq, actions,
      { title: "工作量", key: "workload", width: 76, render: (_: unknown, r: RecordItem) => formatWorkload(r.workload) },
      { title: "账号", key: "account", width: 96, render: (_: unknown, r: RecordItem) => r.owner.account },
      { title: "教职工", key: "owner", width: 80, render: (_: unknown, r: RecordItem) => r.owner.name },
      { title: "所属部门", key: "unit", width: 120, ellipsis: true, render: (_: unknown, r: RecordItem) => r.owner_unit ?? "—" },
      ...own, status, files];
  }, [meta, props, isWorkload, page, pageSize]);

  if (form.isPending) return <PageSkeleton />;
  if (form.error) return <ErrorState error={form.error} onRetry={() => void form.refetch()} />;

  async function removeSelected() {
    setBusy(true);
    try {
      for (const id of selected) {
        await unwrap(api.DELETE("/api/v1/records/{record_id}", { params: { path: { record_id: id }, query: {} } }));
      }
      message.success(`已删除 ${selected.length} 条记录`);
      setSelected([]);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: ["role", role, "records"] });
      void queryClient.invalidateQueries({ queryKey: ["role", role, "record-types"] });
    }
  }

  /** 批量提交 (A19, catalog §1.4.8): each selected draft is submitted to the unit on its own. */
  async function submitSelected() {
    setBusy(true);
    try {
      const outcome = await submitEach(selected,
        (id) => unwrap(api.POST("/api/v1/records/{record_id}/submit", { params: { path: { record_id: id } },
          body: { version: list.data?.items.find((r) => r.id === id)?.version ?? null } })),
        errorMessage);
      (outcome.failed.length ? message.warning : message.success)(submitSummary(outcome));
      setSelected(outcome.failed.map((f) => f.id));
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: ["role", role, "records"] });
      void queryClient.invalidateQueries({ queryKey: ["role", role, "record-types"] });
    }
  }

  async function exportList() {
    const query = new URLSearchParams({ record_type: code, view: "mine", ...(tab !== "all" ? { status: tab } : {}), ...(q ? { q } : {}) });
    try {
      await downloadFrom(`/api/v1/records/export?${query}`, `业绩导出-${code}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const rows = list.data?.items ?? [];
  const pinnedRight = columns.filter((c) => c.fixed === "right").length;
  return (
    <Card>
      <Typography.Title level={4} style={{ margin: 0 }}>{form.data?.record_type.name}</Typography.Title>
      {form.data?.record_type.pay_attribute && <Typography.Text type="secondary">{form.data.record_type.pay_attribute}</Typography.Text>}
      <Tabs activeKey={tab} onChange={(key) => { setTab(key); setPage(1); setSelected([]); }}
        items={tabs.map((t) => ({ key: t.key, label: `${t.label}(${t.count})` }))} />
      <Space style={{ marginBottom: 12, width: "100%", justifyContent: "space-between" }} wrap>
        <Space wrap>
          {canFile && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/types/${code}/new`)}>{isWorkload ? "新增申请" : "新增"}</Button>}
          {canFile && code === "A19" && <Suspense fallback={null}><PersonalImportPanel template="a19-cases" /></Suspense>}
          {canFile && code === "A19" && (
            <Button icon={<SendOutlined />} disabled={selected.length === 0} loading={busy}
              onClick={() => modal.confirm({ title: `确定提交选中的 ${selected.length} 条病案吗？`, content: "选中的病案将提交至单位审核",
                okText: "提交", cancelText: "取消", onOk: () => submitSelected() })}>批量提交</Button>
          )}
          <Button danger icon={<DeleteOutlined />} disabled={selected.length === 0} loading={busy}
            onClick={() => modal.confirm({ title: `确定删除选中的 ${selected.length} 条记录吗？`, content: "删除后不可恢复",
              okText: "删除", cancelText: "取消", okButtonProps: { danger: true }, onOk: () => removeSelected() })}>删除</Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportList()}>导出</Button>
        </Space>
        <Input.Search allowClear enterButton="查询" aria-label="查询" style={{ width: 420 }}
          placeholder={searchPlaceholder(meta?.search_placeholder, meta?.search_fields, props)}
          onSearch={(value) => { setQ(value.trim()); setPage(1); }} />
      </Space>
      {!canFile && <Typography.Paragraph type="secondary">该类业绩由二级单位管理员导入，教师可查看和导出。</Typography.Paragraph>}
      {(selected.length > 0 || code === "A19") && (     // the selection bar (catalog §1.4.8 A19)
        <div role="status" style={{ marginBottom: 8 }}>
          当前表格已选择 {selected.length} 项
          <Button type="link" size="small" disabled={selected.length === 0} onClick={() => setSelected([])}>清空</Button>
        </div>
      )}
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
        <Table<RecordItem> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={list.isFetching}
          scroll={{ x: tableWidth(columns) }}    // columns keep their widths (dates whole); 审核状态 stays in view
          locale={{ emptyText: list.isPending ? " " : "暂无数据" }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]),
            getCheckboxProps: (r) => ({ disabled: !isEditable(r), "aria-label": `选择第 ${r.id} 号记录` }) }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
            showTotal: (total) => `共 ${total} 条`, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          summary={() => isWorkload && rows.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}><strong>合计</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={3}><strong>{formatWorkload(list.data?.totals.workload ?? 0)}</strong></Table.Summary.Cell>
                {/* the columns pinned right get cells of their own: one cell spanning into them would be
                    pinned with them and, as wide as the rest, painted over 合计 */}
                {columns.length - 3 - pinnedRight > 0 && <Table.Summary.Cell index={4} colSpan={columns.length - 3 - pinnedRight} />}
                {Array.from({ length: pinnedRight }, (_, i) => (
                  <Table.Summary.Cell key={`pinned-${i}`} index={columns.length + 1 - pinnedRight + i} />
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null} />
      )}
    </Card>
  );
}
