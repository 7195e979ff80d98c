// The review workspace's tab and filters (catalog §5.1, §5.4) as the page's query string, so a reload or a
// shared link shows the same list: ?tab=all&q=…&year=2025&status=approved&lane=dept&from=2025-03-01&to=2025-06-30&unit=7&page=2&size=50
import { STATUSES, type Status } from "../../labels";

export type Tab = "pending" | "done" | "all";
export const TABS: Tab[] = ["pending", "done", "all"];
/** The review lanes the 环节 filter offers (catalog §2.1). */
export const LANES = ["unit", "dept", "hr"] as const;
export type LaneKey = (typeof LANES)[number];
export const PAGE_SIZES = [10, 20, 50, 100];

export interface WorkspaceState {
  tab: Tab;
  q?: string;
  year?: number;
  status?: Status;
  lane?: LaneKey;
  from?: string;          // YYYY-MM-DD, school days, both ends included
  to?: string;
  unit?: number;
  page: number;
  pageSize: number;
}

/** The filters every API call of the workspace shares (list, 合计, 批量审核's 全部筛选结果, 导出). */
export interface ApiFilters {
  q?: string;
  year?: number;
  status?: Status;
  lane?: LaneKey;
  submitted_from?: string;
  submitted_to?: string;
  unit_id?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(value: string | null, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

/** The state in ``params``; a value that is not valid is left out (a hand-edited link never breaks the page). */
export function parseWorkspace(params: URLSearchParams): WorkspaceState {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const size = positiveInt(params.get("size"));
  return {
    tab: oneOf(params.get("tab"), TABS) ?? "pending",
    q: params.get("q")?.trim() || undefined,
    year: positiveInt(params.get("year"), 1900, 2999),
    status: oneOf(params.get("status"), STATUSES),
    lane: oneOf(params.get("lane"), LANES),
    from: DAY.test(from) ? from : undefined,
    to: DAY.test(to) ? to : undefined,
    unit: positiveInt(params.get("unit")),
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: size && PAGE_SIZES.includes(size) ? size : 20,
  };
}

/** The query string of ``state``; defaults (待审核, page 1, 20 per page) and empty filters are left out. */
export function toSearch(state: WorkspaceState): URLSearchParams {
  const out = new URLSearchParams();
  const put = (key: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== "" && value !== fallback) out.set(key, String(value));
  };
  put("tab", state.tab, "pending");
  put("q", state.q);
  put("year", state.year);
  put("status", state.status);
  put("lane", state.lane);
  put("from", state.from);
  put("to", state.to);
  put("unit", state.unit);
  put("page", state.page, 1);
  put("size", state.pageSize, 20);
  return out;
}

/** The API filters of ``state``'s tab: 审核状态 does not apply to 待审核 (every pending record is 审核中). */
export function apiFilters(state: WorkspaceState): ApiFilters {
  const filters: ApiFilters = {
    q: state.q, year: state.year, status: state.tab === "pending" ? undefined : state.status, lane: state.lane,
    submitted_from: state.from, submitted_to: state.to, unit_id: state.unit,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as ApiFilters;
}

/** The 导出 URL of ``state``'s tab and filters for record type ``code``: exactly the rows the list shows. */
export function exportUrl(code: string, state: WorkspaceState): string {
  const query = new URLSearchParams({ record_type: code });
  for (const [key, value] of Object.entries(apiFilters(state))) query.set(key, String(value));
  if (state.tab === "all") {
    query.set("view", "scope");
    return `/api/v1/records/export?${query}`;
  }
  query.set("state", state.tab === "done" ? "done" : "open");
  return `/api/v1/tasks/export?${query}`;
}

/** True when any filter beyond the tab narrows the list (the 重置 button). */
export function isFiltered(state: WorkspaceState): boolean {
  return Object.keys(apiFilters({ ...state, tab: "all" })).length > 0;
}
