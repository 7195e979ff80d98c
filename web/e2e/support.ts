import { expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const PASSWORD = "demo-password";
export const TEACHER = "01090023"; // 赵志睿, 教师工作部 (seed 000)
export const UNIT_ADMIN = "10019001"; // 曹阳, 二级单位管理员 of 教师工作部
export const DEPT_JWB = "90010001"; // 邓超, 教务部
export const HR = "90070001"; // 潘婷, 人力资源部
export const HR_2 = "90070002"; // 蒋文, 人力资源部

export const SCREENSHOTS = path.resolve(__dirname, "..", "test-results", "screenshots");

/** Save a full-page screenshot of a main page as test-results/screenshots/<name>.png. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Log in through the login page (账号, 密码, 登录) and wait until the app has left it. */
export async function login(page: Page, account: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("账号").fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Log out through the user menu (the button with the person's name → 退出登录). */
export async function logout(page: Page): Promise<void> {
  await page.context().clearCookies();
  await page.evaluate(() => window.localStorage.clear());
}

/** No serious or critical axe violations on the page as it is now (the list is printed when there are). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    console.log(`axe ${label}:`, JSON.stringify(bad.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target) })), null, 1));
  }
  expect(bad.map((v) => `${v.id}: ${v.help}`), `serious/critical axe violations on ${label}`).toEqual([]);
}

/** An API session for set-up steps that are not what a test proves: cookie login + CSRF header. */
export class Api {
  private constructor(private readonly request: APIRequestContext, private readonly csrf: string) {}

  static async login(request: APIRequestContext, account: string): Promise<Api> {
    const response = await request.post("/api/v1/auth/login", { data: { account, password: PASSWORD } });
    expect(response.status(), await response.text()).toBe(200);
    const body = await response.json();
    return new Api(request, body.csrf_token);
  }

  async call(method: string, url: string, data?: unknown, expected = 200): Promise<any> {
    const response = await this.request.fetch(url, { method, data, headers: { "X-CSRFToken": this.csrf } });
    expect(response.status(), `${method} ${url}: ${await response.text()}`).toBe(expected);
    return response.status() === 204 ? null : response.json();
  }
}
