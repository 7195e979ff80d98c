import type { AuditEvent } from "../../api/admin";
import { auditDetail } from "./AuditPage";

const event = (action: string, detail: Record<string, unknown>): AuditEvent => ({
  id: 1, created_at: "2026-11-27T02:21:00Z", action, action_label: action, actor_account: "processadmin",
  actor_name: "流程管理员", target_account: null, target_name: null, detail,
} as AuditEvent);

describe("auditDetail", () => {
  it("names the definition a process admin touched, and a validation's outcome", () => {
    expect(auditDetail(event("definition.draft_save", { kind: "process", key: "workload_approval", sha256: "ab" })))
      .toBe("流程 workload_approval");
    expect(auditDetail(event("definition.validate", { kind: "form", key: "T02", problems: 2 }))).toBe("表单 T02，2 个问题");
    expect(auditDetail(event("definition.validate", { kind: "decision", key: "dept_route", problems: 0 }))).toBe("决策表 dept_route，校验通过");
  });

  it("says what an operator did to which record, and why", () => {
    expect(auditDetail(event("instance.jump", { record: 12, to_step: "hr_review", to_step_name: "人力资源部审核", reason: "流程卡住" })))
      .toBe("记录 #12，跳转至 人力资源部审核，理由：流程卡住");
  });

  it("names the reference list and value, and the default year's change", () => {
    expect(auditDetail(event("reference.retire", { list: "课程目录", value: "大学物理" }))).toBe("课程目录：大学物理");
    expect(auditDetail(event("reference.default_year", { before: null, after: 2025 }))).toBe("空 → 2025");
  });
});
