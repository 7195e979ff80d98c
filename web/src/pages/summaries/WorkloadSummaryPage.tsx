// /summaries — 数据汇总 › 工作量汇总页面 (catalog §5.5) and 工作量结算 for 人力资源部 (§7.6). It opens on the
// `?year=` of its address, else on the server's default 考核年度 (§1.3.0: the year new records start in); what
// it exports and closes is the year the answer names, the one on the screen.
import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import {
  closeYear, fetchSettlements, fetchWorkloadSummary, summaryKeys, type ItemLabel, type SummaryQuery, type SummaryRow,
} from "../../api/summaries";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import EllipsisText from "../../components/EllipsisText";
import { formatTime } from "../../components/format";
import { minTableWidth } from "../../components/tableWidth";
import ExportDialog from "./ExportDialog";
import { formatAmount, groupItems, itemColumnWidth, requestedYear, type ItemGroup } from "./summary";

const HR_ROLES = ["hr_reviewer", "hr_admin"];

export default function WorkloadSummaryPage() {
  const { role } = useActiveRole();
  const { message, modal } = App.useApp();   // the app's theme and locale (a static Modal has neither)
  const queryClient = useQueryClient();
  const hr = !!role && HR_ROLES.includes(role);
  const [params] = useSearchParams();
  const [query, setQuery] = useState<SummaryQuery>(() => ({ year: requestedYear(params), page: 1, page_size: 50 }));
  const [yearInput, setYearInput] = useState<number | null>(query.year ?? null);
  const [qInput, setQInput] = useState("");
  const [exporting, setExporting] = useState(false);
  const summary = useQuery({
    queryKey: summaryKeys.workload(role, query), queryFn: () => fetchWorkloadSummary(query), placeholderData: keepPreviousData,
  });
  const settlements = useQuery({ queryKey: summaryKeys.settlements, queryFn: fetchSettlements, enabled: hr });
  const shownYear = summary.data?.year;
  useEffect(() => {   // opened without a year: the box shows the year the server chose
    if (query.year === undefined && shownYear !== undefined) setYearInput(shownYear);
  }, [query.year, shownYear]);
  const [units, setUnits] = useState<Map<number, string>>(new Map());
  useMemo(() => {
    const known = new Map(units);
    let grew = false;
    for (const row of summary.data?.rows ?? []) {
      if (row.unit_id && !known.has(row.unit_id)) { known.set(row.unit_id, row.unit ?? String(row.unit_id)); grew = true; }
    }
    if (grew) setUnits(known);
  }, [summary.data]);   // eslint-disable-line react-hooks/exhaustive-deps

  function search() {
    if (!yearInput) { message.warning("请选择考核年度"); return; }
    setQuery((q) => ({ ...q, year: yearInput, q: qInput.trim() || undefined, page: 1 }));
  }

  /** Another page or 所属部门 of the year on the screen (not of a default year that may have changed since). */
  function refine(change: Partial<SummaryQuery>) {
    setQuery((q) => ({ ...q, year: q.year ?? shownYear, ...change }));
  }

  function settle(year: number) {
    modal.confirm({
      title: `确定结算 ${year} 年度工作量吗？`,
      content: "结算后该年度所有审核通过的工作量记录将被引用，不能再撤回、编辑或删除，工作量汇总将被冻结。",
      okText: "确定结算", cancelText: "取消", okButtonProps: { danger: true },
      onOk: async () => {
        try {
          const done = await closeYear(year);
          message.success(`${year} 年度已结算：${done.record_count} 条记录，${done.teacher_count} 位教职工`);
          void queryClient.invalidateQueries({ queryKey: summaryKeys.settlements });
          void queryClient.invalidateQueries({ queryKey: ["role"] });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  }

  if (summary.isError && !summary.data) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const data = summary.data;
  const items = data?.items ?? [];
  const frozenYears = new Set((settlements.data ?? []).map((s) => s.year));
  const columns = summaryColumns(items, query.page, query.page_size);

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>工作量汇总</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="summary-year">考核年度</label>
        <InputNumber id="summary-year" aria-label="考核年度" aria-required min={2000} max={2100} precision={0}
          value={yearInput} onChange={(v) => setYearInput(v)} />
        {hr && (
          <Select aria-label="所属部门" placeholder="所属部门" allowClear style={{ width: 200 }} value={query.unit_id}
            options={[...units].map(([value, label]) => ({ value, label }))}
            onChange={(v: number | undefined) => refine({ unit_id: v, page: 1 })} />
        )}
        <Input aria-label="姓名/账号" placeholder="姓名/账号" allowClear style={{ width: 200 }} value={qInput}
          onChange={(e) => setQInput(e.target.value)} onPressEnter={search} />
        <Button type="primary" onClick={search}>查询</Button>
        <Button onClick={() => setExporting(true)} disabled={!data}>导出</Button>
        {role === "hr_admin" && (
          <Button danger disabled={!data || data.frozen} onClick={() => data && settle(data.year)}>工作量结算</Button>
        )}
      </Space>
      {data?.frozen && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }}
          message={`${data.year} 年度已结算${data.closed_at ? `（${formatTime(data.closed_at)}）` : ""}，汇总数据已冻结`} />
      )}
      {hr && frozenYears.size > 0 && (
        <Typography.Paragraph type="secondary">
          已结算年度：{[...frozenYears].sort().map((y) => <Tag key={y} color="blue">{y}（已结算）</Tag>)}
        </Typography.Paragraph>
      )}
      {data && items.length > 0 && (
        <Typography.Paragraph>
          汇总项：{items.map((i) => (
            <Link key={i.key} style={{ marginRight: 12, whiteSpace: "nowrap", display: "inline-block" }} to={`/summaries/${encodeURIComponent(i.key)}?year=${data.year}`}>{i.label}</Link>
          ))}
        </Typography.Paragraph>
      )}
      <Table<SummaryRow> rowKey="account" size="small" tableLayout="fixed" loading={summary.isFetching} dataSource={data?.rows ?? []}
        columns={columns} scroll={{ x: minTableWidth(leafColumns(columns), 0) }}
        pagination={{ current: query.page, pageSize: query.page_size, total: data?.total ?? 0, showTotal: (n) => `共 ${n} 条`,
          onChange: (page, page_size) => refine({ page, page_size }) }}
        summary={() => data && data.rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}><strong>合计</strong></Table.Summary.Cell>
            {items.map((item, i) => <Table.Summary.Cell key={item.key} index={4 + i} align="right">{formatAmount(data.items_total[item.key])}</Table.Summary.Cell>)}
            <Table.Summary.Cell index={4 + items.length} align="right">{formatAmount(data.totals.paid_total)}</Table.Summary.Cell>
            <Table.Summary.Cell index={5 + items.length} align="right">{formatAmount(data.totals.unpaid_total)}</Table.Summary.Cell>
            <Table.Summary.Cell index={6 + items.length} align="right">{formatAmount(data.totals.total)}</Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null} />
      {data && (
        <ExportDialog open={exporting} onClose={() => setExporting(false)} fallbackName={`工作量汇总-${data.year}.xlsx`}
          query={{ year: data.year, unit_id: query.unit_id, q: query.q }} />
      )}
    </Card>
  );
}

