import { expect, test, type Page } from "@playwright/test";
import { Api, expectAccessible, login } from "./support";

// axe (WCAG rules) on the pages a newcomer meets: login, a type's list, the form, the detail, the
// reviewer's inbox and review page. No serious or critical violation is allowed.
const TEACHER_WLY = "04010001"; // 刘洋, 物理与电子科学学院
const UNIT_ADMIN_WLY = "04019001"; // 梁斌, 二级单位管理员 of 物理与电子科学学院
let recordId = 0;

test.beforeAll(async ({ playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER_WLY);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true,
    data: { assessment_year: 2025, task_type: "监考", sessions: 2, exam_type: "全国硕士研究生招生考试" },
  }, 201);
  recordId = record.id;
  await teacher.dispose();
});

async function settled(page: Page): Promise<void> {
  await expect(page.locator(".ant-skeleton, .ant-spin-spinning")).toHaveCount(0);
}

test("login page", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /登\s*录/ })).toBeVisible();
  await expectAccessible(page, "login");
});

test.describe("teacher pages", () => {
  test.beforeEach(async ({ page }) => login(page, TEACHER_WLY));

  test("list page", async ({ page }) => {
    await page.goto("/types/T04");
    await expect(page.locator(".ant-table-tbody tr.ant-table-row").first()).toBeVisible();
    await settled(page);
    await expectAccessible(page, "list");
  });

  test("form page", async ({ page }) => {
    await page.goto("/types/T04/new");
    await expect(page.getByLabel("考试类型")).toBeVisible();
    await settled(page);
    await expectAccessible(page, "form");
  });

  test("detail page", async ({ page }) => {
    await page.goto(`/records/${recordId}`);
    await expect(page.locator(".djs-container")).toBeVisible();
    await expect(page.getByText("审核记录")).toBeVisible();
    await settled(page);
    await expectAccessible(page, "detail");
  });
});

test.describe("reviewer pages", () => {
  test.beforeEach(async ({ page }) => login(page, UNIT_ADMIN_WLY));

  test("inbox page", async ({ page }) => {
    await page.goto("/review/T04");
    await expect(page.locator(".ant-table-tbody tr.ant-table-row").first()).toBeVisible();
    await settled(page);
    await expectAccessible(page, "inbox");
  });

  test("review page with the decision panel", async ({ page }) => {
    await page.goto(`/review/records/${recordId}`);
    await expect(page.getByText("审核（二级单位审核）")).toBeVisible();
    await settled(page);
    await expectAccessible(page, "review");
  });
});
