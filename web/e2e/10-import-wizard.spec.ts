import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { Api, DEPT_JWB, HR, HR_2, filled, login, pick, snap } from "./support";

// Catalog §4.1 in the browser: 高远 (05019001, 二级单位管理员 of 医学院) imports the shared T03 file
// (tests/fixtures/imports; its README: 10 有效 / 6 无效) and 张伟 then finds his imported records 审核中.
test.describe.configure({ mode: "serial" });

const HERE = path.dirname(fileURLToPath(import.meta.url));
const T03_FILE = path.resolve(HERE, "..", "..", "tests", "fixtures", "imports", "T03-临床医学专业水平测试-医学院.xlsx");
const UNIT_ADMIN_YXY = "05019001"; // 高远
const TEACHER_YXY = "05010001"; // 张伟
const T03 = "临床医学专业水平测试";

async function asUnitAdmin(page: Page): Promise<void> {
  const switcher = page.getByRole("button", { name: /切换角色/ });
  if (!(await switcher.getAttribute("aria-label"))?.includes("二级单位管理员")) {
    await switcher.click();
    await page.getByRole("menuitem", { name: /二级单位管理员/ }).click();
  }
  await expect(page.getByRole("button", { name: /当前角色：二级单位管理员/ })).toBeVisible();
}

