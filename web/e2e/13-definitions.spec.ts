import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { Api, SCREENSHOTS, TEACHER, login, pick, snap } from "./support";

// Issue 14 in the browser: the 流程管理员 (processadmin) opens workload_approval in the modeler, edits the
// condition of the unit review's 通过 flow, validates (a lint error with its line), fixes it, previews a T01
// route under the current version and the draft, and deploys a new version. The edit keeps the route the same
// (`decision == "approve"`), so the specs after this one see the same routing.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const PROCESS_ADMIN = "processadmin";

async function setCondition(page: Page, text: string): Promise<void> {
  const field = page.getByRole("textbox", { name: "条件表达式" });
  await field.fill(text);
  await page.getByRole("button", { name: "应用" }).click();
}

test("a process admin edits a flow condition, validates, fixes the lint error, previews and deploys", async ({ page }) => {
  await login(page, PROCESS_ADMIN);
  await expect(page).toHaveURL(/\/process-admin/);
  await expect(page.getByRole("tab", { name: /流程（\d+）/ })).toBeVisible();
  await expect(page.getByText("教职工业绩审核流程").first()).toBeVisible();
  await snap(page, "13-definitions-list");

  await page.getByRole("button", { name: /展开行|Expand row/ }).first().click();
  await expect(page.getByRole("button", { name: "导出 v1" }).first()).toBeVisible();
  await snap(page, "13-definitions-versions");

  await page.getByRole("button", { name: /编辑 教职工业绩审核流程/ }).click();
  await expect(page).toHaveURL(/\/process-admin\/drafts\/\d+/);
  await expect(page.getByRole("region", { name: "流程建模器" }).locator(".djs-container")).toBeVisible();

  await page.locator('[data-element-id="f_unit_approve_label"]').click({ force: true });     // the flow's label 通过
  await expect(page.getByRole("textbox", { name: "条件表达式" })).toHaveValue("decision == 'approve'");
  await setCondition(page, "decision = 'approve'");
  await snap(page, "13-definitions-modeler-edit");

  await page.getByRole("button", { name: /校\s*验/ }).click();
  const verdict = page.getByRole("alert").filter({ hasText: "校验未通过" });
  await expect(verdict).toBeVisible();
  await expect(verdict).toContainText(/line \d+: bpmn:conditionExpression 'decision = 'approve''/);
  await snap(page, "13-definitions-lint-error");

  await setCondition(page, 'decision == "approve"');
  await page.getByRole("button", { name: /校\s*验/ }).click();
  await expect(page.getByText("校验通过", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: /路线预览/ }).click();
  const drawer = page.locator(".ant-drawer-content");
  await expect(drawer.getByRole("button", { name: "预览路线" })).toBeInViewport();
  await pick(page, "记录类型", /^T01 /);
  await drawer.getByRole("textbox", { name: "填报人账号" }).fill("02010001");
  const sample = drawer.getByRole("textbox", { name: "示例表单数据" });
  await sample.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type('{"course_owner_dept": "保卫部"');
  await drawer.getByRole("button", { name: "预览路线" }).click();
  const current = drawer.getByRole("region", { name: /路线：当前版本 v1/ });
  const draft = drawer.getByRole("region", { name: /路线：草稿/ });
  await expect(current).toContainText("保卫部");
  await expect(current).toContainText("黄磊（02019001）");
  await expect(draft).toContainText("路线相同");
  await page.screenshot({ path: path.join(SCREENSHOTS, "13-definitions-route-preview.png") });   // the drawer as seen
  await page.locator(".ant-drawer-close").click();

  await page.getByRole("button", { name: /部\s*署/ }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: /部\s*署/ }).click();
  const done = page.getByRole("dialog").filter({ hasText: "部署成功" });
  await expect(done).toContainText("流程 workload_approval v2");
  await page.screenshot({ path: path.join(SCREENSHOTS, "13-definitions-deployed.png") });
  await done.getByRole("button", { name: "返回流程定义" }).click();
  await expect(page).toHaveURL(/\/process-admin\?kind=process/);
});

