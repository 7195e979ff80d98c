import { expect, test } from "@playwright/test";
import { TEACHER, expectAccessible, login, snap } from "./support";

test("login: a wrong password shows the server's message; the right one opens 我的业绩", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "人事业绩填报与审核平台" })).toBeVisible();
  await snap(page, "01-login");
  await expectAccessible(page, "login");

  await page.getByLabel("账号").fill(TEACHER);
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page.getByRole("alert")).toContainText("账号或密码错误");
  await expect(page).toHaveURL(/\/login/);

  await login(page, TEACHER);
  await expect(page).toHaveURL(/\/my$/);
});

test("an anonymous visit to a client route goes to the login page and back after login", async ({ page }) => {
  await page.goto("/types/T04");
  await expect(page).toHaveURL(/\/login\?next=%2Ftypes%2FT04|\/login\?next=\/types\/T04/);
  await page.getByLabel("账号").fill(TEACHER);
  await page.getByLabel("密码").fill("demo-password");
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(/\/types\/T04$/);
});

test("a failed /auth/me shows an error page with 重试 and 重新登录, and 重试 opens the page", async ({ page }) => {
  await login(page, TEACHER);
  let failing = true;
  await page.route("**/api/v1/auth/me", (route) => failing
    ? route.fulfill({ status: 500, contentType: "application/json",
        body: JSON.stringify({ code: "internal_error", status: 500, message: "服务器内部错误，请稍后重试（请求编号 e2e）" }) })
    : route.continue());
  await page.goto("/types/T04");
  await expect(page.getByText("无法加载账号信息")).toBeVisible({ timeout: 15_000 });   // after the start-up's own retries
  await expect(page.getByRole("link", { name: "重新登录" })).toBeVisible();
  await snap(page, "01-me-failed");
  failing = false;
  await page.getByRole("button", { name: "重试" }).click();
  await expect(page.getByRole("navigation", { name: "侧边菜单" })).toBeVisible();
  await expect(page).toHaveURL(/\/types\/T04$/);
});
