// One hook per resource (style.md §14). Role-scoped queries carry the active role in their key.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { keys } from "./keys";
import { getActiveRole } from "./session";
import type { paths } from "./schema";
import type {
  Attachment, Diagram, InboxPage, Me, Notification, NotificationPreference, NotificationSummary, RecordDetail, RecordPage, RecordTypeEntry, RecordTypeForm,
  StatusCounts, Withdrawal,
} from "./types";

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET("/api/v1/auth/me")) as Promise<Me>;
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useRecordTypes(enabled = true) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.recordTypes(role),
    enabled,
    queryFn: () => unwrap(api.GET("/api/v1/record-types", { params: { query: {} } })) as Promise<RecordTypeEntry[]>,
    staleTime: 30_000,
  });
}

export function useDashboard() {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.dashboard(role),
    queryFn: () => unwrap(api.GET("/api/v1/record-types/dashboard")) as Promise<{
      families: Record<string, StatusCounts>; categories: Record<string, StatusCounts>;
    }>,
  });
}

export function useTypeForm(code: string | undefined) {
  return useQuery({
    queryKey: keys.typeForm(code ?? ""),
    enabled: !!code,
    queryFn: () => unwrap(api.GET("/api/v1/record-types/{code}", { params: { path: { code: code! } } })) as Promise<RecordTypeForm>,
    staleTime: 5 * 60_000,
  });
}

type QueryOf<P extends "/api/v1/records" | "/api/v1/withdrawals"> = NonNullable<paths[P]["get"]["parameters"]["query"]>;

export type RecordQuery = QueryOf<"/api/v1/records"> & { page: number; page_size: number };

export function useRecords(params: RecordQuery) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.records(role, params),
    queryFn: () => unwrap(api.GET("/api/v1/records", { params: { query: params } })) as Promise<RecordPage>,
    placeholderData: keepPreviousData,
  });
}

export function useRecord(id: number) {
  return useQuery({
    queryKey: keys.record(id),
    queryFn: () => unwrap(api.GET("/api/v1/records/{record_id}", { params: { path: { record_id: id } } })) as Promise<RecordDetail>,
    enabled: Number.isFinite(id),
  });
}

export function useDiagram(id: number) {
  return useQuery({
    queryKey: keys.diagram(id),
    queryFn: () => unwrap(api.GET("/api/v1/records/{record_id}/diagram", { params: { path: { record_id: id } } })) as Promise<Diagram>,
  });
}

export function useAttachments(id: number | undefined) {
  return useQuery({
    queryKey: keys.attachments(id ?? 0),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/records/{record_id}/attachments", { params: { path: { record_id: id! } } })) as Promise<Attachment[]>,
  });
}

export type InboxQuery = NonNullable<paths["/api/v1/tasks"]["get"]["parameters"]["query"]> & { page: number; page_size: number };

export function useInbox(params: InboxQuery, enabled = true) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.inbox(role, params),
    enabled,
    queryFn: () => unwrap(api.GET("/api/v1/tasks", { params: { query: params } })) as Promise<InboxPage>,
    placeholderData: keepPreviousData,
  });
}

/** 所属单位 the active role may filter the review workspace by (catalog §5.4). */
export function useWorkspaceUnits(enabled = true) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.workspaceUnits(role),
    enabled,
    queryFn: () => unwrap(api.GET("/api/v1/tasks/units")) as Promise<{ id: number; name: string }[]>,
    staleTime: 5 * 60_000,
  });
}

export function useInboxCounts(enabled = true) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.inboxCounts(role),
    enabled,
    queryFn: () => unwrap(api.GET("/api/v1/tasks/counts")) as Promise<{ counts: Record<string, number>; total: number }>,
    refetchInterval: 60_000,
  });
}

export type NotificationQuery = { page: number; page_size: number; unread?: boolean };

export function useNotifications(params: NotificationQuery = { page: 1, page_size: 8 }) {
  return useQuery({
    queryKey: keys.notificationList(params),
    queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: params } })) as Promise<Notification[]>,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

/** Unread and total counts: the bell's badge and the list's pager. */
export function useNotificationSummary() {
  return useQuery({
    queryKey: keys.notificationSummary,
    queryFn: () => unwrap(api.GET("/api/v1/notifications/summary")) as Promise<NotificationSummary>,
    refetchInterval: 30_000,
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: keys.notificationPreferences,
    queryFn: async () => (await unwrap(api.GET("/api/v1/notifications/preferences"))).items as NotificationPreference[],
  });
}

export type WithdrawalQuery = QueryOf<"/api/v1/withdrawals"> & { page: number; page_size: number };

export function useWithdrawals(params: WithdrawalQuery, enabled = true) {
  const role = getActiveRole();
  return useQuery({
    queryKey: keys.withdrawals(role, params),
    enabled,
    queryFn: () => unwrap(api.GET("/api/v1/withdrawals", { params: { query: params } })) as Promise<{
      items: Withdrawal[]; total: number; page: number; page_size: number;
    }>,
    placeholderData: keepPreviousData,
  });
}
