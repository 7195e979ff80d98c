import { expect, test, type Page } from "@playwright/test";
import { DEPT_JWB, HR, TEACHER, UNIT_ADMIN, login, signIfAsked, snap } from "./support";

// Seed 000 一(二)6–7 and 二(二) in the browser: 赵志睿 files the 监考 example of T04, the unit, 教务部 and
// 人力资源部 review it (one 退回 on the way), and he follows it to 已完成 with 合计 4.
test.describe.configure({ mode: "serial" });

const T04 = "其他上级部门要求承办的各类考试（个人）";
const RETURN_COMMENT = "请在备注中写明监考的考场和时间后重新提交";
let recordId = 0;

async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: /赵志睿|曹阳|邓超|潘婷|蒋文/ }).click();
  await page.getByRole("menuitem", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function openT04List(page: Page): Promise<void> {
  const item = page.getByRole("menuitem", { name: T04 });
  if (!(await item.isVisible())) await page.getByRole("menuitem", { name: "教学工作量" }).click();
  await item.click();
  await expect(page).toHaveURL(/\/types\/T04$/);
  await expect(page.getByRole("heading", { name: T04 })).toBeVisible();
}

/** The list row of the scenario's record (the table's only data row). */
function row(page: Page) {
  return page.locator(".ant-table-tbody tr.ant-table-row");
}

async function review(page: Page, account: string, action: "审核通过" | "退回", comment?: string): Promise<void> {
  await login(page, account);
  await expect(page).toHaveURL(/\/review$/);
  await page.getByRole("link", { name: new RegExp(T04) }).click();
  await expect(page).toHaveURL(/\/review\/T04$/);
  await page.locator(".ant-table-tbody tr.ant-table-row").filter({ hasText: "赵志睿" }).getByRole("link", { name: "审核" }).click();
  await expect(page).toHaveURL(new RegExp(`/review/records/${recordId}$`));
  await signIfAsked(page);
  await page.getByRole("radio", { name: action, exact: true }).check({ force: true });
  if (comment) await page.getByLabel("审核意见").fill(comment);
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText(`${action === "审核通过" ? "审核通过" : "退回"}成功`)).toBeVisible();
  await expect(page).toHaveURL(/\/review\/T04$/);
  await logout(page);
}

