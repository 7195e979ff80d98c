// 批量审核 (catalog §5.3): the dialog's pure rules and the result summary.
import { COMMENT_MAX } from "../../labels";

export type BatchAction = "approve" | "return";
export const BATCH_MAX = 500;
export const BATCH_ACTIONS: { action: BatchAction; label: string }[] = [
  { action: "approve", label: "通过" },
  { action: "return", label: "退回" },
];

export interface BatchResult {
  task_id: number;
  record_id: number | null;
  title: string | null;
  owner?: string | null;
  outcome: "success" | "done_by_other" | "out_of_scope" | "changed" | string;
  label: string;
  detail: string | null;
}

/** The shared comment's problem: required for 退回, at most 500 characters. */
export function batchCommentError(action: BatchAction, comment: string): string | null {
  if (action === "return" && comment.trim() === "") return "批量退回时必须填写审核意见";
  if (comment.length > COMMENT_MAX) return `审核意见不能超过 ${COMMENT_MAX} 个字符`;
  return null;
}

/** What the batch covers, or why it cannot run: nothing selected, or more than 500 rows. */
export function batchScopeError(count: number): string | null {
  if (count <= 0) return "请选择要审核的记录";
  if (count > BATCH_MAX) return `批量审核每次最多 ${BATCH_MAX} 条记录，当前 ${count} 条，请缩小筛选范围`;
  return null;
}

/** 「成功 N 条，失败 M 条」 and the failures grouped by their label (已由他人处理 …), in first-seen order. */
export function summarise(results: BatchResult[]): { text: string; failures: { label: string; count: number }[] } {
  const ok = results.filter((r) => r.outcome === "success").length;
  const groups = new Map<string, number>();
  for (const r of results) if (r.outcome !== "success") groups.set(r.label, (groups.get(r.label) ?? 0) + 1);
  return {
    text: `成功 ${ok} 条，失败 ${results.length - ok} 条`,
    failures: [...groups].map(([label, count]) => ({ label, count })),
  };
}