/**
 * The table's columns: who (序号, 账号, 教职工, 所属部门) pinned on the left, the three totals pinned on the right,
 * and between them one narrow column per summary item under its category (教学教研工作量 › 计量计酬 | 计量不计酬), so
 * that a 1280-wide window shows most items at once and the rest scroll between the pinned columns.
 */
function summaryColumns(items: ItemLabel[], page: number, pageSize: number): TableColumnsType<SummaryRow> {
  const amount = (key: string, title: React.ReactNode, width: number) => ({ title, key, align: "right" as const, width,
    render: (_: unknown, r: SummaryRow) => formatAmount(r.items[key]) });
  const group = (g: ItemGroup) => g.items.length === 1 && !g.items[0].part
    ? amount(g.items[0].key, g.title, itemColumnWidth(g))
    : { title: g.title, key: `group-${g.items[0].key}`, align: "center" as const,
        children: g.items.map((i) => amount(i.key, i.part, itemColumnWidth(g))) };
  return [
    { title: "序号", key: "n", width: 44, fixed: "left", render: (_, __, i) => (page - 1) * pageSize + i + 1 },
    { title: "账号", dataIndex: "account", width: 96, fixed: "left" },
    { title: "教职工", dataIndex: "name", width: 72, fixed: "left" },
    { title: "所属部门", dataIndex: "unit", width: 112, fixed: "left", render: (unit: string | null) => <EllipsisText text={unit ?? "—"} /> },
    ...groupItems(items).map(group),
    { title: "计量计酬合计", dataIndex: "paid_total", align: "right", width: 72, fixed: "right", render: formatAmount },
    { title: "计量不计酬合计", dataIndex: "unpaid_total", align: "right", width: 88, fixed: "right", render: formatAmount },
    { title: "总计", dataIndex: "total", align: "right", width: 64, fixed: "right", render: formatAmount },
  ];
}

/** The leaf columns of a grouped header (what takes width). */
function leafColumns<T>(columns: TableColumnsType<T>): { width?: number | string }[] {
  return columns.flatMap((c) => ("children" in c && c.children ? leafColumns(c.children) : [c]));
}

