import { minTableWidth, tableWidth } from "./tableWidth";

describe("tableWidth", () => {
  it("sums the column widths (110 for a column without one) and never goes below 960", () => {
    expect(tableWidth([{ width: 56 }, { width: 150 }, {}, { width: "20%" }])).toBe(960);
    const done = [56, 64, 72, 110, 110, 110, 90, 110, 120, 90, 90, 150, 96].map((width) => ({ width }));
    expect(tableWidth(done)).toBe(1268);
  });
});

describe("minTableWidth", () => {
  it("counts the sized columns at their widths and each unsized one at its least width, plus the extra", () => {
    const pending = [{ width: 44 }, { width: 56 }, { width: 64 }, {}, {}, {}, { width: 72 }, {}, {}, { width: 144 }, { width: 96 }];
    expect(minTableWidth(pending, 72, 32)).toBe(32 + 44 + 56 + 64 + 72 + 144 + 96 + 5 * 72);
    expect(minTableWidth([], 72)).toBe(0);
  });
});
