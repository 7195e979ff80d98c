import { describe, expect, it } from "vitest";
import { batchCommentError, batchScopeError, summarise, type BatchResult } from "./batch";

const row = (task_id: number, outcome: string, label: string): BatchResult =>
  ({ task_id, record_id: task_id, title: null, outcome, label, detail: null });

describe("批量审核", () => {
  it("asks for the shared comment only when returning", () => {
    expect(batchCommentError("approve", "")).toBeNull();
    expect(batchCommentError("return", "  ")).toBe("批量退回时必须填写审核意见");
    expect(batchCommentError("return", "请补充附件")).toBeNull();
    expect(batchCommentError("approve", "x".repeat(501))).toBe("审核意见不能超过 500 个字符");
  });

  it("refuses an empty batch and more than 500 rows", () => {
    expect(batchScopeError(0)).toBe("请选择要审核的记录");
    expect(batchScopeError(500)).toBeNull();
    expect(batchScopeError(501)).toContain("批量审核每次最多 500 条记录");
  });

  it("summarises successes and groups failures by their label", () => {
    const s = summarise([row(1, "success", "成功"), row(2, "done_by_other", "已由他人处理"),
      row(3, "done_by_other", "已由他人处理"), row(4, "changed", "记录已变更")]);
    expect(s.text).toBe("成功 1 条，失败 3 条");
    expect(s.failures).toEqual([{ label: "已由他人处理", count: 2 }, { label: "记录已变更", count: 1 }]);
  });
});
