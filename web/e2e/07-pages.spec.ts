import { expect, test } from "@playwright/test";
import { TEACHER, login, snap } from "./support";

// The remaining main pages of the teacher, after the seed-000 scenario (02) has run: 我的业绩 with its
// ring chart, the notification bell leading to the record, 撤回记录.
test("我的业绩, the notification bell and 撤回记录", async ({ page }) => {
  await login(page, TEACHER);
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole("heading", { name: "我的业绩" })).toBeVisible();
  await expect(page.getByText("审核状态分布")).toBeVisible();
  await expect(page.locator("canvas").first()).toBeVisible();         // echarts, loaded on demand
  await snap(page, "13-dashboard");

  await page.getByRole("button", { name: /^通知/ }).click();
  const returned = page.getByRole("link", { name: "其他上级部门要求承办的各类考试（个人）被退回" }).first();
  await expect(returned).toBeVisible();
  await snap(page, "14-notifications");
  await returned.click();
  await expect(page).toHaveURL(/\/records\/\d+$/);

  await page.goto("/withdrawals");
  await expect(page.getByRole("heading", { name: "撤回记录" })).toBeVisible();
  await expect(page.locator(".ant-skeleton")).toHaveCount(0);
  await snap(page, "15-withdrawals");
});
