import { categoryTabs, ringSlices, sumCounts } from "./dashboardModel";
import type { RecordTypeEntry } from "../../api/types";

const type = (code: string, category: string): RecordTypeEntry => ({
  code, name: code, family: "workload", category, entry_mode: "teacher", pay_attribute: null, process_key: "p",
  post_approval_policy: "withdraw_auto", list_columns: [], title_field: "x", my_counts: {},
});

describe("我的业绩", () => {
  it("has the five workload categories in catalog order, then 个人业绩库 with its non-empty groups", () => {
    const tabs = categoryTabs([type("T04", "teaching"), type("A01", "basic"), type("A19", "health")]);
    expect(tabs.map((t) => t.label)).toEqual(["教学工作量", "研究生工作量", "科研工作量", "育人工作量", "动态工作量", "个人业绩库"]);
    expect(tabs[0].groups[0].types.map((t) => t.code)).toEqual(["T04"]);
    expect(tabs[5].groups.map((g) => g.label)).toEqual(["基本信息", "行业专用"]);
  });

  it("slices the ring by status with records only, labelled for the family", () => {
    const counts = { draft: 1, in_review: 2, returned: 0, approved: 3, terminated: 0, all: 6 };
    expect(ringSlices(counts).map((s) => `${s.name}${s.value}`)).toEqual(["审核中2", "已完成3", "未提交1"]);
    expect(ringSlices(counts, "library").map((s) => s.name)).toEqual(["审核中", "审核通过", "编辑中"]);
  });

  it("adds the counts of both families", () => {
    expect(sumCounts({ all: 2, draft: 2 }, { all: 1, approved: 1 }, undefined)).toEqual({ all: 3, draft: 2, approved: 1 });
  });
});
