// UI labels verbatim from the spec (catalog §1.2, §1.4, §3.1, §3.7, §5.1, §6.2).
export const PRODUCT_NAME = "人事业绩填报与审核平台";

/** Workload categories in tab order (catalog §1.2). */
export const WORKLOAD_CATEGORIES = [
  { code: "teaching", label: "教学工作量" },
  { code: "graduate", label: "研究生工作量" },
  { code: "research", label: "科研工作量" },
  { code: "mentoring", label: "育人工作量" },
  { code: "dynamic", label: "动态工作量" },
] as const;

/** 个人业绩库 groups (catalog §1.4.2–§1.4.8). */
export const LIBRARY_GROUPS = [
  { code: "basic", label: "基本信息" },
  { code: "honors", label: "表彰考核" },
  { code: "ability", label: "能力条件" },
  { code: "performance", label: "工作业绩" },
  { code: "research_output", label: "论文著作科研" },
  { code: "foreign_aid", label: "对外援助" },
  { code: "health", label: "行业专用" },
] as const;

export const FAMILY_LABELS: Record<string, string> = { workload: "教职工业绩", library: "个人业绩库" };

export function categoryLabel(code: string): string {
  return [...WORKLOAD_CATEGORIES, ...LIBRARY_GROUPS].find((c) => c.code === code)?.label ?? code;
}

export type Status = "draft" | "in_review" | "returned" | "approved" | "terminated";
export const STATUSES: Status[] = ["draft", "in_review", "returned", "approved", "terminated"];

/** Status labels per family (catalog §3.1). */
export const STATUS_LABELS: Record<string, Record<Status, string>> = {
  workload: { draft: "未提交", in_review: "审核中", returned: "退回", approved: "已完成", terminated: "终止" },
  library: { draft: "编辑中", in_review: "审核中", returned: "退回", approved: "审核通过", terminated: "终止" },
};

export function statusLabel(family: string | undefined, status: string): string {
  return STATUS_LABELS[family ?? "workload"]?.[status as Status] ?? STATUS_LABELS.workload[status as Status] ?? status;
}


/** Review lanes (catalog §2.1). */
export const LANE_LABELS: Record<string, string> = {
  applicant: "申请人", unit: "二级单位审核", dept: "职能部门审核", hr: "人力资源部审核",
};

/** Roles whose work is 业务数据审核 (catalog §5.1). */
export const REVIEWER_ROLES = ["unit_admin", "dept_reviewer", "hr_reviewer", "hr_admin"];

/** 审核 decisions (catalog §5.2, 退回上一步 issue 11) and the API's action codes. */
export const DECISIONS = [
  { action: "approve", label: "审核通过" },
  { action: "return", label: "退回" },
  { action: "return_previous", label: "退回上一步" },
  { action: "terminate", label: "终止" },
] as const;

/** 会签 / 或签: the ``sign_mode`` of a multi-signer review step. */
export const SIGN_MODE_LABELS: Record<string, string> = { all: "会签", any: "或签" };
export const COMMENT_MAX = 500;

/** 引用 kinds (catalog §3.5). */
export const CITATION_KINDS = [
  { kind: "title_application", label: "职称申报" },
  { kind: "settlement", label: "工作量结算" },
  { kind: "info_report", label: "上报" },
] as const;
