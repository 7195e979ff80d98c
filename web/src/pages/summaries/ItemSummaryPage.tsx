// /summaries/:item — one 汇总项's approved records grouped by teacher with a subtotal each (catalog §5.5); of the
// `?year=` of the address, else of the server's default 考核年度 (§1.3.0), the year the answer names.
import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { Alert, Button, Card, Input, InputNumber, Space, Table, Typography, App } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchItemDetail, summaryKeys, type DetailRecord } from "../../api/summaries";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import ExportDialog from "./ExportDialog";
import { formatAmount, requestedYear } from "./summary";

interface Line { key: string; kind: "record" | "subtotal"; first?: boolean; account: string; name: string; unit: string | null; record?: DetailRecord; subtotal?: number }

export default function ItemSummaryPage() {
  const { item = "" } = useParams();
  const { role } = useActiveRole();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const year = requestedYear(params);
  const q = params.get("q") ?? undefined;
  const [yearInput, setYearInput] = useState<number | null>(year ?? null);
  const [qInput, setQInput] = useState(q ?? "");
  const [exporting, setExporting] = useState(false);
  const detail = useQuery({
    queryKey: summaryKeys.item(role, item, { year, q }), queryFn: () => fetchItemDetail(item, { year, q }), placeholderData: keepPreviousData,
  });
  const shownYear = detail.data?.year;
  useEffect(() => {   // opened without a year: the box shows the year the server chose
    if (year === undefined && shownYear !== undefined) setYearInput(shownYear);
  }, [year, shownYear]);

  function search() {
    if (!yearInput) { message.warning("请选择考核年度"); return; }
    setParams({ year: String(yearInput), ...(qInput.trim() ? { q: qInput.trim() } : {}) });
  }

  if (detail.isError && !detail.data) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const data = detail.data;
  const lines: Line[] = (data?.groups ?? []).flatMap((g) => [
    ...g.records.map((r, i) => ({ key: `r${r.record_id}`, kind: "record" as const, first: i === 0, account: g.account, name: g.name, unit: g.unit, record: r })),
    { key: `s${g.account}`, kind: "subtotal" as const, account: g.account, name: g.name, unit: g.unit, subtotal: g.subtotal },
  ]);

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{data?.item.label ?? "汇总项"}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Link to={data ? `/summaries?year=${data.year}` : "/summaries"}>返回工作量汇总</Link>
        <label htmlFor="item-year">考核年度</label>
        <InputNumber id="item-year" aria-label="考核年度" min={2000} max={2100} precision={0} value={yearInput} onChange={setYearInput} />
        <Input aria-label="姓名/账号" placeholder="姓名/账号" allowClear style={{ width: 200 }} value={qInput}
          onChange={(e) => setQInput(e.target.value)} onPressEnter={search} />
        <Button type="primary" onClick={search}>查询</Button>
        <Button onClick={() => setExporting(true)} disabled={!data}>导出</Button>
      </Space>
      {data?.frozen && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${data.year} 年度已结算，汇总数据已冻结`} />}
      <Table<Line> rowKey="key" size="small" loading={detail.isFetching} dataSource={lines} pagination={false}
        rowClassName={(l) => (l.kind === "subtotal" ? "summary-subtotal" : "")}
        columns={[
          { title: "账号", key: "account", render: (_, l) => (l.first ? l.account : null) },
          { title: "教职工", key: "name", render: (_, l) => (l.first ? l.name : null) },
          { title: "所属部门", key: "unit", render: (_, l) => (l.first ? l.unit : null) },
          { title: "业绩类型", key: "type", render: (_, l) => l.kind === "subtotal" ? <strong>小计</strong> : l.record!.type_name },
          { title: "业绩名称", key: "title", render: (_, l) => l.kind === "subtotal" ? null
            : <Link to={`/records/${l.record!.record_id}`}>{l.record!.title || "详情"}</Link> },
          { title: "工作量", key: "workload", align: "right", render: (_, l) => l.kind === "subtotal"
            ? <strong>{formatAmount(l.subtotal)}</strong> : formatAmount(l.record!.workload) },
        ]}
        summary={() => data && data.groups.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={5}><strong>合计</strong></Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right"><strong>{formatAmount(data.total)}</strong></Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null} />
      {data && (
        <ExportDialog open={exporting} onClose={() => setExporting(false)} fallbackName={`${data.item.label}-${data.year}.xlsx`}
          query={{ year: data.year, q, item }} />
      )}
    </Card>
  );
}
