import { expect, test, type Page } from "@playwright/test";
import { Api, TEACHER, expectAccessible, login, snap } from "./support";

// Issue 12, 参考数据: the 系统管理员 adds a course and retires another on 系统管理 › 参考数据; a value in use
// cannot be deleted (the clear refusal), only retired; the teacher's 课程教学工作量 form then offers the new
// course (its 开课主管单位 follows) and not the retired one.
test.describe.configure({ mode: "serial" });

const ADMIN = "sysadmin";
const NEW_COURSE = "人工智能导论";
const RETIRED = "大学物理";
const IN_USE = "大学英语";

/** Type into the searchable 课程名称 select and return the options it offers for `text`. */
async function courseOptions(page: Page, text: string): Promise<string[]> {
  const box = page.getByRole("combobox", { name: "课程名称" });
  await box.click({ force: true });
  await box.fill(text);
  const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  await expect(dropdown).toBeVisible();
  await expect(dropdown.locator(".ant-select-item-option").first().or(dropdown.getByText("没有匹配的选项"))).toBeVisible();
  return dropdown.locator(".ant-select-item-option").allInnerTexts();
}

test("the 系统管理员 adds a course and retires another; a course in use cannot be deleted", async ({ page, playwright, baseURL }) => {
  // set-up: a teacher's draft holds 大学英语, so that course is in use
  const teacher = await Api.as(playwright, baseURL, TEACHER);
  await teacher.call("POST", "/api/v1/records", { record_type: "T01", data: {
    assessment_year: 2025, term: "2024-2025-1", course_name: IN_USE, course_owner_dept: "教务部",
    teaching_class: "英语2401班", student_count: 40, hours: 48, workload: 48 } }, 201);
  await teacher.dispose();

  await login(page, ADMIN);
  await page.getByRole("menuitem", { name: "参考数据" }).click();
  await expect(page).toHaveURL(/\/admin\/reference-data$/);
  await expect(page.getByRole("heading", { name: "参考数据" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByRole("cell", { name: "高等数学", exact: true })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(IN_USE) })).toContainText("1");       // 使用记录数
  await snap(page, "12-refdata-courses");
  await expectAccessible(page, "参考数据");

  // 新增 a course with its 开课主管单位
  await page.getByRole("button", { name: "新增" }).click();
  const dialog = page.getByRole("dialog", { name: "新增课程名称" });
  await dialog.getByLabel("课程名称").fill(NEW_COURSE);
  await dialog.getByRole("combobox", { name: "开课主管单位" }).click({ force: true });
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").filter({ hasText: "教务部" }).click();
  await snap(page, "12-refdata-add-course");
  await dialog.getByRole("button", { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole("row", { name: new RegExp(NEW_COURSE) })).toContainText("教务部");

  // a course in use: 删除 is refused with the reason; 停用 another
  await page.getByRole("button", { name: `删除“${IN_USE}”` }).click();
  await page.getByRole("tooltip").getByRole("button", { name: /删\s*除/ }).click();
  const refusal = page.getByRole("dialog").filter({ hasText: "操作未完成" });
  await expect(refusal).toContainText(`“${IN_USE}”已被 1 条记录使用，不能删除，只能停用`);
  await snap(page, "12-refdata-delete-refused");
  await refusal.getByRole("button", { name: /知道了|确\s*定|OK/ }).click();

  await page.getByRole("button", { name: `停用“${RETIRED}”` }).click();
  await expect(table.getByRole("row", { name: new RegExp(RETIRED) })).toContainText("已停用");
  await expect(page.getByRole("button", { name: `启用“${RETIRED}”` })).toBeVisible();
  await snap(page, "12-refdata-retired");
});

test("the teacher's 课程教学工作量 form offers the new course and not the retired one", async ({ page }) => {
  await login(page, TEACHER);
  await page.goto("/types/T01/new");
  await expect(page.getByRole("heading", { name: /课程教学工作量/ })).toBeVisible();
  expect(await courseOptions(page, "人工智能")).toEqual([NEW_COURSE]);
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").filter({ hasText: NEW_COURSE }).click();
  // 开课主管单位 follows the chosen course
  await expect(page.locator(".ant-select").filter({ has: page.getByRole("combobox", { name: "开课主管单位" }) })).toContainText("教务部");
  await snap(page, "12-refdata-teacher-form");
  expect(await courseOptions(page, RETIRED)).toEqual([]);
  await expect(page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")).toContainText("没有匹配的选项");
  await snap(page, "12-refdata-teacher-retired-not-offered");
  expect(await courseOptions(page, "数学")).toContain("高等数学");
});

test("the teacher's 课程教学工作量 list shows its 合计 beside the columns pinned right", async ({ page }) => {
  // the list is wider than the page (it scrolls, 审核状态 and 附件 stay pinned right); the 合计 row must not
  // be painted over by a summary cell pinned with them
  await login(page, TEACHER);
  await page.goto("/types/T01");
  const summary = page.locator(".ant-table-summary");
  await expect(summary).toContainText("合计");
  const label = summary.getByText("合计", { exact: true });
  const box = (await label.boundingBox())!;
  const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.textContent ?? "",
    [box.x + box.width / 2, box.y + box.height / 2]);
  expect(onTop).toBe("合计");
  await snap(page, "12-refdata-teacher-list-total");
});
