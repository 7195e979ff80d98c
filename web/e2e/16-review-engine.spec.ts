import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Api, DEPT_JWB, HR, TEACHER, UNIT_ADMIN, login, signIfAsked, snap } from "./support";

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "fixtures", "processes",
  "multi_signer_sample.bpmn");

const YEAR = 2022; // this spec's records only: 17-workspace files 2023, the other specs 2024 and 2025

// 退回上一步 (issue 11 item 4): 人力资源部 sends a record back to the previous review step (职能部门审核, 教务部),
// not to the applicant; 教务部's reviewer finds it in the inbox again, sees the 退回上一步 entry in the
// 审核记录 and approves it once more, and the record is back with 人力资源部.
test("人力资源部 uses 退回上一步 and the 教务部 reviewer sees the record again", async ({ browser, page, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true,
    data: { assessment_year: YEAR, task_type: "监考", sessions: 3, exam_type: "大学四级考试" },
  }, 201);
  await teacher.dispose();
  for (const account of [UNIT_ADMIN, DEPT_JWB]) {
    const reviewer = await Api.as(playwright, baseURL, account);
    await reviewer.approve(record.id);
    await reviewer.dispose();
  }

  await login(page, HR);
  await page.goto(`/review/records/${record.id}`);
  await expect(page.getByText("审核（人力资源部审核）")).toBeVisible();
  await signIfAsked(page);
  await page.getByRole("radio", { name: "退回上一步" }).check({ force: true });
  await page.getByLabel("审核意见").fill("监考场次与教务系统记录不一致，请职能部门再核对");
  await snap(page, "16-review-engine-1-return-previous");
  await page.getByRole("button", { name: /确\s*定/ }).click();
  await expect(page.getByText("退回上一步成功")).toBeVisible();

  const deptContext = await browser.newContext();
  const dept = await deptContext.newPage();
  await login(dept, DEPT_JWB);
  await dept.goto("/review/T04");
  await dept.getByLabel("考核年度").fill(String(YEAR));
  const rows = dept.locator(".ant-table-tbody tr.ant-table-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("赵志睿");
  await snap(dept, "16-review-engine-2-back-in-the-inbox");
  await rows.first().getByRole("link", { name: "审核" }).click();
  await expect(dept.getByText("审核（职能部门审核）")).toBeVisible();
  const entry = dept.getByRole("row", { name: /人力资源部审核.*退回上一步.*请职能部门再核对/ });
  await entry.scrollIntoViewIfNeeded();
  await expect(entry).toBeVisible();
  await expect(dept.getByRole("radio", { name: "退回上一步" })).toBeVisible();   // 职能部门 has 二级单位 before it
  await signIfAsked(dept);
  await snap(dept, "16-review-engine-3-previous-reviewer-sees-it-again");
  await dept.getByRole("radio", { name: "审核通过" }).check({ force: true });
  await dept.getByRole("button", { name: /确\s*定/ }).click();
  await expect(dept.getByText("审核通过成功")).toBeVisible();
  await deptContext.close();

  await page.goto(`/review/records/${record.id}`);
  await expect(page.getByText("审核（人力资源部审核）")).toBeVisible();
  await page.getByText("审核记录", { exact: true }).scrollIntoViewIfNeeded();
  await snap(page, "16-review-engine-4-trail-after-return-previous");
});

// The 流程图 marks 会签 / 或签 steps (sign_mode property) with a badge. No shipped record type uses a
// multi-signer step yet (the sample process is the test fixture the API tests run), so the record's diagram
// answer is replaced by the sample process, waiting at its 会签 step: what is under test is the drawing.
test("the 流程图 marks 会签 and 或签 steps", async ({ page, playwright, baseURL }) => {
  const teacher = await Api.as(playwright, baseURL, TEACHER);
  const record = await teacher.call("POST", "/api/v1/records", {
    record_type: "T04", submit: true, data: { assessment_year: YEAR, task_type: "监考", sessions: 1, exam_type: "大学四级考试" },
  }, 201);
  await teacher.dispose();
  await page.route(`**/api/v1/records/${record.id}/diagram`, (route) => route.fulfill({ json: {
    process_key: "multi_signer_sample", version: 1, bpmn_xml: readFileSync(SAMPLE, "utf-8"), status: "running",
    completed: ["start", "f_start", "unit_review", "f_unit_done", "gw_unit", "f_unit_approve"], active: ["hr_countersign"],
  } }));
  await login(page, TEACHER);
  await page.goto(`/records/${record.id}`);
  const diagram = page.getByRole("region", { name: "流程图" });
  await expect(diagram.locator(".hr-sign-all")).toHaveText("会签");
  await expect(diagram.locator(".hr-sign-any")).toHaveText("或签");
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "16-review-engine-5-diagram-multi-signer-steps");
});