test("05019001 imports the shared T03 file through the wizard; 张伟 sees his record 审核中", async ({ page }) => {
  await login(page, UNIT_ADMIN_YXY);
  await asUnitAdmin(page);
  await page.getByRole("menuitem", { name: "数据导入" }).click();
  await expect(page).toHaveURL(/\/imports/);

  // 模板下载
  await pick(page, "导入类型", T03);
  const template = page.waitForEvent("download");
  await page.getByRole("button", { name: `${T03}导入模板` }).click();
  expect((await template).suggestedFilename()).toBe(`${T03}导入模板.xlsx`);
  await snap(page, "10-import-1-template");
  await page.getByRole("button", { name: "下一步" }).click();

  // 拖拽上传
  await page.locator("input[type=file]").setInputFiles(T03_FILE);
  await expect(page.getByText("T03-临床医学专业水平测试-医学院.xlsx")).toBeVisible();
  await snap(page, "10-import-2-upload");
  await page.getByRole("button", { name: "下一步" }).click();

  // 字段映射: proposed, 教职工账号 → 用户 › 账号; unmapping a required field blocks 下一步
  const account = page.getByRole("combobox", { name: "系统字段：教职工账号" });
  await expect(page.getByRole("row", { name: /教职工账号/ })).toContainText("用户 › 账号");
  await pick(page, "系统字段：场次", "（不导入）");
  await expect(page.getByText("必填字段“场次”未映射")).toBeVisible();
  await expect(page.getByRole("button", { name: "下一步" })).toBeDisabled();
  await pick(page, "系统字段：场次", /^场次/);
  await expect(page.getByText("必填字段“场次”未映射")).toHaveCount(0);
  await expect(account).toBeVisible();
  await snap(page, "10-import-3-mapping");
  await page.getByRole("button", { name: "下一步" }).click();

  // 有效/无效预览
  await expect(page.getByRole("tab", { name: "有效数据 (10)" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "无效数据 (6)" })).toBeVisible();
  await expect(page.locator(".ant-tabs-tabpane-active .ant-table-tbody tr.ant-table-row")).toHaveCount(10);
  await snap(page, "10-import-4-preview-valid");
  await page.getByRole("tab", { name: "无效数据 (6)" }).click();
  const invalid = page.locator(".ant-tabs-tabpane-active .ant-table-tbody tr.ant-table-row");
  await expect(invalid).toHaveCount(6);
  await expect(invalid.first()).toContainText("第 7 行，“教职工账号”：账号不存在");
  await expect(page.getByText("第 13 行，“教职工账号”：该教职工不属于本单位")).toBeVisible();
  await expect(page.getByText("第 17 行：与第 2 行重复")).toBeVisible();
  await snap(page, "10-import-5-preview-invalid");
  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出无效数据" }).click();
  const download = await exported;
  const saved = await download.path();
  expect(readFileSync(saved).subarray(0, 2).toString()).toBe("PK");      // an xlsx (zip)

  // 只导入有效数据 → 导入进度 → 结果
  await page.getByRole("button", { name: "只导入有效数据" }).click();
  const bar = page.getByRole("progressbar", { name: "导入进度" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByText("已导入 10 条")).toBeVisible();
  await page.waitForFunction(() => {                      // the bar's fill has finished its transition
    const fill = document.querySelector(".ant-progress-bg")?.getBoundingClientRect().width ?? 0;
    const track = document.querySelector(".ant-progress-inner")?.getBoundingClientRect().width ?? 1;
    return fill >= track - 1;
  });
  await snap(page, "10-import-6-progress");
  await page.getByRole("button", { name: "查看结果" }).click();
  await expect(page.getByText("导入完成")).toBeVisible();
  await expect(page.getByText(`已导入 10 条「${T03}」记录，正在审核中`, { exact: false })).toBeVisible();
  await snap(page, "10-import-7-result");

  // the finished import opened by its address as 教职工 (a role that imports nothing) still names the type
  const result = page.url();
  expect(result).toMatch(/[?&]batch=\d+/);
  await page.getByRole("button", { name: /切换角色/ }).click();
  await page.getByRole("menuitem", { name: "教职工" }).click();
  await expect(page.getByRole("button", { name: /当前角色：教职工/ })).toBeVisible();
  await page.goto(result);
  await expect(page.getByText(`已导入 10 条「${T03}」记录，正在审核中`, { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: `数据导入：${T03}` })).toBeVisible();
  await expect(page.getByText("「T03」")).toHaveCount(0);
  await snap(page, "10-import-7b-result-as-teacher");

  // 张伟 (rows 2, 3 and 14) sees them under 审核中
  await page.getByRole("button", { name: /高远/ }).click();
  await page.getByRole("menuitem", { name: "退出登录" }).click();
  await login(page, TEACHER_YXY);
  await page.goto("/types/T03");
  await expect(page.getByRole("tab", { name: /审核中\s*\(3\)/ })).toBeVisible();
  await page.getByRole("tab", { name: /审核中/ }).click();
  const rows = page.locator(".ant-table-tbody tr.ant-table-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("审核中");
  await snap(page, "10-import-8-teacher-in-review");
});

test("人力资源部 sees the approved imported records in 工作量汇总, exports with the field chooser", async ({ page, playwright, baseURL }) => {
  // set-up, not what this test proves: 教务部 and 人力资源部 approve 张伟's three imported records
  const teacher = await Api.as(playwright, baseURL, TEACHER_YXY);
  const mine = await teacher.call("GET", "/api/v1/records?record_type=T03&status=in_review&page_size=50");
  expect(mine.items).toHaveLength(3);
  for (const account of [DEPT_JWB, HR]) {
    const reviewer = await Api.as(playwright, baseURL, account);
    for (const record of mine.items) if (await reviewer.taskFor(record.id)) await reviewer.approve(record.id);
    await reviewer.dispose();
  }
  const done = await teacher.call("GET", "/api/v1/records?record_type=T03&status=approved&page_size=50");
  expect(done.items).toHaveLength(3);
  await teacher.dispose();

  // the page opens on the 默认考核年度 the 系统管理员 keeps (catalog §1.3.0: the year new records start in),
  // never on a year of the browser's own: first one no record of this run has, then the imported records' 2025
  const sysadmin = await Api.as(playwright, baseURL, "sysadmin");
  await sysadmin.call("PUT", "/api/v1/reference-data/default-assessment-year", { default_assessment_year: 2021 });
  const empty = page.locator(".ant-table .ant-empty-description").filter({ hasText: "暂无数据" });
  await login(page, HR);
  await page.getByRole("menuitem", { name: "数据汇总" }).click();          // the submenu: 工作量汇总, then each item
  await expect(page.getByRole("menuitem", { name: "教学教研工作量（计量计酬）", exact: true })).toBeVisible();
  await page.getByRole("menuitem", { name: "工作量汇总", exact: true }).click();
  await expect(page).toHaveURL(/\/summaries$/);
  await expect(page.getByLabel("考核年度")).toHaveValue("2021");
  await expect(empty).toBeVisible();
  await sysadmin.call("PUT", "/api/v1/reference-data/default-assessment-year", { default_assessment_year: 2025 });
  await sysadmin.dispose();
  await page.reload();
  await expect(page.getByLabel("考核年度")).toHaveValue("2025");
  await expect(page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: "张伟" })).toHaveCount(1);
  await page.goto("/summaries?year=2021");                                // a year in the address still wins
  await expect(page.getByLabel("考核年度")).toHaveValue("2021");
  await expect(empty).toBeVisible();
  await page.getByLabel("考核年度").fill("2025");
  await page.getByLabel("姓名/账号").fill(TEACHER_YXY);
  await page.getByRole("button", { name: /查\s*询/ }).click();
  const row = page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: "张伟" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("24");
  await expect(page.getByRole("columnheader", { name: "计量计酬合计" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "总计" })).toBeVisible();
  // 1280×800: the six item columns (each 计酬属性 under its category) lie between the pinned 所属部门 and
  // 计量计酬合计; at least four of them show whole before any scrolling
  await expect(page.getByRole("columnheader", { name: "教学教研工作量", exact: true })).toBeVisible();
  const parts = page.getByRole("columnheader", { name: /^计量(不)?计酬$/ });
  await expect(parts).toHaveCount(6);
  const left = (await page.getByRole("columnheader", { name: "所属部门" }).boundingBox())!;
  const right = (await page.getByRole("columnheader", { name: "计量计酬合计" }).boundingBox())!;
  const boxes = await Promise.all((await parts.all()).map((part) => part.boundingBox()));
  const whole = boxes.filter((b) => b && b.x >= left.x + left.width - 1 && b.x + b.width <= right.x + 1);
  expect(whole.length).toBeGreaterThanOrEqual(4);
  await snap(page, "10-summary-1-workload");

  await page.getByRole("button", { name: /导\s*出/ }).click();
  const dialog = page.getByRole("dialog", { name: "导出" });
  await expect(dialog.getByRole("checkbox", { name: "全选" })).toBeChecked();
  await snap(page, "10-summary-2-export-fields");
  const exported = page.waitForEvent("download");
  await dialog.getByRole("button", { name: /导\s*出/ }).click();
  expect((await exported).suggestedFilename()).toMatch(/\.xlsx$/);

  await page.locator(".ant-typography a").filter({ hasText: "教学教研工作量（计量计酬）" }).click();
  await expect(page).toHaveURL(/\/summaries\/[^/?]+\?year=2025/);
  await expect(page.getByText("小计").first()).toBeVisible();
  await snap(page, "10-summary-3-item");
});

