import { buildMenu, homeOf, openKeysFor } from "./menu";
import type { RecordTypeEntry } from "../api/types";

const type = (code: string, category: string, entry_mode = "teacher", all = 0): RecordTypeEntry => ({
  code, name: code, family: category === "basic" ? "library" : "workload", category, entry_mode, pay_attribute: null,
  process_key: "p", post_approval_policy: "withdraw_auto", list_columns: [], title_field: "x", my_counts: { all },
});
const types = [type("T04", "teaching", "teacher", 2), type("T03", "teaching", "import"), type("A01", "basic")];

describe("buildMenu", () => {
  it("gives a teacher 我的业绩, the workload categories, the library groups and 撤回记录", () => {
    const menu = buildMenu("teacher", types, {});
    expect(menu.map((n) => n.label)).toEqual(["我的业绩", "业绩填报", "个人业绩库", "撤回记录"]);
    const teaching = menu[1].children![0];
    expect(teaching.label).toBe("教学工作量");
    expect(teaching.children!.map((c) => [c.key, c.count])).toEqual([["/types/T04", 2], ["/types/T03", 0]]);
    expect(menu[2].children!.map((c) => c.label)).toEqual(["基本信息"]);
  });

  it("gives reviewers 业务数据审核 with pending counts, unit admins also 撤回审核 and 代教师填报 of teacher types", () => {
    const dept = buildMenu("dept_reviewer", types, { T04: 3 });
    expect(dept.map((n) => n.label)).toEqual(["业务数据审核", "数据汇总"]);
    expect(dept[0].children![0]).toMatchObject({ key: "/review", count: 3 });
    const admin = buildMenu("unit_admin", types, {});
    expect(admin.map((n) => n.label)).toEqual(["业务数据审核", "单位管理", "数据汇总"]);
    const unit = admin[1].children!;
    expect(unit.map((n) => n.label)).toEqual(["撤回审核", "代教师填报", "数据导入", "教师账号"]);
    expect(unit[3].key).toBe("/admin/accounts");
    expect(unit[1].children!.map((c) => c.key)).toEqual(["/types/T04"]);
  });

  it("gives reviewers 数据汇总 › 工作量汇总 then one page per summary item, opened on an item's page", () => {
    const items = [{ key: "teaching-paid", label: "教学教研工作量（计量计酬）" }, { key: "research-paid", label: "科研工作量（计量计酬）" }];
    const menu = buildMenu("hr_reviewer", types, {}, items);
    const summaries = menu.find((n) => n.label === "数据汇总")!;
    expect(summaries.children!.map((c) => [c.key, c.label])).toEqual([
      ["/summaries", "工作量汇总"], ["/summaries/teaching-paid", "教学教研工作量（计量计酬）"],
      ["/summaries/research-paid", "科研工作量（计量计酬）"]]);
    expect(openKeysFor(menu, "/summaries/research-paid")).toEqual(["summaries"]);
    expect(openKeysFor(menu, "/summaries")).toEqual(["summaries"]);
  });

  it("gives the 系统管理员 系统管理 › 参考数据", () => {
    const menu = buildMenu("system_admin", types, {});
    expect(menu[0]).toMatchObject({ label: "系统管理", group: true });
    expect(menu[0].children!.map((n) => [n.key, n.label])).toContainEqual(["/admin/reference-data", "参考数据"]);
  });

  it("opens the category of the current page and picks each role's home", () => {
    const menu = buildMenu("teacher", types, {});
    expect(openKeysFor(menu, "/types/T04")).toEqual(["fill:teaching"]);
    expect(openKeysFor(menu, "/types/T04/new")).toEqual(["fill:teaching"]);
    expect(homeOf("teacher")).toBe("/my");
    expect(homeOf("hr_reviewer")).toBe("/review");
    expect(homeOf("system_admin")).toBe("/admin/accounts");
  });

  it("gives the 系统管理员 the 系统管理 group and no business menu", () => {
    const menu = buildMenu("system_admin", types, { T04: 3 });
    expect(menu.map((n) => n.label)).toEqual(["系统管理", "通知"]);
    expect(menu[0].group).toBe(true);
    expect(menu[0].children!.map((n) => n.label)).toEqual(["单位管理", "人员管理", "角色管理", "批量生成账号", "参考数据", "审计日志"]);
    expect(openKeysFor(menu, "/admin/units")).toEqual([]);
  });

  it("picks the 运维人员's home", () => {
    expect(homeOf("operator")).toBe("/operations");
  });

  it("gives the 运维人员 the operator console and no review menu", () => {
    const menu = buildMenu("operator", types, {});
    expect(menu[0].children!.map((c) => [c.key, c.label])).toEqual([
      ["/operations", "运维总览"], ["/operations/instances", "流程实例"], ["/operations/stuck", "卡住的流程"]]);
    expect(JSON.stringify(menu)).not.toContain("业务数据审核");
  });

  it("gives the 流程管理员 流程管理 › 流程定义 as home", () => {
    const menu = buildMenu("process_admin", types, {});
    expect(menu.map((n) => n.label)).toEqual(["流程管理", "通知"]);
    expect(menu[0].children!.map((c) => c.key)).toEqual(["/process-admin"]);
    expect(homeOf("process_admin")).toBe("/process-admin");
    expect(openKeysFor(menu, "/process-admin/drafts/3")).toEqual([]);
  });

  it("opens a reviewer's category on its type's inbox (not 待审核总览 at /review) and counts its pending tasks", () => {
    const menu = buildMenu("dept_reviewer", types, { T04: 3, T03: 2, A01: 1 });
    expect(openKeysFor(menu, "/review/T03")).toEqual(["review:teaching"]);
    expect(openKeysFor(menu, "/review")).toEqual([]);
    const categories = menu[0].children!.slice(1);
    expect(categories.map((c) => [c.key, c.count])).toEqual([["review:teaching", 5], ["review:basic", 1]]);
  });
});
