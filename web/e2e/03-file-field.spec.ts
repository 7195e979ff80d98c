import { expect, test } from "@playwright/test";
import { EXE, upload } from "./files";
import { login, snap } from "./support";

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
  await expect(field.getByRole("alert")).toContainText("只能上传 pdf、jpg、jpeg、png、doc、docx、xls、xlsx 格式的文件");
  await expect(field.getByRole("link")).toHaveCount(0);
});