test("the new version is listed with who deployed it; the DMN editor and the form editor open", async ({ page, playwright, baseURL }) => {
  const api = await Api.as(playwright, baseURL, PROCESS_ADMIN);
  const definitions = await api.call("GET", "/api/v1/process-admin/definitions");
  const process = definitions.find((d: { key: string }) => d.key === "workload_approval");
  expect(process.versions[0]).toMatchObject({ version: 2, deployed_by: PROCESS_ADMIN });

  await login(page, PROCESS_ADMIN);
  await page.getByRole("tab", { name: /决策表/ }).click();
  await page.getByRole("button", { name: /编辑 审核环节/ }).click();
  const table = page.getByRole("region", { name: "决策表编辑器" });
  await expect(table.locator(".tjs-table")).toBeVisible();
  await snap(page, "13-definitions-dmn");
  const cell = table.locator("td").filter({ hasText: /^"G01"$/ }).first();
  await cell.click();
  await page.keyboard.press("End");
  await page.keyboard.type(".upper()");
  await page.getByRole("button", { name: /校\s*验/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "校验未通过" })).toContainText(/line \d+: input entry/);
  await snap(page, "13-definitions-dmn-lint");
  await page.getByRole("button", { name: /放弃草稿/ }).click();
  await page.getByRole("button", { name: /^放\s*弃$/ }).click();
  await expect(page).toHaveURL(/\/process-admin\?kind=decision/);

  await page.getByRole("tab", { name: /表单/ }).click();
  await page.getByRole("searchbox", { name: "筛选定义" }).fill("T04");
  await page.getByRole("button", { name: /编辑 其他上级部门要求承办的各类考试/ }).click();
  await expect(page.getByRole("textbox", { name: "表单定义" })).toBeVisible();
  await expect(page.locator(".definition-form-preview").getByText("考核年度").first()).toBeVisible();
  await snap(page, "13-definitions-form");
});

test("an instance on the old version is shown in 实例迁移 and moved onto the current version", async ({ page, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true,
    data: { assessment_year: 2025, task_type: "监考", sessions: 1, exam_type: "大学四级考试" },
  }, 201);
  // the condition edited in the first test is written back as it was: a new version, the same route
  const admin = await Api.as(playwright, baseURL, PROCESS_ADMIN);
  const draft = await admin.call("POST", "/api/v1/process-admin/drafts", { kind: "process", key: "workload_approval" });
  const source: string = draft.source;
  expect(source).toContain('decision == "approve"');
  await admin.call("PUT", `/api/v1/process-admin/drafts/${draft.id}`, { source: source.replace('decision == "approve"', "decision == 'approve'") });
  await admin.call("POST", `/api/v1/process-admin/drafts/${draft.id}/deploy`, undefined, 201);

  await login(page, PROCESS_ADMIN);
  await page.getByRole("link", { name: /实例迁移 教职工业绩审核流程/ }).click();
  await expect(page).toHaveURL(/\/process-admin\/migration\/workload_approval/);
  // earlier specs leave instances of their own on old versions: this test follows its record's row
  const row = page.getByRole("row").filter({ has: page.locator(`a[href="/records/${record.id}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("可以迁移");
  await expect(row).toContainText("二级单位审核");
  await expect(row).toContainText("v2");
  await snap(page, "13-definitions-migration");
  await page.getByRole("button", { name: /批量迁移可迁移的实例（\d+）/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: /迁\s*移/ }).click();
  await expect(page.getByText(/已迁移 [1-9]\d* 个实例，0 个未迁移/)).toBeVisible();
  await expect(row).toHaveCount(0);
  await snap(page, "13-definitions-migrated");
  expect(record.id).toBeGreaterThan(0);
});
