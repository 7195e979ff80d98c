import { expect, test, type Page } from "@playwright/test";
import { EXE, png, upload } from "./files";
import { login, snap, TEACHER } from "./support";

const TEACHER_JSJ = "02010001"; // 李明, 计算机与网络工程学院

test("a file field refuses a renamed executable with the message on the field", async ({ page }) => {
  await login(page, TEACHER_JSJ);
  await page.goto("/types/T04/new");
  await page.getByLabel("考核年度").fill("2025");
  await page.getByLabel("考试类型").fill("全国计算机等级考试");
  await upload(page, "附件", "监考安排.pdf", "application/pdf", EXE);
  const field = page.getByRole("group", { name: "附件" });
  await expect(field.getByRole("alert")).toContainText("监考安排.pdf 的内容与扩展名不符");
  await expect(field.getByRole("link")).toHaveCount(0);              // nothing was attached
  await snap(page, "09-form-file-refused");

  await upload(page, "附件", "setup.exe", "application/octet-stream", EXE);
  await expect(field.getByRole("alert")).toHaveText("附件：文件 setup.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx");
  await expect(field.getByRole("link")).toHaveCount(0);
});

/** The caller's T01 records as the API counts them (every status). */
async function t01Total(page: Page): Promise<number> {
  const response = await page.request.get("/api/v1/records?record_type=T01");
  expect(response.status()).toBe(200);
  return (await response.json()).total as number;
}

/** The side menu's entry of 课程教学工作量 (its badge counts the caller's records). */
function t01MenuItem(page: Page) {
  return page.getByRole("menuitem", { name: /^课程教学工作量/ });
}

test("a refused upload on an empty new form leaves no draft behind and names the file", async ({ page }) => {
  await login(page, TEACHER);
  await page.goto("/types/T01");
  await expect(page.getByRole("heading", { name: "课程教学工作量" })).toBeVisible();
  const rowsBefore = await page.locator(".ant-table-tbody tr.ant-table-row").count();
  const menuBefore = await t01MenuItem(page).innerText();
  const totalBefore = await t01Total(page);

  await page.getByRole("button", { name: /新增/ }).click();
  await expect(page).toHaveURL(/\/types\/T01\/new$/);
  await upload(page, "附件", "伪装.pdf", "application/pdf", EXE);
  const field = page.getByRole("group", { name: "附件" });
  await expect(field.getByRole("alert")).toHaveText("附件：文件 伪装.pdf 的内容与扩展名不符");
  // checked at once, not retried: a toast would still be showing when the refusal appears
  expect(await page.getByText("已自动保存为草稿").count(), "only the refusal is shown").toBe(0);
  await expect(field.getByRole("link")).toHaveCount(0);
  await snap(page, "09b-new-form-upload-refused");

  await page.getByRole("button", { name: "返回" }).click();
  await expect(page).toHaveURL(/\/types\/T01$/);
  await expect(page.getByRole("heading", { name: "课程教学工作量" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await t01Total(page), "no draft was left behind").toBe(totalBefore);
  await expect(page.locator(".ant-table-tbody tr.ant-table-row")).toHaveCount(rowsBefore);
  await expect(t01MenuItem(page)).toHaveText(menuBefore);
  await snap(page, "09c-list-after-refused-upload");

  // a refused type names the field and the file, as the server's refusals do (catalog §0.4)
  await page.getByRole("button", { name: /新增/ }).click();
  await upload(page, "附件", "x.exe", "application/octet-stream", EXE);
  await expect(field.getByRole("alert")).toHaveText("附件：文件 x.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx");

  // an accepted file on a new form still saves the form as a draft with it, and says so
  await upload(page, "附件", "课表.png", "image/png", png());
  await expect(field.getByRole("link", { name: "课表.png" })).toBeVisible();
  await expect(page.getByText("已自动保存为草稿")).toBeVisible();
  expect(await t01Total(page)).toBe(totalBefore + 1);
});
