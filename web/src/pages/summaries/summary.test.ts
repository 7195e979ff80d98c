import { describe, expect, it } from "vitest";
import { exportUrl } from "../../api/summaries";
import { defaultYear, formatAmount } from "./summary";

describe("数据汇总 helpers", () => {
  it("opens on last year and prints figures without float noise", () => {
    expect(defaultYear(new Date(2026, 10, 26))).toBe(2025);
    expect([formatAmount(79), formatAmount(0.1 + 0.2), formatAmount(undefined)]).toEqual(["79", "0.3", ""]);
  });

  it("builds the 导出 URL: fields repeated, none for 全选", () => {
    expect(exportUrl({ year: 2025 }, [])).toBe("/api/v1/summaries/workload/export?year=2025");
    expect(exportUrl({ year: 2025, unit_id: 3, q: "张", item: "teaching-paid" }, ["a", "b"]))
      .toBe("/api/v1/summaries/workload/export?year=2025&unit_id=3&q=%E5%BC%A0&item=teaching-paid&fields=a&fields=b");
  });
});
