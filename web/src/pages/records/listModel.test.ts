import { attachmentCount, cellText, isEditable, searchPlaceholder, shownTab, statusTabs, submitEach, submitSummary } from "./listModel";
import type { RecordItem } from "../../api/types";

describe("statusTabs", () => {
  it("workload lists show 全部 | 审核中 | 已完成 and add 退回 / 未提交 only when there are such records", () => {
    const tabs = statusTabs("workload", { draft: 0, in_review: 2, returned: 1, approved: 3, terminated: 0, all: 6 });
    expect(tabs.map((t) => `${t.label}${t.count}`)).toEqual(["全部6", "审核中2", "已完成3", "退回1"]);
    const withDraft = statusTabs("workload", { draft: 1, in_review: 0, returned: 0, approved: 0, terminated: 0, all: 1 });
    expect(withDraft.map((t) => t.label)).toEqual(["全部", "审核中", "已完成", "未提交"]);
  });

  it("library lists always show 退回 and call approved records 审核通过, drafts 编辑中", () => {
    const tabs = statusTabs("library", { draft: 2, in_review: 0, returned: 0, approved: 1, terminated: 0, all: 3 });
    expect(tabs.map((t) => t.label)).toEqual(["全部", "审核中", "审核通过", "退回", "编辑中"]);
    expect(tabs.find((t) => t.key === "draft")?.count).toBe(2);
  });

  it("counts 全部 from the statuses when the server gives no total", () => {
    expect(statusTabs("workload", { in_review: 2, approved: 1 })[0].count).toBe(3);
  });
});

describe("cells and rules", () => {
  const props = { cases: { type: "array", items: { type: "object" } }, attachments: { type: "array", "x-attachment": {} },
    evidence: { type: "array", "x-attachment": {} }, workload: { type: "number" }, exam_type: { type: "string", title: "考试类型" } };

  it("shows child lists and files as counts, numbers with two decimals, missing as —", () => {
    expect(cellText([{}, {}, {}], props.cases)).toBe("3");
    expect(cellText(4.355, props.workload)).toBe("4.36");
    expect(cellText(undefined, props.exam_type)).toBe("—");
    expect(cellText("", props.exam_type)).toBe("—");
  });

  it("counts the files of every file field", () => {
    const record = { data: { attachments: [1, 2], evidence: [3], exam_type: "x" } } as unknown as RecordItem;
    expect(attachmentCount(record, props)).toBe(3);
  });

  it("lets only drafts and returned, uncited records be edited or deleted", () => {
    expect(isEditable({ status: "draft", is_cited: false })).toBe(true);
    expect(isEditable({ status: "returned", is_cited: false })).toBe(true);
    expect(isEditable({ status: "in_review", is_cited: false })).toBe(false);
    expect(isEditable({ status: "approved", is_cited: false })).toBe(false);
    expect(isEditable({ status: "returned", is_cited: true })).toBe(false);
  });

  it("uses the type's placeholder, else one built from its search fields", () => {
    expect(searchPlaceholder("请输入学校名称进行查询", ["school"], props)).toBe("请输入学校名称进行查询");
    expect(searchPlaceholder(undefined, ["exam_type"], props)).toBe("请输入姓名、账号、考试类型进行查询");
  });
});

describe("批量提交", () => {
  it("submits every selected record on its own and goes on after a refusal", async () => {
    const calls: number[] = [];
    const outcome = await submitEach([11, 12, 13], async (id) => {
      calls.push(id);
      if (id === 12) throw new Error("出院日期不能早于入院日期");
    }, (e) => (e as Error).message);
    expect(calls).toEqual([11, 12, 13]);
    expect(outcome).toEqual({ submitted: [11, 13], failed: [{ id: 12, message: "出院日期不能早于入院日期" }] });
    expect(submitSummary(outcome)).toBe("已提交 2 条，1 条未能提交：出院日期不能早于入院日期");
    expect(submitSummary({ submitted: [1, 2], failed: [] })).toBe("已提交 2 条");
  });
});

describe("shownTab", () => {
  it("keeps a tab the list still has and falls back to 全部 when its last record left it", () => {
    const withDrafts = statusTabs("library", { all: 3, in_review: 1, draft: 2 });
    const without = statusTabs("library", { all: 3, in_review: 3 });
    expect(shownTab("draft", withDrafts)).toBe("draft");
    expect(shownTab("draft", without)).toBe("all");
    expect(shownTab("in_review", without)).toBe("in_review");
  });
});
