// 数据汇总 (catalog §5.5) and 工作量结算 (§7.6).
import { api, unwrap } from "./client";

export interface ItemLabel { key: string; label: string }
export interface SummaryRow {
  account: string; name: string; unit: string | null; unit_id: number | null;
  items: Record<string, number>; paid_total: number; unpaid_total: number; total: number;
}
export interface WorkloadSummary {
  year: number; frozen: boolean; closed_at: string | null; items: ItemLabel[]; items_total: Record<string, number>;
  rows: SummaryRow[]; total: number; page: number; page_size: number;
  totals: { paid_total: number; unpaid_total: number; total: number };
}
export interface DetailRecord {
  record_id: number; record_type: string; type_name: string; title: string | null; workload: number; approved_at: string | null;
}
export interface DetailGroup { account: string; name: string; unit: string | null; subtotal: number; records: DetailRecord[] }
export interface ItemDetail { year: number; frozen: boolean; item: ItemLabel; groups: DetailGroup[]; total: number }
export interface Settlement { year: number; closed_at: string; record_count: number; teacher_count: number }

/** A summary request; without `year` the server reads its default 考核年度 and names it in the answer's `year`. */
export interface SummaryQuery { year?: number; unit_id?: number; q?: string; page: number; page_size: number }

export const summaryKeys = {
  workload: (role: string | null, query: object) => ["role", role, "summary", query] as const,
  item: (role: string | null, item: string, query: object) => ["role", role, "summary-item", item, query] as const,
  items: (role: string | null) => ["role", role, "summary-items"] as const,
  exportFields: (role: string | null, item: string | undefined) => ["role", role, "summary-fields", item ?? ""] as const,
  settlements: ["settlements"] as const,
};

export function fetchWorkloadSummary(query: SummaryQuery): Promise<WorkloadSummary> {
  return unwrap(api.GET("/api/v1/summaries/workload", { params: { query } })) as unknown as Promise<WorkloadSummary>;
}

/** The summary items, one page each after 工作量汇总 in the 数据汇总 menu (catalog §5.5). */
export function fetchSummaryItems(): Promise<ItemLabel[]> {
  return unwrap(api.GET("/api/v1/summaries/workload/items")) as Promise<ItemLabel[]>;
}

export function fetchItemDetail(item: string, query: { year?: number; unit_id?: number; q?: string }): Promise<ItemDetail> {
  return unwrap(api.GET("/api/v1/summaries/workload/items/{item}", { params: { path: { item }, query } })) as unknown as Promise<ItemDetail>;
}

export function fetchExportFields(item?: string): Promise<ItemLabel[]> {
  return unwrap(api.GET("/api/v1/summaries/workload/export-fields", { params: { query: item ? { item } : {} } })) as Promise<ItemLabel[]>;
}

/** The 导出 URL: the chosen fields repeated (none = 全选). */
export function exportUrl(query: { year: number; unit_id?: number; q?: string; item?: string }, fields: string[]): string {
  const params = new URLSearchParams({ year: String(query.year) });
  if (query.unit_id) params.set("unit_id", String(query.unit_id));
  if (query.q) params.set("q", query.q);
  if (query.item) params.set("item", query.item);
  for (const field of fields) params.append("fields", field);
  return `/api/v1/summaries/workload/export?${params.toString()}`;
}

export function fetchSettlements(): Promise<Settlement[]> {
  return unwrap(api.GET("/api/v1/settlements")) as unknown as Promise<Settlement[]>;
}

export function closeYear(year: number): Promise<Settlement> {
  return unwrap(api.POST("/api/v1/settlements", { body: { year } })) as unknown as Promise<Settlement>;
}
