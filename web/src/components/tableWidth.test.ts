import { tableWidth } from "./tableWidth";

describe("tableWidth", () => {
  it("sums the column widths (110 for a column without one) and never goes below 960", () => {
    expect(tableWidth([{ width: 56 }, { width: 150 }, {}, { width: "20%" }])).toBe(960);
    const done = [56, 64, 72, 110, 110, 110, 90, 110, 120, 90, 90, 150, 96].map((width) => ({ width }));
    expect(tableWidth(done)).toBe(1268);
  });
});
