// 我的业绩 (seed 004 (一)1): counts by status → ring slices; types grouped by category tab.
import { LIBRARY_GROUPS, statusLabel, WORKLOAD_CATEGORIES, type Status } from "../../labels";
import type { RecordTypeEntry, StatusCounts } from "../../api/types";

const COLORS: Record<Status, string> = {
  draft: "#bfbfbf", in_review: "#1677ff", returned: "#faad14", approved: "#52c41a", terminated: "#ff4d4f",
};
const ORDER: Status[] = ["in_review", "approved", "returned", "draft", "terminated"];

/** One slice per status with records (the ring shows live counts: 全部, 审核中, 通过, 终止, 退回). */
export function ringSlices(counts: StatusCounts | undefined, family = "workload") {
  return ORDER.filter((s) => (counts?.[s] ?? 0) > 0)
    .map((s) => ({ name: statusLabel(family, s), value: counts![s], color: COLORS[s] }));
}

/** Adds the status counts of several families. */
export function sumCounts(...all: (StatusCounts | undefined)[]): StatusCounts {
  const out: StatusCounts = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

export interface CategoryTab {
  code: string;
  label: string;
  family: "workload" | "library";
  types: RecordTypeEntry[];
}

/** The category navigation: the five workload categories, then the library groups with types. */
export function categoryTabs(types: RecordTypeEntry[]): CategoryTab[] {
  const tabs: CategoryTab[] = [
    ...WORKLOAD_CATEGORIES.map((c) => ({ ...c, family: "workload" as const, types: types.filter((t) => t.category === c.code) })),
    ...LIBRARY_GROUPS.map((c) => ({ ...c, family: "library" as const, types: types.filter((t) => t.category === c.code) })),
  ];
  return tabs.filter((t) => t.family === "workload" || t.types.length > 0);
}
