import { expect, test, type Locator, type Page } from "@playwright/test";
import path from "node:path";
import { Api, filled, login, signIfAsked, snap } from "./support";

// 系统管理 in the browser (catalog §0.6, §6): the 系统管理员 adds a 学院, an account and gives it the
// 二级单位管理员 role there; a teacher of the new 学院 files a research record; the new reviewer logs in with
// the one-time password, must change it, and then finds the record waiting in his inbox.
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);      // many pages, two first logins and a review on a shared machine

const SYSADMIN = "sysadmin";
const UNIT = "海洋文化学院";
const REVIEWER = "13019001";
const TEACHER = "13010001";
const NEW_PASSWORD = "harbor-violet-Compass-47";
const R01 = { assessment_year: 2025, project_name: "南海渔家口述史整理", source: "国家社会科学基金", project_level: "国家级",
  role: "主持", rank: 1, start_date: "2024-09-01", funds_received: 20, workload: 50 };

/** An antd Select inside `scope`: open it by its label, click the option showing `option`. */
async function pick(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole("combobox", { name: label }).click({ force: true });
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
    .filter({ hasText: option }).first().click();
}

test("a 系统管理员 adds a unit, an account and a reviewer role; the reviewer sees the unit's pending record", async ({ page, playwright, baseURL }) => {
  await login(page, SYSADMIN);
  await expect(page).toHaveURL(/\/admin\/accounts/);
  await expect(page.getByRole("menuitem", { name: "单位管理" })).toBeVisible();

  // 单位管理: 新增单位 (学院, 默认科研归口部门 人文社科部)
  await page.getByRole("menuitem", { name: "单位管理" }).click();
  await page.getByRole("button", { name: /新增单位/ }).click();
  const unitDialog = page.getByRole("dialog", { name: "新增单位" });
  await unitDialog.getByLabel("单位编码").fill("HYW");
  await unitDialog.getByLabel("单位名称").fill(UNIT);
  await pick(page, unitDialog, "默认科研归口部门", "人文社科部");
  await unitDialog.getByRole("button", { name: /保\s*存/ }).click();
  await expect(page.getByText(`已新增单位「${UNIT}」`)).toBeVisible();
  await page.getByRole("searchbox", { name: "查询单位" }).fill("海洋");
  await page.getByRole("searchbox", { name: "查询单位" }).press("Enter");
  await expect(page.getByRole("row", { name: new RegExp(UNIT) })).toContainText("人文社科部");
  await snap(page, "11-admin-1-units");

  // 人员管理: 新建账号 in the new 学院 → the one-time password, shown once
  await page.getByRole("menuitem", { name: "人员管理" }).click();
  await page.getByRole("button", { name: /新建账号/ }).click();
  const accountDialog = page.getByRole("dialog", { name: "新建账号" });
  await accountDialog.getByLabel("账号（工号）").fill(REVIEWER);
  await accountDialog.getByLabel("姓名").fill("柏青");
  await pick(page, accountDialog, "所属单位", UNIT);
  await pick(page, accountDialog, "性别", "男");
  await accountDialog.getByLabel("出生年月").fill("1986-04");
  await accountDialog.getByRole("button", { name: /保\s*存/ }).click();
  const otp = page.getByTestId("one-time-password");
  await expect(otp).toBeVisible();
  const reviewerPassword = (await otp.textContent()) ?? "";
  expect(reviewerPassword).toMatch(/^\S{4}-\S{4}-\S{4}$/);
  await snap(page, "11-admin-2-account-created");
  await page.getByRole("button", { name: /知道了|确\s*定|OK/ }).click();

  // 角色: 二级单位管理员 of the new 学院, 科研工作量
  await page.getByRole("searchbox", { name: "查询账号或姓名" }).fill(REVIEWER);
  await page.getByRole("searchbox", { name: "查询账号或姓名" }).press("Enter");
  const row = page.getByRole("row", { name: new RegExp(REVIEWER) });
  await expect(row).toContainText(UNIT);
  await row.getByRole("button", { name: "角色" }).click();
  const drawer = page.getByRole("dialog", { name: new RegExp(`角色：柏青`) });
  await pick(page, drawer, "角色", "二级单位管理员");
  await pick(page, drawer, "范围单位", UNIT);
  await pick(page, drawer, "负责类目", "科研工作量");
  await page.keyboard.press("Escape");
  await drawer.getByRole("button", { name: /授\s*予/ }).click();
  await expect(drawer.getByText("二级单位管理员").first()).toBeVisible();
  await expect(drawer).toContainText("类目：科研工作量");
  await snap(page, "11-admin-3-roles");
  await drawer.getByRole("button", { name: /Close|关闭/ }).click();
  await expect(row).toContainText(`二级单位管理员（${UNIT}）`);

  // set-up (not what this test proves): a teacher of the new 学院 files a research record through the API
  const admin = await Api.as(playwright, baseURL, SYSADMIN);
  const units = await admin.call("GET", "/api/v1/units");
  const unitId = units.find((u: { name: string }) => u.name === UNIT).id;
  const teacher = await admin.call("POST", "/api/v1/accounts", { account: TEACHER, name: "海燕", unit_id: unitId }, 201);
  const author = await Api.as(playwright, baseURL, TEACHER, teacher.one_time_password);
  await author.call("POST", "/api/v1/auth/password", { current_password: teacher.one_time_password, new_password: NEW_PASSWORD }, 204);
  const record = await author.call("POST", "/api/v1/records", { record_type: "R01", data: R01, submit: true }, 201);
  expect(record.data.research_owner).toBe("人文社科部");
  await Promise.all([admin.dispose(), author.dispose()]);

  // 审计日志 shows what the 系统管理员 did
  await page.getByRole("menuitem", { name: "审计日志" }).click();
  await expect(page.getByRole("row", { name: /授予角色/ }).first()).toContainText("柏青");
  await expect(page.getByRole("row", { name: /新增单位/ }).first()).toContainText(UNIT);
  await snap(page, "11-admin-4-audit");

  // the new reviewer: one-time password → must change it → his inbox holds the unit's pending record
  await page.getByRole("button", { name: /系统管理员（sysadmin）/ }).click();
  await page.getByRole("menuitem", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await login(page, REVIEWER, reviewerPassword);
  await expect(page).toHaveURL(/\/settings/);
  await expect(page.getByText("您正在使用管理员设置的一次性密码，请先修改密码后再使用系统。")).toBeVisible();
  await snap(page, "11-admin-5-first-login");
  await page.getByLabel("一次性密码").fill(reviewerPassword);
  await page.getByLabel("新密码", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("确认新密码").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: /修改密码/ }).click();
  await expect(page.getByText("密码已修改，其他设备上的登录已退出")).toBeVisible();
  await expect(page.getByRole("heading", { name: "电子签名" }).or(page.getByText("电子签名").first())).toBeVisible();

  await page.getByRole("button", { name: /切换角色/ }).click();
  await page.getByRole("menuitem", { name: /二级单位管理员/ }).click();
  await expect(page.getByRole("button", { name: /当前角色：二级单位管理员/ })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: /待审核总览/ })).toBeVisible();
  await page.goto("/review/R01");
  const pending = page.getByRole("row", { name: new RegExp(R01.project_name) });
  await expect(pending).toBeVisible();
  await expect(pending).toContainText("海燕");
  await snap(page, "11-admin-6-reviewer-inbox");

  // and he can decide it (his first single review asks for his signature)
  await pending.getByRole("link", { name: "审核" }).click();
  await signIfAsked(page);
  await page.getByRole("radio", { name: "审核通过" }).check({ force: true });
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("审核通过成功")).toBeVisible();
});

