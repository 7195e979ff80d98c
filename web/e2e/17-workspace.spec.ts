import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { Api, DEPT_JWB, login, snap, TEACHER, UNIT_ADMIN } from "./support";

const TEACHER_WXY = "03010001"; // 王芳, 文学院
const UNIT_ADMIN_WXY = "03019001"; // 林娜, 文学院
const YEAR = 2023; // this spec's records only

/** Today on the school's clock (the day the records below are submitted), as YYYY-MM-DD. */
function schoolToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

async function pickOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole("combobox", { name: label }).click();
  await page.locator(".ant-select-dropdown:visible").getByText(option, { exact: true }).click();
  await expect(page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")).toHaveCount(0);   // closed, not fading
}

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(page: Page, selector: string | ReturnType<Page["locator"]>): Promise<Box> {
  const box = await (typeof selector === "string" ? page.locator(selector) : selector).boundingBox();
  if (!box) throw new Error(`${String(selector)} is not on the page`);
  return box;
}

/** At 1280×800 the 待审核 table fits its card (no scrolling inside it), every header whole inside the card;
 *  the filters lie in a grid of equal cells, the first four on one row. */
async function expectInboxFits(page: Page): Promise<void> {
  const card = await boxOf(page, "main .ant-card");
  for (const name of ["提交时间", "标记", "当前环节", "所属部门"]) {
    const header = await boxOf(page, page.getByRole("columnheader", { name, exact: true }));
    expect(header.x, `${name} starts inside the card`).toBeGreaterThanOrEqual(card.x);
    expect(header.x + header.width, `${name} ends inside the card`).toBeLessThanOrEqual(card.x + card.width);
  }
  const scroller = page.locator(".inbox-table").locator("xpath=..");
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const timeLines = await page.locator(".inbox-table").evaluate((table) => {    // 提交时间 of the first row
    const column = [...table.querySelectorAll("thead th")].findIndex((th) => th.textContent === "提交时间");
    const cell = table.querySelector("tbody tr.ant-table-row")!.children[column];
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(timeLines, "提交时间 on one line").toBe(1);
  const controls = [page.getByLabel("姓名/账号"), page.getByLabel("考核年度"), page.getByRole("combobox", { name: "环节" }),
    page.getByPlaceholder("提交时间起")];
  const cells = await Promise.all(controls.map((control) => boxOf(page, page.locator(".ant-col").filter({ has: control }).last())));
  for (const cell of cells) {
    expect(cell.y).toBe(cells[0].y);
    expect(Math.abs(cell.width - cells[0].width)).toBeLessThanOrEqual(1);
  }
}

async function shownTotal(page: Page): Promise<string> {
  return (await page.locator(".ant-table-summary td").nth(1).innerText()).trim();
}

// A 教务部 reviewer narrows the 待审核 list of T04 by 考核年度, 所属单位 and a 提交时间 range (catalog §5.4): the
// 合计 follows the filtered rows, 导出 downloads exactly those rows, and the filters live in the URL so a
// reload (or a shared link) shows the same list.
test("教务部 filters by unit and date range, sees the 合计 change, exports, and the URL keeps the filters", async ({ page, playwright, baseURL }) => {
  for (const [account, admin, sessions] of [[TEACHER_WXY, UNIT_ADMIN_WXY, [2, 3, 4]], [TEACHER, UNIT_ADMIN, [1, 5]]] as const) {
    const teacher = await Api.as(playwright, baseURL, account);
    for (const n of sessions) {
      await teacher.call("POST", "/api/v1/records", { record_type: "T04", submit: true,
        data: { assessment_year: YEAR, task_type: "监考", sessions: n, exam_type: "大学四级考试" } }, 201);
    }
    await teacher.dispose();
    const unit = await Api.as(playwright, baseURL, admin);
    const batch = await unit.call("POST", "/api/v1/tasks/batch", { action: "approve", filter: { record_type: "T04", year: YEAR } });
    expect(batch.succeeded).toBe(sessions.length);
    await unit.dispose();
  }
  const reviewer = await Api.as(playwright, baseURL, DEPT_JWB);
  const units: { id: number; name: string }[] = await reviewer.call("GET", "/api/v1/tasks/units");
  const wxy = units.find((u) => u.name === "文学院")!;
  const everything = await reviewer.call("GET", `/api/v1/tasks?record_type=T04&year=${YEAR}`);
  const ofWxy = await reviewer.call("GET", `/api/v1/tasks?record_type=T04&year=${YEAR}&unit_id=${wxy.id}`);
  await reviewer.dispose();
  expect(everything.total).toBe(5);
  expect(ofWxy.total).toBe(3);

  await login(page, DEPT_JWB);
  await page.goto("/review/T04");
  await page.getByLabel("考核年度").fill(String(YEAR));
  await expect(page).toHaveURL(new RegExp(`year=${YEAR}`));
  const rows = page.locator(".ant-table-tbody tr.ant-table-row");
  await expect(rows).toHaveCount(5);
  await expect(page.getByRole("tab", { name: "待审核(5)" })).toBeVisible();
  const before = await shownTotal(page);
  expect(Number(before)).toBe(everything.totals.workload);
  await expectInboxFits(page);
  await snap(page, "17-workspace-1-year");

  await pickOption(page, "所属单位", "文学院");
  await expect(rows).toHaveCount(3);
  await expect(page).toHaveURL(new RegExp(`unit=${wxy.id}`));
  await expect.poll(() => shownTotal(page)).toBe(String(ofWxy.totals.workload));
  expect(await shownTotal(page)).not.toBe(before);

  const today = schoolToday();
  await page.getByPlaceholder("提交时间起").click();
  await page.getByPlaceholder("提交时间起").fill(today);
  await page.getByPlaceholder("提交时间起").press("Enter");
  await page.getByPlaceholder("提交时间止").fill(today);
  await page.getByPlaceholder("提交时间止").press("Enter");
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  await expect(rows).toHaveCount(3);                  // submitted today: both ends of the range are whole days
  await expect.poll(() => shownTotal(page)).toBe(String(ofWxy.totals.workload));
  await snap(page, "17-workspace-2-unit-and-range");

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^业绩导出-\d{8}\.xlsx$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");                  // an xlsx (zip) workbook

  const filtered = page.url();
  await page.reload();
  await expect(page).toHaveURL(filtered);
  await expect(rows).toHaveCount(3);
  await expect(page.getByLabel("考核年度")).toHaveValue(String(YEAR));
  await expect(page.locator(".ant-select", { has: page.getByRole("combobox", { name: "所属单位" }) })).toContainText("文学院");
  await expect(page.getByPlaceholder("提交时间起")).toHaveValue(today);
  await expect(page.getByPlaceholder("提交时间止")).toHaveValue(today);
  await expect.poll(() => shownTotal(page)).toBe(String(ofWxy.totals.workload));
  await expectInboxFits(page);
  await snap(page, "17-workspace-3-after-reload");

  // a narrower window: the table keeps its least width and scrolls inside its card; the page itself does not
  await page.setViewportSize({ width: 1024, height: 800 });
  const scroller = page.locator(".inbox-table").locator("xpath=..");
  await expect.poll(() => scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await snap(page, "17-workspace-3b-1024");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("tab", { name: "全部" }).click();
  await expect(page).toHaveURL(/tab=all/);
  await expect(rows).toHaveCount(3);
  await expect(page).toHaveURL(new RegExp(`unit=${wxy.id}`));
  const listed = page.waitForResponse((r) => /\/api\/v1\/records\?.*status=in_review/.test(r.url()));
  await pickOption(page, "审核状态", "审核中");
  await expect(page).toHaveURL(/status=in_review/);
  await listed;
  await expect(page.locator(".ant-table-wrapper .ant-spin-spinning")).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await snap(page, "17-workspace-4-all-tab");

  await page.getByRole("button", { name: "重置" }).click();
  await expect(page).toHaveURL(/\/review\/T04\?tab=all$/);
});
