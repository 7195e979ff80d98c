import { expect, test } from "@playwright/test";
import { docx, pickDate, png, upload } from "./files";
import { login, snap } from "./support";

const TEACHER_YXY = "05010001"; // 张伟, 医学院

test("a library type with a child list (A21 卫生-论文, 病案列表) is filed with its files and submitted", async ({ page }) => {
  await login(page, TEACHER_YXY);
  await page.goto("/types/A21");
  await expect(page.getByRole("heading", { name: "卫生-论文" })).toBeVisible();
  await page.getByRole("button", { name: /新\s*增/ }).click();
  await expect(page).toHaveURL(/\/types\/A21\/new$/);

  await page.getByLabel("论文题目").fill("腹腔镜与开腹胆囊切除术治疗急性胆囊炎的疗效比较");
  await page.getByRole("radio", { name: "是" }).first().check({ force: true });
  await page.getByLabel("万方或知网论文链接").fill("https://d.wanfangdata.com.cn/periodical/zgsyyk202504012");
  await page.getByLabel("期刊号").fill("CN 14-1298/R");
  await page.getByLabel("刊物名称").fill("山西医药杂志");
  await pickDate(page, "发表日期", "2025-04-15");
  await page.getByLabel("论文摘要").fill("回顾性分析120例急性胆囊炎患者资料，比较两种术式的手术时间、出血量及住院时间。");
  await upload(page, "论文查重附件", "论文原稿.docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx());
  await expect(page.getByRole("group", { name: "论文查重附件" }).getByRole("link", { name: "论文原稿.docx" })).toBeVisible();
  await upload(page, "纸质扫描版", "封面.png", "image/png", png());
  await expect(page.getByRole("group", { name: "纸质扫描版" }).getByRole("link", { name: "封面.png" })).toBeVisible();

  await page.getByRole("button", { name: "添加一行" }).click();
  await page.getByLabel("住院（门诊）号").fill("ZY2024010001");
  await page.getByLabel("病人姓名").fill("患者甲");
  await page.getByLabel("性别").click();
  await page.locator(".ant-select-item-option[title='男']").click();
  await page.getByLabel("年龄").fill("35");
  await page.getByLabel("分类").fill("肝胆外科");
  await pickDate(page, "入院日期", "2024-01-05");
  await pickDate(page, "出院日期", "2024-01-18");
  await page.getByLabel("入院诊断").fill("急性结石性胆囊炎");
  await page.getByLabel("出院诊断").fill("急性结石性胆囊炎，腹腔镜胆囊切除术后治愈");
  await snap(page, "10-form-library-A21");

  await page.getByRole("button", { name: /提\s*交/ }).click();
  // the toast says why when the submission is refused (e.g. a version left stale by the uploads)
  const toast = page.locator(".ant-message-notice-success, .ant-message-notice-error").last();
  await expect(toast).toBeVisible();
  await expect(toast).toHaveText("提交成功");
  await expect(page).toHaveURL(/\/records\/\d+$/);
  await expect(page.getByText("审核中").first()).toBeVisible();
  await expect(page.getByText("ZY2024010001").first()).toBeVisible();
  await expect(page.getByText("论文原稿.docx").first()).toBeVisible();
  await expect(page.locator(".djs-container")).toBeVisible();
  await expect(page.locator(".ant-spin-spinning, .ant-skeleton")).toHaveCount(0);
  await snap(page, "11-detail-library-A21");
});
