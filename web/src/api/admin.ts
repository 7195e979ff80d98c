// 系统管理 (catalog §0.6, §6.1–§6.3): units, accounts and role grants, the audit log, one's own password.
import { api, unwrap } from "./client";
import type { components } from "./schema";
import { WORKLOAD_CATEGORIES } from "../labels";

type S = components["schemas"];
export type Unit = Required<S["UnitResponse"]>;
export type Grant = Required<S["GrantView"]>;
export type Account = Omit<Required<S["AccountView"]>, "grants"> & { grants: Grant[] };
export type AccountCreated = Account & { one_time_password: string };
export type AuditEvent = Omit<Required<S["AuditEventView"]>, "detail"> & { detail: Record<string, unknown> };
export interface Page<T> { items: T[]; total: number; page: number; page_size: number }
export type UnitInput = S["UnitRequest"];
export type AccountInput = S["AccountRequest"];
export type AccountPatch = S["AccountPatchRequest"];
export interface AccountQuery { q?: string; unit_id?: number; role?: string; active?: boolean; page?: number; page_size?: number }

export const UNIT_KINDS = ["学院", "科研机构", "机关", "教辅", "职能部门"] as const;
export const RESEARCH_OWNERS = ["科学技术部", "人文社科部"] as const;
/** Kinds that name a 默认科研归口部门 (catalog §0.6). */
export const OWNS_RESEARCH = (kind: string | undefined): boolean => kind === "学院" || kind === "科研机构";
/** What a 二级单位管理员 grant may cover (the scope categories of catalog §2.6): each workload category, the
 *  whole 个人业绩库, 教师信息. */
export const SCOPE_CATEGORIES: { code: string; label: string }[] = [
  ...WORKLOAD_CATEGORIES, { code: "library", label: "个人业绩库" }, { code: "info", label: "教师信息" },
];

export function scopeCategoryLabel(code: string): string {
  return SCOPE_CATEGORIES.find((c) => c.code === code)?.label ?? code;
}

export const adminKeys = {
  units: ["admin", "units"] as const,
  accounts: (query: AccountQuery) => ["admin", "accounts", query] as const,
  account: (account: string) => ["admin", "account", account] as const,
  audit: (query: Record<string, unknown>) => ["admin", "audit", query] as const,
};

export function fetchUnits(): Promise<Unit[]> {
  return unwrap(api.GET("/api/v1/units", { params: { query: {} } })) as Promise<Unit[]>;
}

export function createUnit(body: UnitInput): Promise<Unit> {
  return unwrap(api.POST("/api/v1/units", { body })) as Promise<Unit>;
}

export function updateUnit(id: number, body: S["UnitPatchRequest"]): Promise<Unit> {
  return unwrap(api.PATCH("/api/v1/units/{unit_id}", { params: { path: { unit_id: id } }, body })) as Promise<Unit>;
}

export function setUnitActive(id: number, active: boolean): Promise<Unit> {
  const path = active ? "/api/v1/units/{unit_id}/reactivate" : "/api/v1/units/{unit_id}/deactivate";
  return unwrap(api.POST(path, { params: { path: { unit_id: id } } })) as Promise<Unit>;
}

export function searchAccounts(query: AccountQuery): Promise<Page<Account>> {
  return unwrap(api.GET("/api/v1/accounts", { params: { query } })) as Promise<Page<Account>>;
}

export function fetchAccount(account: string): Promise<Account> {
  return unwrap(api.GET("/api/v1/accounts/{account}", { params: { path: { account } } })) as Promise<Account>;
}

export function createAccount(body: AccountInput): Promise<AccountCreated> {
  return unwrap(api.POST("/api/v1/accounts", { body })) as Promise<AccountCreated>;
}

export function updateAccount(account: string, body: AccountPatch): Promise<Account> {
  return unwrap(api.PATCH("/api/v1/accounts/{account}", { params: { path: { account } }, body })) as Promise<Account>;
}

export function setAccountActive(account: string, active: boolean): Promise<Account> {
  const path = active ? "/api/v1/accounts/{account}/reactivate" : "/api/v1/accounts/{account}/deactivate";
  return unwrap(api.POST(path, { params: { path: { account } } })) as Promise<Account>;
}

export function resetPassword(account: string): Promise<{ account: string; name: string; one_time_password: string }> {
  return unwrap(api.POST("/api/v1/accounts/{account}/password-reset", { params: { path: { account } } })) as Promise<{
    account: string; name: string; one_time_password: string }>;
}

export function addGrant(account: string, body: S["GrantRequest"]): Promise<Account> {
  return unwrap(api.POST("/api/v1/accounts/{account}/grants", { params: { path: { account } }, body })) as Promise<Account>;
}

export function removeGrant(account: string, grantId: number): Promise<Account> {
  return unwrap(api.DELETE("/api/v1/accounts/{account}/grants/{grant_id}", {
    params: { path: { account, grant_id: grantId } } })) as Promise<Account>;
}

export function fetchAudit(query: { action?: string; account?: string; page?: number; page_size?: number }): Promise<Page<AuditEvent>> {
  return unwrap(api.GET("/api/v1/audit-events", { params: { query } })) as Promise<Page<AuditEvent>>;
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return unwrap(api.POST("/api/v1/auth/password", { body: { current_password: currentPassword, new_password: newPassword } }))
    .then(() => undefined);
}

export type RoleOption = Required<S["RoleOption"]>;

export function fetchGrantableRoles(): Promise<RoleOption[]> {
  return unwrap(api.GET("/api/v1/roles")) as Promise<RoleOption[]>;
}
