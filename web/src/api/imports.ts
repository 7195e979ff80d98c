// Import wizard, personal imports, 数据汇总 and 工作量结算 (catalog §4.1, §4.3, §5.5, §7.6).
import { api, rawFetch, unwrap } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type ImportType = Required<S["ImportTypeResponse"]>;
export type ColumnMapping = Required<S["ColumnMapping"]>;
export type FieldOption = Required<S["FieldOption"]>;
export type ImportBatch = Omit<Required<S["BatchResponse"]>, "columns" | "fields" | "progress"> & {
  columns: ColumnMapping[];
  fields: FieldOption[];
  progress: Required<S["ProgressResponse"]>;
};
export type RowError = Required<S["RowError"]>;
export interface PreviewRow {
  row: number;
  cells: Record<string, unknown>;
  owner: { account: string; name: string } | null;
  errors: RowError[];
}
export interface PreviewRowsPage { items: PreviewRow[]; total: number; page: number; page_size: number }

export const importKeys = {
  types: (role: string | null) => ["role", role, "import-types"] as const,
  batch: (id: number) => ["import-batch", id] as const,
  rows: (id: number, valid: boolean, page: number) => ["import-batch", id, "rows", valid, page] as const,
};

export function fetchImportTypes(): Promise<ImportType[]> {
  return unwrap(api.GET("/api/v1/imports/types")) as Promise<ImportType[]>;
}

export function templateUrl(code: string): string {
  return `/api/v1/imports/types/${encodeURIComponent(code)}/template`;
}

export function invalidRowsUrl(id: number): string {
  return `/api/v1/imports/batches/${id}/invalid-rows.xlsx`;
}

export async function uploadBatch(code: string, file: File): Promise<ImportBatch> {
  const body = new FormData();
  body.append("file", file);
  const response = await rawFetch(`/api/v1/imports/types/${encodeURIComponent(code)}/batches`, { method: "POST", body });
  return (await response.json()) as ImportBatch;
}

export function fetchBatch(id: number): Promise<ImportBatch> {
  return unwrap(api.GET("/api/v1/imports/batches/{batch_id}", { params: { path: { batch_id: id } } })) as Promise<ImportBatch>;
}

export function chooseSheet(id: number, sheet: string): Promise<ImportBatch> {
  return unwrap(api.PUT("/api/v1/imports/batches/{batch_id}/sheet", {
    params: { path: { batch_id: id } }, body: { sheet } })) as Promise<ImportBatch>;
}

export function saveMapping(id: number, mapping: Record<string, string | null>): Promise<ImportBatch> {
  return unwrap(api.PUT("/api/v1/imports/batches/{batch_id}/mapping", {
    params: { path: { batch_id: id } }, body: { mapping } })) as Promise<ImportBatch>;
}

export function previewBatch(id: number): Promise<ImportBatch> {
  return unwrap(api.POST("/api/v1/imports/batches/{batch_id}/preview", { params: { path: { batch_id: id } } })) as Promise<ImportBatch>;
}

export function fetchRows(id: number, valid: boolean, page: number, pageSize: number): Promise<PreviewRowsPage> {
  return unwrap(api.GET("/api/v1/imports/batches/{batch_id}/rows", {
    params: { path: { batch_id: id }, query: { valid, page, page_size: pageSize } } })) as unknown as Promise<PreviewRowsPage>;
}

export function commitBatch(id: number): Promise<ImportBatch> {
  return unwrap(api.POST("/api/v1/imports/batches/{batch_id}/commit", { params: { path: { batch_id: id } } })) as Promise<ImportBatch>;
}

export function cancelBatch(id: number): Promise<ImportBatch> {
  return unwrap(api.POST("/api/v1/imports/batches/{batch_id}/cancel", { params: { path: { batch_id: id } } })) as Promise<ImportBatch>;
}

// Personal template imports (catalog §4.3): 病案 (A19, 病案列表 of A20/A21) and 参考文献 (A22).
export type PersonalTemplate = "cases" | "a19-cases" | "references";
export interface PersonalRow { row: number; cells: Record<string, unknown>; status: string | null; errors: RowError[] }
export interface PersonalBatch {
  id: number; template: string; record_id: number | null; file_name: string; rows: PersonalRow[];
  total_rows: number; valid_count: number; invalid_count: number; can_import: boolean;
}

export function personalTemplateUrl(template: PersonalTemplate): string {
  return `/api/v1/imports/personal/${template}/template`;
}

export async function uploadPersonal(template: PersonalTemplate, file: File, recordId?: number): Promise<PersonalBatch> {
  const body = new FormData();
  body.append("file", file);
  if (recordId) body.append("record_id", String(recordId));
  const response = await rawFetch(`/api/v1/imports/personal/${template}/batches`, { method: "POST", body });
  return (await response.json()) as PersonalBatch;
}

export function commitPersonal(id: number): Promise<{ id: number; status: string; imported_count: number; record_ids: number[] }> {
  return unwrap(api.POST("/api/v1/imports/personal/batches/{batch_id}/commit", { params: { path: { batch_id: id } } })) as unknown as Promise<{
    id: number; status: string; imported_count: number; record_ids: number[];
  }>;
}
