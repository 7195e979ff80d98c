import { expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { signaturePng } from "./files";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const PASSWORD = "demo-password";
export const TEACHER = "01090023"; // 赵志睿, 教师工作部 (seed 000)
export const UNIT_ADMIN = "10019001"; // 曹阳, 二级单位管理员 of 教师工作部
export const DEPT_JWB = "90010001"; // 邓超, 教务部
export const HR = "90070001"; // 潘婷, 人力资源部
export const HR_2 = "90070002"; // 蒋文, 人力资源部

export const SCREENSHOTS = path.resolve(HERE, "..", "test-results", "screenshots");

/** Save a full-page screenshot of a main page as test-results/screenshots/<name>.png, once it has
 *  settled: no skeleton or spinner left, and the bpmn-js diagram drawn where the page has one. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await expect(page.locator(".ant-spin-spinning, .ant-skeleton")).toHaveCount(0);
  await page.waitForFunction(() => [...document.querySelectorAll(".ant-spin-container")]     // the veil of a load fades out
    .every((el) => getComputedStyle(el).opacity === "1"));
  if (await page.getByText("流程图", { exact: true }).count()) {
    await expect(page.locator(".djs-container")).toBeVisible();
  }
  await page.evaluate(() => window.scrollTo(0, 0));     // sticky header and menu drawn at the top
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Log in through the login page (账号, 密码, 登录) and wait until the app has left it. */
/** An antd Select: open it by its label, then click the option showing `option`, and wait for the list to close. */
export async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  // a click that lands while a drawer or the page is still settling may not open the list: click again then
  const open = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  await expect(async () => {
    if (!(await open.first().isVisible())) await page.getByRole("combobox", { name: label }).click({ force: true });
    await expect(open.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await open.locator(".ant-select-item-option").filter({ hasText: option }).first().click();
  await expect(open).toHaveCount(0);
}

export async function login(page: Page, account: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("账号").fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
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

/** The ``X-CSRFToken`` header the login form sends (the login needs it too, issue 8): GET /auth/csrf first. */
export async function csrfHeader(request: APIRequestContext): Promise<Record<string, string>> {
  const answer = await request.get("/api/v1/auth/csrf");
  return { "X-CSRFToken": (await answer.json()).csrf_token };
}

/** An API session of one account, for set-up steps that are not what a test proves (cookie login + CSRF). */
export class Api {
  private constructor(readonly account: string, private readonly request: APIRequestContext,
                      private readonly csrf: string) {}

  static async as(playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } },
                  baseURL: string | undefined, account: string, password = PASSWORD): Promise<Api> {
    const request = await playwright.request.newContext({ baseURL });
    const response = await request.post("/api/v1/auth/login", {
      data: { account, password }, headers: await csrfHeader(request) });
    expect(response.status(), await response.text()).toBe(200);
    return new Api(account, request, (await response.json()).csrf_token);
  }

  async call(method: string, url: string, data?: unknown, expected = 200): Promise<any> {
    const response = await this.request.fetch(url, { method, data, headers: { "X-CSRFToken": this.csrf } });
    expect(response.status(), `${this.account} ${method} ${url}: ${await response.text()}`).toBe(expected);
    return response.status() === 204 ? null : response.json();
  }

  /** The caller's open inbox item on ``recordId`` (its task id), or undefined. */
  async taskFor(recordId: number): Promise<number | undefined> {
    const inbox = await this.call("GET", "/api/v1/tasks?page_size=200");
    return inbox.items.find((item: any) => item.record.id === recordId)?.id;
  }

  /** Store an e-signature when the account has none yet (set-up: single reviews need one, catalog §5.2). */
  async ensureSignature(): Promise<void> {
    if ((await this.call("GET", "/api/v1/me/signature")).has_signature) return;
    await this.call("PUT", "/api/v1/me/signature", { image: signaturePng().toString("base64") }, 201);
  }

  async approve(recordId: number): Promise<void> {
    const task = await this.taskFor(recordId);
    expect(task, `${this.account} has no task on record ${recordId}`).toBeTruthy();
    await this.ensureSignature();
    await this.call("POST", `/api/v1/tasks/${task}/complete`, { action: "approve" });
  }

  async dispose(): Promise<void> {
    await this.request.dispose();
  }
}

/** Draw a signature on the pad (签名板) with the mouse and save it (the first single review asks for one). */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.getByRole("img", { name: "签名板" });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error("签名板 not visible");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 40, y + 20);
  await page.mouse.down();
  for (const [dx, dy] of [[90, -40], [150, 30], [220, -30], [300, 25], [380, -10]]) {
    await page.mouse.move(box.x + dx, y + dy, { steps: 6 });
  }
  await page.mouse.up();
  await page.getByRole("button", { name: /保存(新)?签名/ }).click();
  await expect(page.getByText(/电子签名已保存/).first()).toBeVisible();
}

/** On the decision panel: draw and save the signature when the panel asks for one. */
export async function signIfAsked(page: Page): Promise<void> {
  const pad = page.getByRole("img", { name: "签名板" });
  await expect(pad.or(page.getByAltText("我的电子签名"))).toBeVisible();     // once the signature state is known
  if (await pad.isVisible()) await drawSignature(page);
  await expect(page.getByAltText("我的电子签名")).toBeVisible();
}

/** A downloaded import template with `rows` appended under its header (openpyxl of the project's venv). */
export function filled(template: string, rows: unknown[][], out: string): string {
  const python = process.env.E2E_PYTHON ?? path.resolve(HERE, "..", "..", ".venv", "bin", "python");
  execFileSync(python, ["-c", [
    "import json, sys; from openpyxl import load_workbook",
    "wb = load_workbook(sys.argv[1]); ws = wb.worksheets[0]",
    "[ws.append(r) for r in json.loads(sys.argv[2])]",
    "wb.save(sys.argv[3])",
  ].join("\n"), template, JSON.stringify(rows), out]);
  return out;
}
