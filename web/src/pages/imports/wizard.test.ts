import { describe, expect, it } from "vitest";
import { errorText, ignoredWarnings, mappingProblems, progressState, proposedMapping, resumeStep, stepOf } from "./wizard";

const fields = [
  { key: "__account", label: "教职工账号", target: "用户 › 账号", required: true },
  { key: "__name", label: "教职工姓名", target: "教职工姓名", required: false },
  { key: "sessions", label: "场次", target: "场次", required: true },
];

describe("mapping", () => {
  it("takes the proposed mapping and blocks on unmapped required fields", () => {
    const mapping = proposedMapping([
      { header: "教职工账号", field: "__account", target: "用户 › 账号" },
      { header: "场次", field: null, target: null },
    ]);
    expect(mapping).toEqual({ 教职工账号: "__account", 场次: null });
    expect(mappingProblems(mapping, fields)).toEqual(["必填字段“场次”未映射"]);
    expect(ignoredWarnings(mapping)).toEqual(["表格列“场次”未映射，将被忽略"]);
    expect(mappingProblems({ ...mapping, 场次: "sessions" }, fields)).toEqual([]);
  });

  it("refuses a system field chosen for two columns", () => {
    expect(mappingProblems({ a: "__account", b: "__account", c: "sessions" }, fields))
      .toEqual(["系统字段“用户 › 账号”被映射了多次"]);
  });
});

describe("errorText", () => {
  it("formats 第 R 行，“列名”：原因 and row-wide errors", () => {
    expect(errorText({ row: 7, column: "教职工账号", message: "账号不存在" })).toBe("第 7 行，“教职工账号”：账号不存在");
    expect(errorText({ row: 17, column: null, message: "与第 2 行重复" })).toBe("第 17 行：与第 2 行重复");
    expect(errorText({ row: 3, column: "x", message: "m", text: "server text" })).toBe("server text");
  });
});

describe("progressState", () => {
  it("runs below 100 until committed, then is done", () => {
    expect(progressState({ status: "committing", progress: { percent: 40, done: 4, total: 10 }, error: null, imported_count: 0 }))
      .toEqual({ phase: "running", percent: 40, label: "正在导入 4 / 10" });
    expect(progressState({ status: "committing", progress: { percent: 100, done: 10, total: 10 }, error: null, imported_count: 0 }).percent).toBe(99);
    expect(progressState({ status: "committed", progress: { percent: 100, done: 10, total: 10 }, error: null, imported_count: 10 }))
      .toEqual({ phase: "done", percent: 100, label: "已导入 10 条" });
    expect(progressState({ status: "failed", progress: { percent: 60, done: 6, total: 10 }, error: "数据库拒绝", imported_count: 0 }))
      .toEqual({ phase: "failed", percent: 60, label: "数据库拒绝" });
  });

  it("puts a batch on its step", () => {
    expect([stepOf("uploaded"), stepOf("previewed"), stepOf("committing"), stepOf("committed"), stepOf(undefined)])
      .toEqual([2, 3, 4, 5, 0]);
  });

  it("comes back to a batch's step after a reload, except a cancelled one", () => {
    expect([resumeStep("mapped"), resumeStep("previewed"), resumeStep("committing"), resumeStep("committed"), resumeStep("failed")])
      .toEqual([2, 3, 4, 5, 5]);
    expect(resumeStep("cancelled")).toBeNull();
    expect(resumeStep(undefined)).toBeNull();
  });
});
