import { apiFilters, exportUrl, isFiltered, parseWorkspace, toSearch } from "./workspaceQuery";

describe("workspace query string", () => {
  it("round-trips every filter through the URL", () => {
    const search = "tab=all&q=01090023&year=2025&status=approved&lane=dept&from=2025-03-01&to=2025-06-30&unit=7&page=2&size=50";
    const state = parseWorkspace(new URLSearchParams(search));
    expect(state).toEqual({ tab: "all", q: "01090023", year: 2025, status: "approved", lane: "dept", from: "2025-03-01",
      to: "2025-06-30", unit: 7, page: 2, pageSize: 50 });
    expect(toSearch(state).toString()).toBe(search);
  });

  it("leaves out defaults and drops values a hand-edited link got wrong", () => {
    const state = parseWorkspace(new URLSearchParams("tab=boss&year=abc&status=lost&lane=x&from=3/1&unit=-2&page=0&size=7"));
    expect(state).toEqual({ tab: "pending", page: 1, pageSize: 20, q: undefined, year: undefined, status: undefined,
      lane: undefined, from: undefined, to: undefined, unit: undefined });
    expect(toSearch(state).toString()).toBe("");
    expect(isFiltered(state)).toBe(false);
  });

  it("sends 审核状态 only where it applies and builds each tab's 导出", () => {
    const state = parseWorkspace(new URLSearchParams("status=approved&unit=7&from=2025-03-01"));
    expect(apiFilters(state)).toEqual({ unit_id: 7, submitted_from: "2025-03-01" });
    expect(exportUrl("T04", state)).toBe("/api/v1/tasks/export?record_type=T04&submitted_from=2025-03-01&unit_id=7&state=open");
    expect(exportUrl("T04", { ...state, tab: "done" })).toContain("status=approved");
    expect(exportUrl("T04", { ...state, tab: "all" })).toBe(
      "/api/v1/records/export?record_type=T04&status=approved&submitted_from=2025-03-01&unit_id=7&view=scope");
    expect(isFiltered(state)).toBe(true);
  });
});
