// 运维 (issue 14): the operator console's API — instances, stuck view, figures and the audited actions.
import { api, unwrap } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type InstanceRow = Required<S["InstanceRowResponse"]>;
export type TaskRow = Required<S["TaskRowResponse"]>;
export type IncidentRow = Required<S["IncidentRowResponse"]>;
export type FailedOutbox = Required<S["FailedOutboxResponse"]>;
export type Assignee = { id: number; account: string; name: string; unit: string | null; roles: string[] };
export interface StuckView { incidents: IncidentRow[]; unstaffed: TaskRow[]; overdue: TaskRow[]; failed_outbox: FailedOutbox[] }
export interface InstancePage { items: InstanceRow[]; total: number; page: number; page_size: number }
export interface InstanceFilters {
  statuses: Required<S["Option"]>[];
  processes: Required<S["ProcessOption"]>[];
  lanes: Required<S["Option"]>[];
  units: Required<S["UnitOption"]>[];
}
/** The dashboard's figures (FiguresResponse; the computed age buckets typed here). */
export type Figures = Omit<Required<S["FiguresResponse"]>, "task_age_buckets"> & {
  task_age_buckets: { le_hours: number; count: number }[];
};
export interface InstanceQuery {
  status?: "running" | "completed" | "terminated" | "cancelled" | "suspended" | "incident";
  process_key?: string;
  version?: number;
  lane?: "applicant" | "unit" | "dept" | "hr";
  unit_id?: number;
  older_than_days?: number;
  page: number;
  page_size: number;
}

export const operationKeys = {
  all: ["role", "operator", "operations"] as const,
  instances: (query: InstanceQuery) => ["role", "operator", "operations", "instances", query] as const,
  filters: ["role", "operator", "operations", "filters"] as const,
  stuck: ["role", "operator", "operations", "stuck"] as const,
  figures: ["role", "operator", "operations", "figures"] as const,
  assignees: (taskId: number) => ["role", "operator", "operations", "assignees", taskId] as const,
  steps: (instanceId: number) => ["role", "operator", "operations", "steps", instanceId] as const,
};

export function fetchInstances(query: InstanceQuery): Promise<InstancePage> {
  return unwrap(api.GET("/api/v1/operations/instances", { params: { query } })) as Promise<InstancePage>;
}

export function fetchInstanceFilters(): Promise<InstanceFilters> {
  return unwrap(api.GET("/api/v1/operations/instances/filters")) as Promise<InstanceFilters>;
}

export function fetchStuck(): Promise<StuckView> {
  return unwrap(api.GET("/api/v1/operations/stuck")) as Promise<StuckView>;
}

export function fetchFigures(): Promise<Figures> {
  return unwrap(api.GET("/api/v1/operations/figures")) as unknown as Promise<Figures>;
}

export function fetchAssignees(taskId: number): Promise<Assignee[]> {
  return unwrap(api.GET("/api/v1/operations/tasks/{task_id}/assignees", { params: { path: { task_id: taskId } } }))
    .then((body) => (body.items ?? []) as unknown as Assignee[]);
}

export function fetchSteps(instanceId: number): Promise<{ bpmn_id: string; name: string }[]> {
  return unwrap(api.GET("/api/v1/operations/instances/{instance_id}/steps", { params: { path: { instance_id: instanceId } } }))
    .then((body) => (body.items ?? []) as { bpmn_id: string; name: string }[]);
}

/** One audited operator action; `reason` is the why recorded with it. */
export type OperatorAction =
  | { kind: "retry"; incidentId: number }
  | { kind: "reassign"; taskId: number; userId: number }
  | { kind: "jump"; instanceId: number; bpmnId: string }
  | { kind: "suspend" | "resume" | "terminate"; instanceId: number }
  | { kind: "resend"; messageId: number };

export async function runAction(action: OperatorAction, reason: string): Promise<void> {
  const body = { reason };
  switch (action.kind) {
    case "retry":
      await unwrap(api.POST("/api/v1/operations/incidents/{incident_id}/retry", { params: { path: { incident_id: action.incidentId } }, body }));
      return;
    case "reassign":
      await unwrap(api.POST("/api/v1/operations/tasks/{task_id}/reassign", {
        params: { path: { task_id: action.taskId } }, body: { ...body, user_id: action.userId } }));
      return;
    case "jump":
      await unwrap(api.POST("/api/v1/operations/instances/{instance_id}/jump", {
        params: { path: { instance_id: action.instanceId } }, body: { ...body, bpmn_id: action.bpmnId } }));
      return;
    case "suspend":
      await unwrap(api.POST("/api/v1/operations/instances/{instance_id}/suspend", { params: { path: { instance_id: action.instanceId } }, body }));
      return;
    case "resume":
      await unwrap(api.POST("/api/v1/operations/instances/{instance_id}/resume", { params: { path: { instance_id: action.instanceId } }, body }));
      return;
    case "terminate":
      await unwrap(api.POST("/api/v1/operations/instances/{instance_id}/terminate", { params: { path: { instance_id: action.instanceId } }, body }));
      return;
    case "resend":
      await unwrap(api.POST("/api/v1/operations/outbox/{message_id}/retry", { params: { path: { message_id: action.messageId } }, body }));
  }
}

/** The titles of the actions (dialog titles and success messages). */
export const ACTION_LABELS: Record<OperatorAction["kind"], string> = {
  retry: "重试", reassign: "改派", jump: "跳转", suspend: "挂起", resume: "恢复", terminate: "终止", resend: "重发",
};
