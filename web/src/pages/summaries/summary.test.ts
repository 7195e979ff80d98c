import { describe, expect, it } from "vitest";
import { exportUrl } from "../../api/summaries";
import { formatAmount, groupItems, itemColumnWidth, requestedYear } from "./summary";

describe("数据汇总 helpers", () => {
  it("takes the 考核年度 of the address, else leaves it to the server's default year", () => {
    const year = (search: string) => requestedYear(new URLSearchParams(search));
    expect(year("?year=2025")).toBe(2025);
    expect(year("?year=2026&q=张")).toBe(2026);
    // no year, or one the API would refuse: none, so the server answers with its default 考核年度
    expect([year(""), year("?year="), year("?year=abc"), year("?year=1999"), year("?year=2101"), year("?year=2025.5")])
      .toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("prints figures without float noise", () => {
    expect([formatAmount(79), formatAmount(0.1 + 0.2), formatAmount(undefined)]).toEqual(["79", "0.3", ""]);
  });

  it("builds the 导出 URL: fields repeated, none for 全选", () => {
    expect(exportUrl({ year: 2025 }, [])).toBe("/api/v1/summaries/workload/export?year=2025");
    expect(exportUrl({ year: 2025, unit_id: 3, q: "张", item: "teaching-paid" }, ["a", "b"]))
      .toBe("/api/v1/summaries/workload/export?year=2025&unit_id=3&q=%E5%BC%A0&item=teaching-paid&fields=a&fields=b");
  });

  it("groups the summary items by category for two header rows, each item column wide enough for its header", () => {
    const groups = groupItems([
      { key: "teaching-paid", label: "教学教研工作量（计量计酬）" }, { key: "teaching-unpaid", label: "教学教研工作量（计量不计酬）" },
      { key: "graduate-paid", label: "研究生工作量（计量计酬）" }, { key: "research-paid", label: "科研工作量（计量计酬）" },
      { key: "other", label: "其他" },
    ]);
    expect(groups.map((g) => [g.title, g.items.map((i) => i.part)])).toEqual([
      ["教学教研工作量", ["计量计酬", "计量不计酬"]], ["研究生工作量", ["计量计酬"]], ["科研工作量", ["计量计酬"]], ["其他", [""]],
    ]);
    expect(groups[0].items[1]).toEqual({ key: "teaching-unpaid", label: "教学教研工作量（计量不计酬）", part: "计量不计酬" });
    expect(groups.map((g) => itemColumnWidth(g))).toEqual([88, 100, 88, 88]);
  });
});
