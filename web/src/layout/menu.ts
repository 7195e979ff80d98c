// The side menu of the active role (pure; layout/SideMenu renders it).
import { LIBRARY_GROUPS, REVIEWER_ROLES, WORKLOAD_CATEGORIES } from "../labels";
import type { RecordTypeEntry } from "../api/types";
import type { ItemLabel } from "../api/summaries";

export interface MenuNode {
  key: string;
  label: string;
  count?: number;
  children?: MenuNode[];
  group?: boolean;
}

function typesOf(types: RecordTypeEntry[], category: string): RecordTypeEntry[] {
  return types.filter((t) => t.category === category);
}

function categoryNodes(types: RecordTypeEntry[], prefix: string, count: (t: RecordTypeEntry) => number | undefined,
  groups: readonly { code: string; label: string }[], filter: (t: RecordTypeEntry) => boolean = () => true): MenuNode[] {
  return groups
    .map((g) => ({
      key: `${prefix}:${g.code}`,
      label: g.label,
      children: typesOf(types, g.code).filter(filter).map((t) => ({ key: `${prefix === "fill" ? "/types" : "/review"}/${t.code}`, label: t.name, count: count(t) })),
    }))
    // a reviewer's category shows the sum of its types' pending counts, seen while it is folded
    .map((n) => (prefix === "review" ? { ...n, count: n.children.reduce((sum, c) => sum + (c.count ?? 0), 0) } : n))
    .filter((n) => n.children.length > 0);
}

/** The 系统管理 entries of the 系统管理员 (catalog §6, issue 12), one per page; a new administration page adds
 *  its entry here. */
export const SYSTEM_ADMIN_ENTRIES = {
  units: { key: "/admin/units", label: "单位管理" },
  accounts: { key: "/admin/accounts", label: "人员管理" },
  roles: { key: "/admin/roles", label: "角色管理" },
  accountImport: { key: "/admin/account-import", label: "批量生成账号" },
  referenceData: { key: "/admin/reference-data", label: "参考数据" },
  audit: { key: "/admin/audit", label: "审计日志" },
} satisfies Record<string, MenuNode>;

/** Menu of a role: teacher → 我的业绩 / 业绩填报 / 个人业绩库 / 撤回记录; reviewers → 业务数据审核 (+ 撤回审核, 代教师填报)
 *  and 数据汇总 (工作量汇总 and ``summaryItems``);
 *  系统管理员 → 系统管理; 运维人员 → 运维 (运维总览 / 流程实例 / 卡住的流程). */
export function buildMenu(role: string | null, types: RecordTypeEntry[], pending: Record<string, number>,
  summaryItems: ItemLabel[] = []): MenuNode[] {
  if (role === "teacher") {
    return [
      { key: "/my", label: "我的业绩" },
      { key: "g:fill", label: "业绩填报", group: true, children: categoryNodes(types, "fill", (t) => t.my_counts?.all, WORKLOAD_CATEGORIES) },
      { key: "g:library", label: "个人业绩库", group: true, children: categoryNodes(types, "fill", (t) => t.my_counts?.all, LIBRARY_GROUPS) },
      { key: "/withdrawals", label: "撤回记录" },
    ];
  }
  if (role && REVIEWER_ROLES.includes(role)) {
    const review: MenuNode = {
      key: "g:review", label: "业务数据审核", group: true,
      children: [{ key: "/review", label: "待审核总览", count: Object.values(pending).reduce((a, b) => a + b, 0) },
        ...categoryNodes(types, "review", (t) => pending[t.code] ?? 0, [...WORKLOAD_CATEGORIES, ...LIBRARY_GROUPS])],
    };
    // 数据汇总: 工作量汇总 first, then one page per summary item (catalog §5.5 「Left menu」)
    const summaries: MenuNode = { key: "summaries", label: "数据汇总", children: [
      { key: "/summaries", label: "工作量汇总" },
      ...summaryItems.map((i) => ({ key: `/summaries/${encodeURIComponent(i.key)}`, label: i.label })),
    ] };
    if (role !== "unit_admin") return [review, summaries];
    return [
      review,
      { key: "g:unit", label: "单位管理", group: true, children: [
        { key: "/withdrawals", label: "撤回审核" },
        { key: "unit:fill", label: "代教师填报", children: categoryNodes(types, "fill", () => undefined, WORKLOAD_CATEGORIES, (t) => t.entry_mode === "teacher")
          .flatMap((c) => c.children ?? []) },
        { key: "/imports", label: "数据导入" },
        { key: "/admin/accounts", label: "教师账号" },
      ] },
      summaries,
    ];
  }
  if (role === "process_admin") {
    return [{ key: "g:process", label: "流程管理", group: true, children: [{ key: "/process-admin", label: "流程定义" }] },
      { key: "/notifications", label: "通知" }];
  }
  if (role === "system_admin") {
    return [
      { key: "g:system", label: "系统管理", group: true, children: Object.values(SYSTEM_ADMIN_ENTRIES) },
      { key: "/notifications", label: "通知" },
    ];
  }
  if (role === "operator") {
    return [
      { key: "g:operations", label: "运维", group: true, children: [
        { key: "/operations", label: "运维总览" },
        { key: "/operations/instances", label: "流程实例" },
        { key: "/operations/stuck", label: "卡住的流程" },
      ] },
      { key: "/notifications", label: "通知" },
    ];
  }
  return [{ key: "/notifications", label: "通知" }];
}

/** The submenu keys to open for a path (the category holding the current type). */
export function openKeysFor(nodes: MenuNode[], path: string): string[] {
  // an exact entry first (/review/T03 is a type under its category, not a page of 待审核总览 at /review),
  // else the nearest entry the path lies under (/types/T03/new under /types/T03)
  const find = (match: (key: string) => boolean): string[] | null => {
    const visit = (list: MenuNode[], parents: string[]): string[] | null => {
      for (const node of list) {
        if (node.key.startsWith("/") && match(node.key)) return parents;
        const below = node.children && visit(node.children, node.group ? parents : [...parents, node.key]);
        if (below) return below;
      }
      return null;
    };
    return visit(nodes, []);
  };
  return find((key) => key === path) ?? find((key) => path.startsWith(key + "/")) ?? [];
}

/** Where a role starts. */
export function homeOf(role: string | null): string {
  if (role === "teacher") return "/my";
  if (role && REVIEWER_ROLES.includes(role)) return "/review";
  if (role === "system_admin") return "/admin/accounts";
  if (role === "operator") return "/operations";
  if (role === "process_admin") return "/process-admin";
  return "/notifications";
}