test("赵志睿 files the seed-000 监考 example: 保存, then 提交; the list shows 审核中", async ({ page }) => {
  await login(page, TEACHER);
  await openT04List(page);
  await expect(page.getByText("暂无数据")).toBeVisible();
  await page.getByRole("button", { name: "新增申请" }).click();
  await expect(page).toHaveURL(/\/types\/T04\/new$/);
  await expect(page.getByRole("heading", { name: `新增申请：${T04}` })).toBeVisible();

  await page.getByLabel("考核年度").fill("2025");
  await page.getByLabel("任务类型").click();
  await page.locator(".ant-select-item-option[title='监考']").click();
  await page.getByLabel("监考/考务场次").fill("1");
  await page.getByLabel("考试类型").fill("大学四级考试");
  await snap(page, "03-form-new-T04");

  await page.getByRole("button", { name: /保\s*存/ }).click();
  await expect(page.getByText("保存成功")).toBeVisible();
  await expect(page).toHaveURL(/\/records\/\d+\/edit$/);
  recordId = Number(/\/records\/(\d+)\/edit/.exec(page.url())![1]);
  await expect(page.getByLabel("工作量")).toHaveValue("4");   // computed by rules/workload_T04.dmn

  await page.getByRole("button", { name: /提\s*交/ }).click();
  await expect(page.getByText("提交成功")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/records/${recordId}$`));

  await openT04List(page);
  await expect(row(page)).toHaveCount(1);
  await expect(row(page)).toContainText("审核中");
  await expect(row(page)).toContainText("大学四级考试");
  await expect(page.getByRole("tab", { name: "审核中(1)" })).toBeVisible();
  await snap(page, "02-teacher-list-T04");
  await logout(page);
});

test("10019001 sees the pending count, opens it and approves; 90010001 returns it with a comment", async ({ page }) => {
  await login(page, UNIT_ADMIN);
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByText(/当前角色共有\s*1\s*条待审核记录/)).toBeVisible();
  await expect(page.getByLabel("待审核 1 条").first()).toBeVisible();
  await snap(page, "05-review-home");
  await page.getByRole("link", { name: new RegExp(T04) }).click();
  await expect(page.getByRole("tab", { name: "待审核(1)" })).toBeVisible();
  await snap(page, "06-inbox-T04");
  await page.getByRole("link", { name: "审核" }).click();
  await expect(page.getByText("审核（二级单位审核）")).toBeVisible();
  await signIfAsked(page);
  await snap(page, "07-review-record");
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("审核通过成功")).toBeVisible();
  await logout(page);

  await review(page, DEPT_JWB, "退回", RETURN_COMMENT);
});

test("赵志睿 sees 退回 with the comment, edits and resubmits; the three reviewers approve", async ({ page }) => {
  await login(page, TEACHER);
  await openT04List(page);
  await expect(row(page)).toContainText("退回");
  await row(page).getByRole("link", { name: "详情" }).click();
  await expect(page).toHaveURL(new RegExp(`/records/${recordId}$`));
  await expect(page.getByText(RETURN_COMMENT).first()).toBeVisible();
  await snap(page, "08-detail-returned");

  await page.getByRole("button", { name: /编\s*辑/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/records/${recordId}/edit$`));
  await page.getByLabel("备注").fill("监考考场：第一教学楼 A201，2025-06-14 上午");
  await page.getByRole("button", { name: /提\s*交/ }).click();
  await expect(page.getByText("提交成功")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/records/${recordId}$`));
  await logout(page);

  await review(page, UNIT_ADMIN, "审核通过");
  await review(page, DEPT_JWB, "审核通过");
  await review(page, HR, "审核通过");
});

test("赵志睿 sees 已完成 with 合计 4 and the diagram with every passed step completed", async ({ page }) => {
  await login(page, TEACHER);
  await openT04List(page);
  await expect(row(page)).toContainText("已完成");
  await expect(page.locator(".ant-table-summary")).toContainText("合计");
  await expect(page.locator(".ant-table-summary")).toContainText("4");
  await expect(page.getByText("共 1 条")).toBeVisible();
  await page.getByRole("tab", { name: "已完成(1)" }).click();
  await expect(row(page)).toHaveCount(1);

  await row(page).getByRole("link", { name: "详情" }).click();
  await expect(page).toHaveURL(new RegExp(`/records/${recordId}$`));
  const diagram = page.locator(".djs-container");                          // the bpmn-js canvas
  await expect(diagram).toBeVisible();
  for (const step of ["unit_review", "dept_review", "hr_review"]) {
    await expect(diagram.locator(`[data-element-id="${step}"]`).first()).toHaveClass(/hr-completed/);
  }
  await expect(diagram.locator(".hr-active")).toHaveCount(0);
  await expect(page.getByText(RETURN_COMMENT).first()).toBeVisible();       // the 退回 stays in 审核记录
  await snap(page, "04-detail-approved");

  // the process is wider than the card: it opens readable (labels at 85 % or more), centred on the last step
  // passed, and 适应窗口 shows it whole, smaller
  const scale = async () => Number((await diagram.locator("svg g.viewport").first().getAttribute("transform"))
    ?.match(/matrix\(([\d.]+)/)?.[1]);
  await expect.poll(scale).toBeGreaterThanOrEqual(0.85);
  const frame = (await diagram.boundingBox())!;
  const inFrame = async (id: string) => {
    const box = (await diagram.locator(`[data-element-id="${id}"]`).first().boundingBox())!;
    return box.x >= frame.x && box.x + box.width <= frame.x + frame.width && box.y >= frame.y && box.y + box.height <= frame.y + frame.height;
  };
  expect(await inFrame("hr_review")).toBe(true);
  const readable = await scale();
  await page.getByRole("button", { name: "适应窗口" }).click();
  await expect.poll(scale).toBeLessThan(readable);
  expect(await inFrame("hr_review")).toBe(true);
  expect(await diagram.locator("[data-element-id]").evaluateAll((shapes, f) => shapes.every((el) => {
    const r = el.getBoundingClientRect();
    return r.width === 0 || (r.left >= f.x - 1 && r.right <= f.x + f.width + 1);
  }), frame)).toBe(true);
  await snap(page, "04-detail-diagram-whole");
});
