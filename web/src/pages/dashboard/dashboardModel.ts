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

export interface CategoryGroup {
  code: string;
  label: string;
  types: RecordTypeEntry[];
}

export interface CategoryTab {
  code: string;
  label: string;
  groups: CategoryGroup[];
}

/** The category navigation 教学工作量 | 研究生工作量 | 科研工作量 | 育人工作量 | 动态工作量 (catalog §1.2),
 * then 个人业绩库 holding its groups (catalog §1.4) with their types. */
export function categoryTabs(types: RecordTypeEntry[]): CategoryTab[] {
  const of = (code: string) => types.filter((t) => t.category === code);
  return [
    ...WORKLOAD_CATEGORIES.map((c) => ({ code: c.code, label: c.label, groups: [{ ...c, types: of(c.code) }] })),
    { code: "library", label: "个人业绩库",
      groups: LIBRARY_GROUPS.map((g) => ({ ...g, types: of(g.code) })).filter((g) => g.types.length > 0) },
  ];
}
