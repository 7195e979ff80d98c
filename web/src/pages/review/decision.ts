// The decision panel's one rule the browser checks early (the server checks it too, catalog §3.2 10–11, §5.2).
import { COMMENT_MAX } from "../../labels";

export type Decision = "approve" | "return" | "return_previous" | "terminate";

export function commentError(action: Decision, comment: string): string | null {
  if (action === "return_previous" && comment.trim() === "") return "退回上一步时必须填写审核意见";
  if (action !== "approve" && comment.trim() === "") return "退回或终止时必须填写审核意见";
  if (comment.length > COMMENT_MAX) return `审核意见不能超过 ${COMMENT_MAX} 个字符`;
  return null;
}

/** The 退回上一步 that brought the record back to this step: the trail's last entry when it is one, else null. */
export function sentBackBy<T extends { action: string }>(trail: readonly T[]): T | null {
  const last = trail[trail.length - 1];
  return last && last.action === "return_previous" ? last : null;
}
