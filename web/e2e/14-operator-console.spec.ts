import { expect, test, type Page } from "@playwright/test";
import { Api, login, snap } from "./support";

const TEACHER_JGY = "06010001"; // 吴敏, 经济与管理学院
const UNIT_ADMIN_JGY = "06019001"; // 宋佳, the only 二级单位管理员 of 经济与管理学院
const UNIT_ADMIN_WGY = "07019001"; // 唐蕾, 二级单位管理员 of 外国语学院
const OPERATOR = "operator"; // 运维值班, 运维人员

/** The JS files this document loaded (resource timing: cached loads count too). */
async function scripts(page: Page): Promise<string[]> {
  return page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".js")));
}
const ECHARTS = /installCanvasRenderer|OperationsCharts/;

// A unit loses its only reviewer: the task waiting there shows in 卡住的流程 › 无人可审; the 运维人员 reassigns
// it to a named reviewer of another unit (with 操作原因), who then finds it in his inbox and approves it.
// ECharts loads on the 运维总览 only.
test("an operator sees a stuck task and reassigns it; the dashboard draws its charts", async ({ page, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER_JGY);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true, data: { assessment_year: 2025, task_type: "监考", sessions: 2, exam_type: "大学四级考试" },
  }, 201);
  await teacher.dispose();
  const sysadmin = await Api.as(playwright, baseURL, "sysadmin");
  await sysadmin.call("POST", `/api/v1/accounts/${UNIT_ADMIN_JGY}/deactivate`);
  await sysadmin.dispose();

  await login(page, OPERATOR);
  await expect(page).toHaveURL(/\/operations$/);
  await expect(page.getByRole("heading", { name: "运维总览" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^流程实例状态：运行中 \d+ 个/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^各环节待审核任务：二级单位审核 \d+ 个/ })).toBeVisible();
  await expect(page.locator("canvas")).toHaveCount(3);
  expect((await scripts(page)).some((s) => ECHARTS.test(s))).toBe(true);
  await snap(page, "40-operator-dashboard");

  await page.goto("/operations/stuck");
  await expect(page.getByRole("heading", { name: "卡住的流程" })).toBeVisible();
  expect((await scripts(page)).filter((s) => ECHARTS.test(s))).toEqual([]);      // no echarts off the dashboard
  await page.getByRole("tab", { name: /^无人可审\(\d+\)$/ }).click();
  const row = page.locator(".ant-table-row", { hasText: "吴敏" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("二级单位管理员 · 经济与管理学院");
  await snap(page, "41-operator-stuck-view");

  await row.getByRole("button", { name: /^改派/ }).click();
  const dialog = page.getByRole("dialog", { name: "改派" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: /确\s*定/ }).click();
  await expect(dialog.getByRole("alert")).toHaveText("请选择改派给谁");
  await dialog.getByLabel("改派给").fill("唐蕾");
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
    .filter({ hasText: "唐蕾（07019001）" }).click();
  await dialog.getByLabel("操作原因").fill("经济与管理学院暂无在岗的二级单位管理员，临时改派");
  await snap(page, "42-operator-reassign-dialog");
  await dialog.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("改派成功")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.locator(".ant-table-row", { hasText: "吴敏" })).toHaveCount(0);

  const tang = await Api.as(playwright, baseURL, UNIT_ADMIN_WGY);
  const taskId = await tang.taskFor(record.id);
  expect(taskId).toBeDefined();
  const batch = await tang.call("POST", "/api/v1/tasks/batch", { action: "approve", task_ids: [taskId] });
  expect(batch.succeeded).toBe(1);
  await tang.dispose();

  await page.goto("/operations/instances");
  await expect(page.getByRole("heading", { name: "流程实例" })).toBeVisible();
  await expect(page.locator(".ant-table-row", { hasText: "吴敏" }).first()).toBeVisible();
  // at 1280 × 800 where a record is and how it stands read without scrolling: 当前环节 and 状态 lie inside the
  // table's box, left of the 操作 column pinned right
  const box = (await page.locator(".ant-table-container").first().boundingBox())!;
  const ops = (await page.getByRole("columnheader", { name: "操作" }).boundingBox())!;
  for (const title of ["当前环节", "状态"]) {
    const header = (await page.getByRole("columnheader", { name: title, exact: true }).boundingBox())!;
    expect(header.x).toBeGreaterThanOrEqual(box.x);
    expect(header.x + header.width, title).toBeLessThanOrEqual(ops.x + 1);
  }
  await snap(page, "43-operator-instances");
});
