// Every TanStack Query key in one place; mutations invalidate exactly what they change.
export const keys = {
  me: ["me"] as const,
  roleScoped: (role: string | null) => ["role", role] as const,
  recordTypes: (role: string | null) => ["role", role, "record-types"] as const,
  dashboard: (role: string | null) => ["role", role, "dashboard"] as const,
  typeForm: (code: string) => ["record-type-form", code] as const,
  records: (role: string | null, params: object) => ["role", role, "records", params] as const,
  recordsAll: (role: string | null) => ["role", role, "records"] as const,
  record: (id: number) => ["record", id] as const,
  diagram: (id: number) => ["record", id, "diagram"] as const,
  attachments: (id: number) => ["record", id, "attachments"] as const,
  inbox: (role: string | null, params: object) => ["role", role, "inbox", params] as const,
  inboxAll: (role: string | null) => ["role", role, "inbox"] as const,
  inboxCounts: (role: string | null) => ["role", role, "inbox-counts"] as const,
  notifications: ["notifications"] as const,
  withdrawals: (role: string | null, params: object) => ["role", role, "withdrawals", params] as const,
  withdrawalsAll: (role: string | null) => ["role", role, "withdrawals"] as const,
};
