import { expect, test } from "@playwright/test";
import { Api, DEPT_JWB, drawSignature, login, snap } from "./support";

const TEACHER_WXY = "03010001"; // 王芳, 文学院
const UNIT_ADMIN_WXY = "03019001"; // 林娜, 文学院
const YEAR = 2024; // this spec's records only: the other specs file 2025

// A 教务部 reviewer draws the e-signature the first single review asks for and approves one record
// (catalog §5.2; the 审核记录 shows the signature), then filters the inbox by 考核年度 and
// batch-approves the filtered page without a signature (§5.3): the result dialog lists every record as 成功.
test("教务部 draws a signature and approves one record, then batch-approves a filtered page", async ({ page, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER_WXY);
  const ids: number[] = [];
  for (let i = 1; i <= 6; i++) {
    const record = await teacher.call("POST", "/api/v1/records", {
      record_type: "T04", submit: true,
      data: { assessment_year: YEAR, task_type: "考务", sessions: i, exam_type: "全国大学英语四六级考试" },
    }, 201);
    ids.push(record.id);
  }
  await teacher.dispose();
  const unit = await Api.as(playwright, baseURL, UNIT_ADMIN_WXY);
  const inbox = await unit.call("GET", `/api/v1/tasks?record_type=T04&year=${YEAR}&page_size=50`);
  const batch = await unit.call("POST", "/api/v1/tasks/batch", { action: "approve", task_ids: inbox.items.map((t: any) => t.id) });
  expect(batch.succeeded).toBe(6);
  await unit.dispose();

  await login(page, DEPT_JWB);
  await page.goto("/review/T04");
  await page.getByLabel("考核年度").fill(String(YEAR));
  await expect(page.getByRole("tab", { name: "待审核(6)" })).toBeVisible();
  const rows = page.locator(".ant-table-tbody tr.ant-table-row");
  await expect(rows).toHaveCount(6);
  await rows.first().getByRole("link", { name: "审核" }).click();
  await expect(page.getByText("审核（职能部门审核）")).toBeVisible();
  const reviewUrl = page.url();
  await expect(page.getByRole("img", { name: "签名板" }).or(page.getByAltText("我的电子签名"))).toBeVisible();
  if (await page.getByRole("img", { name: "签名板" }).isVisible()) {   // 邓超's first single review
    await expect(page.getByText("第一次审核时需要个人电子签名，请在下方签名并保存")).toBeVisible();
    await page.getByRole("button", { name: /确\s*定/ }).click();      // refused in the browser: no signature yet
    await expect(page.getByText("审核通过成功")).toHaveCount(0);
    await drawSignature(page);
  } else {                                                              // signed in an earlier spec: draw a new version
    await page.goto("/settings");
    await drawSignature(page);
    await expect(page.getByText(/电子签名已保存（第 \d+ 版）/)).toBeVisible();
    await snap(page, "20-settings-new-signature");
    await page.goto(reviewUrl);
  }
  await expect(page.getByAltText("我的电子签名")).toBeVisible();
  await page.getByRole("radio", { name: "审核通过" }).check({ force: true });
  await snap(page, "21-single-review-signed");
  const reviewed = reviewUrl.match(/\/review\/records\/(\d+)/)![1];
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("审核通过成功")).toBeVisible();
  await page.goto(`/records/${reviewed}`);
  const trail = page.getByRole("img", { name: /邓超的电子签名（第 \d+ 版）/ });
  await trail.scrollIntoViewIfNeeded();
  await expect(trail).toBeVisible();
  await snap(page, "22-trail-with-signature");

  await page.goto("/review/T04");
  await page.getByLabel("考核年度").fill(String(YEAR));
  await expect(page.getByRole("tab", { name: "待审核(5)" })).toBeVisible();
  await expect(rows).toHaveCount(5);
  await page.locator(".ant-table-thead .ant-checkbox-input").check();
  await expect(page.getByText("已选择 5 条。")).toBeVisible();
  await snap(page, "23-batch-selected");
  await page.getByRole("button", { name: "批量审核（5 条）" }).click();
  const dialog = page.getByRole("dialog", { name: "批量审核" });
  await expect(dialog.getByText("该操作无需个人电子签名")).toBeVisible();
  await dialog.getByLabel("审核意见").fill("同意");
  await snap(page, "24-batch-dialog");
  await dialog.getByRole("button", { name: /确\s*定/ }).click();
  const result = page.getByRole("dialog", { name: "批量审核结果" });
  await expect(result.getByText("成功 5 条，失败 0 条")).toBeVisible();
  await expect(result.getByText("成功", { exact: true })).toHaveCount(5);
  await snap(page, "25-batch-result");
  await result.getByRole("button", { name: /关\s*闭/ }).click();
  await expect(page.getByText("暂无待审核记录")).toBeVisible();
});
