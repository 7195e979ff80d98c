// The import wizard's pure logic (catalog §4.1): steps, mapping checks, error texts, commit progress.
import type { ColumnMapping, FieldOption, ImportBatch, RowError } from "../../api/imports";

/** The import type code of 教师账号批量生成 (catalog §4.2): the same wizard, accounts instead of records. */
export const ACCOUNTS_IMPORT = "ACCOUNTS";

export const STEPS = ["模板下载", "拖拽上传", "字段映射", "有效/无效预览", "导入进度", "结果"] as const;

export type Mapping = Record<string, string | null>;

/** The mapping the server proposed (auto-mapping by label, 教职工账号 → 用户 › 账号). */
export function proposedMapping(columns: ColumnMapping[]): Mapping {
  return Object.fromEntries(columns.map((c) => [c.header, c.field ?? null]));
}

/** What blocks 下一步: 「必填字段“X”未映射」 per unmapped required field, and a field chosen for two columns. */
export function mappingProblems(mapping: Mapping, fields: FieldOption[]): string[] {
  const used = Object.values(mapping).filter((v): v is string => !!v);
  const problems = fields.filter((f) => f.required && !used.includes(f.key)).map((f) => `必填字段“${f.label}”未映射`);
  const seen = new Set<string>();
  for (const key of used) {
    if (seen.has(key)) {
      const field = fields.find((f) => f.key === key);
      problems.push(`系统字段“${field?.target ?? key}”被映射了多次`);
    }
    seen.add(key);
  }
  return problems;
}

/** Columns that will be ignored (no system field): 「表格列“X”未映射，将被忽略」. */
export function ignoredWarnings(mapping: Mapping): string[] {
  return Object.entries(mapping).filter(([, v]) => !v).map(([h]) => `表格列“${h}”未映射，将被忽略`);
}

/** 「第 R 行，“列名”：原因」 (the server's text when it has one; a row-wide error has no column). */
export function errorText(error: Pick<RowError, "row" | "message"> & { column?: string | null; text?: string }): string {
  if (error.text) return error.text;
  return error.column ? `第 ${error.row} 行，“${error.column}”：${error.message}` : `第 ${error.row} 行：${error.message}`;
}

export type Phase = "running" | "done" | "failed";

export interface ProgressState {
  phase: Phase;
  percent: number;
  label: string;
}

/** The progress bar of a committing batch, and whether polling goes on. */
export function progressState(batch: Pick<ImportBatch, "status" | "progress" | "error" | "imported_count">): ProgressState {
  const progress = batch.progress ?? { percent: 0, done: 0, total: 0 };
  if (batch.status === "committed") {
    return { phase: "done", percent: 100, label: `已导入 ${batch.imported_count ?? progress.total} 条` };
  }
  if (batch.status === "failed") {
    return { phase: "failed", percent: Math.min(99, progress.percent ?? 0), label: batch.error || "导入失败" };
  }
  const percent = Math.max(0, Math.min(99, progress.percent ?? 0));
  return { phase: "running", percent, label: `正在导入 ${progress.done ?? 0} / ${progress.total ?? 0}` };
}

/** The step a batch in `status` belongs on (after a reload of the page). */
export function stepOf(status: string | undefined): number {
  switch (status) {
    case "uploaded": case "mapped": return 2;
    case "previewed": return 3;
    case "committing": return 4;
    case "committed": case "failed": case "cancelled": return 5;
    default: return 0;
  }
}

/** A preview cell as text (numbers and dates come as JSON scalars). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The step to come back to for a batch named in the address, or null when it cannot be resumed (cancelled). */
export function resumeStep(status: string | undefined): number | null {
  return status === "cancelled" || status === undefined ? null : stepOf(status);
}
