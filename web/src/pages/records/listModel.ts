// Pure logic of a type's list page (catalog §1.3.0, §1.4.1, §3.1): tabs, cells, selectable rows.
import { statusLabel, type Status } from "../../labels";
import type { RecordItem, StatusCounts } from "../../api/types";

export interface StatusTab {
  key: "all" | Status;
  label: string;
  count: number;
}

/**
 * Workload: 全部 | 审核中 | 已完成 (S000), plus 退回 / 未提交 / 终止 when the person has such records.
 * Library: 全部 | 审核中 | 审核通过 | 退回 (S004), plus 编辑中 / 终止 when there are some. 全部 includes drafts.
 */
export function statusTabs(family: string, tabs: StatusCounts | undefined): StatusTab[] {
  const counts = tabs ?? {};
  const n = (key: string) => counts[key] ?? 0;
  const all = counts.all ?? Object.entries(counts).reduce((sum, [k, v]) => (k === "all" ? sum : sum + v), 0);
  const fixed: Status[] = family === "library" ? ["in_review", "approved", "returned"] : ["in_review", "approved"];
  const optional: Status[] = family === "library" ? ["draft", "terminated"] : ["returned", "draft", "terminated"];
  return [
    { key: "all", label: "全部", count: all },
    ...fixed.map((s) => ({ key: s, label: statusLabel(family, s), count: n(s) })),
    ...optional.filter((s) => n(s) > 0).map((s) => ({ key: s, label: statusLabel(family, s), count: n(s) })),
  ];
}

/** The tab to show: `current` while the list still has it, else 全部 (e.g. 编辑中 after its last draft was submitted). */
export function shownTab(current: string, tabs: StatusTab[]): string {
  return tabs.some((t) => t.key === current) ? current : "all";
}

type Prop = { type?: string; title?: string; items?: { type?: string }; "x-attachment"?: unknown };

/** A list cell: child lists and file fields as their count, everything else as text. */
export function cellText(value: unknown, prop: Prop | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return String(value.length);
  if (prop?.type === "number" && typeof value === "number") return String(Math.round(value * 100) / 100);
  return String(value);
}

/** Ids of every uploaded file of a record (top-level file fields). */
export function attachmentCount(record: RecordItem, props: Record<string, Prop>): number {
  return Object.entries(props)
    .filter(([, p]) => p.type === "array" && "x-attachment" in p)
    .reduce((sum, [key]) => sum + (Array.isArray(record.data[key]) ? (record.data[key] as unknown[]).length : 0), 0);
}

/** 删除 and 编辑 apply to drafts and returned records only (catalog §3.3). */
export function isEditable(record: Pick<RecordItem, "status" | "is_cited">): boolean {
  return (record.status === "draft" || record.status === "returned") && !record.is_cited;
}

/** The 查询 box placeholder: the type's own (library, catalog §1.4) or one built from its search fields. */
export function searchPlaceholder(explicit: string | undefined, searchFields: string[] | undefined, props: Record<string, Prop>): string {
  if (explicit) return explicit;
  const titles = (searchFields ?? []).map((f) => props[f]?.title).filter(Boolean);
  return `请输入${["姓名", "账号", ...titles].join("、")}进行查询`;
}

export interface SubmitOutcome {
  submitted: number[];
  failed: { id: number; message: string }[];
}

/**
 * 批量提交 (A19, catalog §1.4.8, §3.2 row 7): submit each selected record on its own, in order; one refusal
 * does not stop the others. `submit` rejects with the server's error; `describe` turns it into text.
 */
export async function submitEach(ids: number[], submit: (id: number) => Promise<unknown>,
  describe: (error: unknown) => string): Promise<SubmitOutcome> {
  const outcome: SubmitOutcome = { submitted: [], failed: [] };
  for (const id of ids) {
    try {
      await submit(id);
      outcome.submitted.push(id);
    } catch (e) {
      outcome.failed.push({ id, message: describe(e) });
    }
  }
  return outcome;
}

/** The message after 批量提交: 「已提交 N 条」, and 「M 条未能提交：…」 with the first reason. */
export function submitSummary(outcome: SubmitOutcome): string {
  const done = `已提交 ${outcome.submitted.length} 条`;
  if (!outcome.failed.length) return done;
  return `${done}，${outcome.failed.length} 条未能提交：${outcome.failed[0].message}`;
}