test("工作量结算 asks for confirmation (人力资源部 admin)", async ({ page }) => {
  await login(page, HR_2);
  await page.getByRole("button", { name: /切换角色/ }).click();
  await page.getByRole("menuitem", { name: /人力资源部管理员/ }).click();
  await expect(page.getByRole("button", { name: /当前角色：人力资源部管理员/ })).toBeVisible();
  await page.goto("/summaries?year=2025");
  await page.getByRole("button", { name: "工作量结算" }).click();
  await expect(page.locator(".ant-modal-confirm-title")).toHaveText("确定结算 2025 年度工作量吗？");
  await snap(page, "10-summary-4-settlement-confirm");
  await page.getByRole("button", { name: /取\s*消/ }).click();
});


test("病案导入 on the A19 list: row verdicts, 正式导入 only when every row is 允许导入", async ({ page }, testInfo) => {
  await login(page, TEACHER_YXY);
  await page.goto("/types/A19");
  await page.getByRole("button", { name: "病案导入" }).click();
  const dialog = page.getByRole("dialog", { name: "病案导入" });
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "病案模板下载" }).click();
  const template = testInfo.outputPath("病案模板.xlsx");
  await (await downloading).saveAs(template);

  const bad = filled(template, [[null, "ZY101", "患者甲", "2025-03-09", "2025-03-01", "二级手术", "阑尾炎", "阑尾炎术后", "治愈"]],
    testInfo.outputPath("病案-有错误.xlsx"));
  await dialog.locator("input[type=file]").setInputFiles(bad);
  await expect(dialog.getByText(/共 1 行，允许导入 0 行，有错误 1 行/)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "正式导入" })).toBeDisabled();
  await snap(page, "10-personal-1-row-errors");

  const good = filled(template, [
    [null, "ZY101", "患者甲", "2025-03-01", "2025-03-09", "二级手术", "阑尾炎", "阑尾炎术后", "治愈"],
    [null, "ZY102", "患者乙", "2025-04-01", "2025-04-03", "无", "胆结石", "胆结石", "好转"],
  ], testInfo.outputPath("病案.xlsx"));
  await dialog.locator("input[type=file]").setInputFiles(good);
  await expect(dialog.getByText("允许导入", { exact: true })).toHaveCount(2);
  await snap(page, "10-personal-2-all-allowed");
  await dialog.getByRole("button", { name: "正式导入" }).click();
  await expect(page.getByText("已导入 2 条")).toBeVisible();

  // the imported drafts (编辑中) go to the unit together: 批量提交, each record on its own
  await page.getByRole("tab", { name: "编辑中(2)" }).click();
  const listRows = page.locator(".ant-card .ant-table-tbody tr.ant-table-row");     // not the closed dialog's table
  await expect(listRows).toHaveCount(2);
  await expect(page.getByText("10 条/页")).toBeVisible();                           // 卫生-病案 pages by 10
  await page.locator(".ant-card .ant-table-thead input[type=checkbox]").check();
  await expect(page.getByRole("status").filter({ hasText: "当前表格已选择 2 项" })).toBeVisible();
  await page.getByRole("button", { name: "批量提交" }).click();
  await expect(page.getByText("选中的病案将提交至单位审核")).toBeVisible();
  await page.locator(".ant-modal-confirm").getByRole("button", { name: /提\s*交/ }).click();
  await expect(page.getByText("已提交 2 条")).toBeVisible();
  await expect(page.getByRole("tab", { name: /编辑中/ })).toHaveCount(0);      // its last drafts left: back to 全部
  await expect(page.getByRole("tab", { name: /全部/, selected: true })).toBeVisible();
  await expect(listRows.filter({ hasText: "ZY102" })).toContainText("审核中");
  await snap(page, "10-personal-3-batch-submitted");
});
