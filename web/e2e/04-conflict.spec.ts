import { expect, test } from "@playwright/test";
import { Api, DEPT_JWB, HR, HR_2, login, signIfAsked, snap } from "./support";

const TEACHER_WXY = "03010001"; // 王芳, 文学院
const UNIT_ADMIN_WXY = "03019001"; // 林娜, 文学院

// Two 人力资源部 reviewers open the same task; the first approves, the second then gets the 409
// 「该记录已由 潘婷 于 hh:mm 处理」 and the inbox is refreshed.
test("a second reviewer acting on an already-completed task sees the 409 message", async ({ browser, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER_WXY);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true,
    data: { assessment_year: 2025, task_type: "考务", sessions: 2, exam_type: "全国大学英语四六级考试" },
  }, 201);
  for (const account of [UNIT_ADMIN_WXY, DEPT_JWB]) {
    const reviewer = await Api.as(playwright, baseURL, account);
    await reviewer.approve(record.id);
    await reviewer.dispose();
  }
  await teacher.dispose();

  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  for (const [page, account] of [[first, HR], [second, HR_2]] as const) {
    await login(page, account);
    await page.goto(`/review/records/${record.id}`);
    await expect(page.getByText("审核（人力资源部审核）")).toBeVisible();
    await signIfAsked(page);
  }

  await first.getByRole("button", { name: /确\s*定/ }).click();
  await expect(first.getByText("审核通过成功")).toBeVisible();

  await second.getByRole("button", { name: /确\s*定/ }).click();
  const dialog = second.getByRole("dialog");
  await expect(dialog).toContainText("无法审核");
  await expect(dialog).toContainText(/该记录已由 潘婷 于 \d{2}:\d{2} 处理/);
  await snap(second, "12-review-conflict-409");
  await dialog.getByRole("button", { name: /知道了|确\s*定|OK/ }).click();
  await expect(second.getByText("审核（人力资源部审核）")).toHaveCount(0);
  await first.context().close();
  await second.context().close();
});
