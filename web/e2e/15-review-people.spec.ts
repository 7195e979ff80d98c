import { expect, test, type Page } from "@playwright/test";
import { Api, DEPT_JWB, HR, HR_2, TEACHER, UNIT_ADMIN, drawSignature, login, signIfAsked, snap } from "./support";

// 转交 and 委托 (issue 11 conventions) and 扫码签名 (catalog §5.2) in the browser.

/** An antd Select's visible option (the listbox options are for screen readers). */
function option(page: Page, text: string | RegExp) {
  return page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").filter({ hasText: text }).first();
}

async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: /潘婷|蒋文/ }).click();
  await page.getByRole("menuitem", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A T04 record of 赵志睿 approved by the unit and 教务部 through the API, waiting on 人力资源部. */
async function recordAtHr(playwright: Parameters<typeof Api.as>[0], baseURL: string | undefined): Promise<number> {
  const teacher = await Api.as(playwright, baseURL, TEACHER);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true,
    data: { assessment_year: 2025, task_type: "监考", sessions: 2, exam_type: "大学四级考试" },
  }, 201);
  await teacher.dispose();
  for (const account of [UNIT_ADMIN, DEPT_JWB]) {
    const reviewer = await Api.as(playwright, baseURL, account);
    if (await reviewer.taskFor(record.id)) await reviewer.approve(record.id);
    await reviewer.dispose();
  }
  const hr = await Api.as(playwright, baseURL, HR);
  expect(await hr.taskFor(record.id), "the record waits on 人力资源部").toBeTruthy();
  await hr.dispose();
  return record.id;
}

// 潘婷 hands the record to 蒋文 (the API lists the step's other reviewers); it leaves her inbox, and 蒋文
// approves it; the 审核记录 shows 转交 → 蒋文 and his approval.
test("a reviewer 转交 a task and the colleague approves it", async ({ page, playwright, baseURL }) => {
  const recordId = await recordAtHr(playwright, baseURL);
  await login(page, HR);
  await page.goto(`/review/records/${recordId}`);
  await expect(page.getByText("审核（人力资源部审核）")).toBeVisible();
  await page.getByRole("button", { name: "转交", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "转交" });
  await dialog.getByLabel("转交给").click();
  await option(page, "蒋文（90070002）").click();
  await dialog.getByLabel("转交说明").fill("本周出差，请蒋文老师审核");
  await snap(page, "40-transfer-dialog");
  await dialog.getByRole("button", { name: "确定转交" }).click();
  await expect(page.getByText("已转交给蒋文")).toBeVisible();
  await expect(page).toHaveURL(/\/review\/T04$/);
  await page.goto(`/review/records/${recordId}`);
  await expect(page.getByText("审核（人力资源部审核）")).toHaveCount(0);     // no longer hers to decide
  await logout(page);

  await login(page, HR_2);
  await page.goto("/review/T04");
  await expect(page.locator(".ant-table-row", { hasText: "转交给我" })).toHaveCount(1);     // marked in his inbox
  await snap(page, "41-inbox-transferred-to-me");
  await page.goto(`/review/records/${recordId}`);
  await expect(page.getByText("审核（人力资源部审核）")).toBeVisible();
  await signIfAsked(page);
  await page.getByRole("radio", { name: "审核通过" }).check({ force: true });
  await snap(page, "42-transferred-task-review");
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("审核通过成功")).toBeVisible();
  await page.goto(`/records/${recordId}`);
  const trail = page.locator(".ant-table-row", { hasText: "转交" });
  await expect(trail.getByText("→ 蒋文（90070002）")).toBeVisible();
  await expect(trail.getByText("本周出差，请蒋文老师审核")).toBeVisible();
  await expect(page.getByRole("img", { name: /蒋文的电子签名/ })).toBeVisible();
  await trail.scrollIntoViewIfNeeded();
  await snap(page, "43-trail-transfer");
});

// 潘婷 delegates her review tasks to 蒋文 for a week in 个人设置 (both see it; she revokes it), and
// replaces her signature by 扫码签名: the phone page signs, the PC page notices.
test("a 委托 is created in 个人设置, and a signature is made by 扫码签名", async ({ page, browser, baseURL }) => {
  await login(page, HR);
  await page.goto("/settings");
  const card = page.locator(".ant-card", { hasText: "我委托的" });
  await expect(card.getByText("人力资源部 · 人力资源部审核员")).toBeVisible();
  await card.getByLabel("受托人").click();
  await option(page, "蒋文（90070002）").click();
  const school = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" });     // YYYY-MM-DD, the school's date
  const day = (offset: number) => school.format(new Date(Date.now() + offset * 86_400_000));
  const start = card.getByPlaceholder("开始日期");
  await start.click();
  await start.fill(day(0));
  await start.press("Enter");
  const end = card.getByPlaceholder("结束日期");
  await end.fill(day(6));
  await end.press("Enter");
  await card.getByLabel("委托说明").fill("出差");
  await card.getByRole("button", { name: "新增委托" }).click();
  await expect(page.getByText(`已委托蒋文（${day(0)} 至 ${day(6)}）`)).toBeVisible();
  const given = card.locator(".ant-table-row", { hasText: "蒋文（90070002）" });
  await expect(given.getByText("生效中")).toBeVisible();
  await snap(page, "44-settings-delegation");

  const qr = page.waitForResponse((r) => r.url().endsWith("/api/v1/me/signature/qr") && r.request().method() === "POST");
  await page.getByRole("tab", { name: "扫码签名" }).click();
  const url: string = (await (await qr).json()).url;
  await expect(page.getByRole("img", { name: "扫码签名二维码" })).toBeVisible();
  await expect(page.getByText(/等待手机签名/)).toBeVisible();
  await snap(page, "45-settings-qr");

  const phone = await browser.newContext({ viewport: { width: 390, height: 780 }, hasTouch: true, isMobile: true });
  const mobile = await phone.newPage();
  await mobile.goto(url.replace(/^https?:\/\/[^/]+/, baseURL ?? ""));
  await expect(mobile.getByText("潘婷，请在下方框内用手指签名")).toBeVisible();
  await snap(mobile, "46-mobile-sign-page");
  await drawSignature(mobile);
  await expect(mobile.getByText("签名已保存", { exact: true })).toBeVisible();
  await snap(mobile, "47-mobile-signed");
  await mobile.goto(url.replace(/^https?:\/\/[^/]+/, baseURL ?? ""));             // single use
  await expect(mobile.getByText("二维码已使用过，请在电脑上重新生成")).toBeVisible();
  await phone.close();
  await expect(page.getByText(/手机签名已完成（第 \d+ 版）/)).toBeVisible({ timeout: 15_000 });
  await snap(page, "48-settings-qr-signed");

  await logout(page);
  await login(page, HR_2);
  await page.goto("/settings");
  const received = page.locator(".ant-table-row", { hasText: "潘婷（90070001）" });
  await expect(received.getByText("生效中")).toBeVisible();
  await logout(page);

  await login(page, HR);
  await page.goto("/settings");
  await given.getByRole("button", { name: "撤销" }).click();
  await page.getByRole("button", { name: "撤销", exact: true }).last().click();
  await expect(page.getByText("委托已撤销")).toBeVisible();
  await expect(given.getByText("已撤销")).toBeVisible();
});