/** 18-character 身份证号码 with its check digit (GB 11643-1999). */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

test("批量生成账号 goes through the import wizard; 角色管理 lists each role's holders", async ({ page }, testInfo) => {
  await login(page, SYSADMIN);
  await page.getByRole("menuitem", { name: "批量生成账号" }).click();
  await expect(page.getByRole("heading", { name: "教师账号批量生成" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "教师账号批量生成导入模板" }).click();
  const template = testInfo.outputPath("template.xlsx");
  await (await download).saveAs(template);
  const good = idNumber("46010019900101001");
  const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
  const file = filled(template, [
    ["13010101", "江帆", "男", "1990-01", good, "计算机与网络工程学院"],
    ["13010102", "钟岳", "男", "1990-01", wrong, "计算机与网络工程学院"],
    ["13010101", "叶舟", "男", "1990-01", good, "计算机与网络工程学院"],
    ["13010104", "陶然", "男", "1990-01", good, "不存在的学院"],
  ], testInfo.outputPath("教师账号.xlsx"));
  await page.getByRole("button", { name: "下一步" }).click();
  await page.locator("input[type=file]").setInputFiles(file);
  await expect(page.getByText(path.basename(file))).toBeVisible();
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByRole("row", { name: /身份证号码/ })).toContainText("身份证号码");
  await snap(page, "11-admin-7-import-mapping");
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByRole("tab", { name: /无效数据 \(3\)/ }).click();
  await expect(page.getByText("第 3 行，“身份证号码”：身份证号码校验位错误")).toBeVisible();
  await expect(page.getByText("第 4 行，“账号”：账号与第 2 行重复")).toBeVisible();
  await expect(page.getByText("第 5 行，“所属单位”：单位“不存在的学院”不存在")).toBeVisible();
  await snap(page, "11-admin-8-import-preview");
  await page.getByRole("button", { name: "只导入有效数据" }).click();
  await page.getByRole("button", { name: "查看结果" }).click();
  await expect(page.getByText(/已生成 1 个教师账号/)).toBeVisible();
  await snap(page, "11-admin-9-import-result");

  await page.getByRole("menuitem", { name: "角色管理" }).click();
  await page.getByRole("tab", { name: "二级单位管理员" }).click();
  await expect(page.getByRole("row", { name: /黄磊/ })).toContainText("计算机与网络工程学院");
  await snap(page, "11-admin-10-roles");
});
