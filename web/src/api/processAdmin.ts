// The 流程管理员's console (issue 14): definitions and versions, drafts (校验 / 路线预览 / 部署), migration.
import { api, unwrap } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type Kind = "process" | "decision" | "form";
export type VersionBrief = Required<S["VersionBrief"]>;
export type DefinitionEntry = Omit<Required<S["DefinitionResponse"]>, "versions" | "record_types" | "kind"> & {
  kind: Kind;
  versions: VersionBrief[];
  record_types: { code: string; name: string }[];
};
export type VersionDetail = Required<S["VersionResponse"]> & { kind: Kind };
export type Draft = Required<S["DraftResponse"]> & { kind: Kind };
export type Problem = { file: string | null; line: number | null; message: string };
export interface Reviewer { account: string; name: string }
export interface RouteStep {
  bpmn_id: string; name: string; lane: string | null; lane_label: string; department: string | null;
  candidate_role: string; reviewers: Reviewer[];
}
export interface Route {
  label: string; steps: RouteStep[]; skipped: { bpmn_id: string; name: string; lane_label: string }[];
  outputs: Record<string, unknown>; end: string | null; error: string | null; problems: Problem[];
}
export interface Preview { record_type: string; process_key: string; current: Route; draft: Route | null }
export interface PreviewInput {
  record_type?: string; data?: Record<string, unknown>; owner_account?: string; origin: "teacher" | "unit_import" | "self_import";
  record_id?: number; draft_id?: number;
}
export type MigrationInstance = Required<S["MigrationInstance"]>;
export interface MigrationPreview { process_key: string; current_version: number; instances: MigrationInstance[] }
export interface MigrationResult { instance_id: number; record_id: number; moved: boolean; reason: string | null }
export interface MigrateReport { process_key: string; current_version: number; moved: number; results: MigrationResult[] }

export const KIND_LABELS: Record<Kind, string> = { process: "流程", decision: "决策表", form: "表单" };

export const adminKeys = {
  definitions: ["process-admin", "definitions"] as const,
  version: (id: number) => ["process-admin", "version", id] as const,
  draft: (id: number) => ["process-admin", "draft", id] as const,
  migration: (key: string) => ["process-admin", "migration", key] as const,
};

export function fetchDefinitions(): Promise<DefinitionEntry[]> {
  return unwrap(api.GET("/api/v1/process-admin/definitions", { params: { query: {} } })) as Promise<DefinitionEntry[]>;
}

export function fetchVersion(id: number): Promise<VersionDetail> {
  return unwrap(api.GET("/api/v1/process-admin/versions/{version_id}", { params: { path: { version_id: id } } })) as Promise<VersionDetail>;
}

export function fetchDiff(id: number, against: number): Promise<{ diff: string; changed: boolean }> {
  return unwrap(api.GET("/api/v1/process-admin/versions/{version_id}/diff", {
    params: { path: { version_id: id }, query: { against } },
  })) as Promise<{ diff: string; changed: boolean }>;
}

export function exportUrl(id: number): string {
  return `/api/v1/process-admin/versions/${id}/export`;
}

export function openDraft(kind: Kind, key: string): Promise<Draft> {
  return unwrap(api.POST("/api/v1/process-admin/drafts", { body: { kind, key } })) as Promise<Draft>;
}

export function fetchDraft(id: number): Promise<Draft> {
  return unwrap(api.GET("/api/v1/process-admin/drafts/{draft_id}", { params: { path: { draft_id: id } } })) as Promise<Draft>;
}

export function saveDraft(id: number, source: string): Promise<Draft> {
  return unwrap(api.PUT("/api/v1/process-admin/drafts/{draft_id}", {
    params: { path: { draft_id: id } }, body: { source },
  })) as Promise<Draft>;
}

export async function discardDraft(id: number): Promise<void> {
  await unwrap(api.DELETE("/api/v1/process-admin/drafts/{draft_id}", { params: { path: { draft_id: id } } }));
}

export function validateDraft(id: number): Promise<{ valid: boolean; problems: Problem[] }> {
  return unwrap(api.POST("/api/v1/process-admin/drafts/{draft_id}/validate", {
    params: { path: { draft_id: id } },
  })) as Promise<{ valid: boolean; problems: Problem[] }>;
}

export function deployDraft(id: number): Promise<{ created: string[]; unchanged: string[] }> {
  return unwrap(api.POST("/api/v1/process-admin/drafts/{draft_id}/deploy", {
    params: { path: { draft_id: id } },
  })) as Promise<{ created: string[]; unchanged: string[] }>;
}

export function previewRoute(body: PreviewInput): Promise<Preview> {
  return unwrap(api.POST("/api/v1/process-admin/route-preview", { body })) as Promise<Preview>;
}

export function fetchMigration(key: string): Promise<MigrationPreview> {
  return unwrap(api.GET("/api/v1/process-admin/processes/{process_key}/migration", {
    params: { path: { process_key: key } },
  })) as Promise<MigrationPreview>;
}

export function migrate(key: string, instanceIds?: number[]): Promise<MigrateReport> {
  return unwrap(api.POST("/api/v1/process-admin/processes/{process_key}/migration", {
    params: { path: { process_key: key } }, body: instanceIds ? { instance_ids: instanceIds } : {},
  })) as Promise<MigrateReport>;
}
