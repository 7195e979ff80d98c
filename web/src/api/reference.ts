// 参考数据 (issue 12): the lists behind the forms' x-reference enums, maintained by the 系统管理员.
import { api, rawFetch, unwrap } from "./client";
import type { components } from "./schema";

type S = components["schemas"];
export type FieldUse = Required<S["FieldUseResponse"]>;
export type ReferenceListInfo = Omit<Required<S["ReferenceListResponse"]>, "uses"> & { uses: FieldUse[] };
export interface ReferenceOverview { lists: ReferenceListInfo[]; default_assessment_year: number }
export type ReferenceValue = Required<S["ReferenceValueResponse"]>;
export interface ReferenceValues {
  name: string;
  label: string;
  kind: "course" | "term" | "enum";
  owner_dept_choices: string[];
  items: ReferenceValue[];
}
export interface ValueFields { value?: string; owner_dept?: string | null; start_date?: string | null; end_date?: string | null }
export type CourseRow = Omit<Required<S["CourseRowResponse"]>, "errors"> & { errors: Required<S["RowError"]>[] };
export type CourseBatch = Omit<Required<S["CourseBatchResponse"]>, "rows"> & { rows: CourseRow[] };

export const referenceKeys = {
  overview: ["reference-data"] as const,
  values: (name: string) => ["reference-data", "values", name] as const,
};

export function fetchOverview(): Promise<ReferenceOverview> {
  return unwrap(api.GET("/api/v1/reference-data")) as Promise<ReferenceOverview>;
}

export function fetchValues(name: string): Promise<ReferenceValues> {
  return unwrap(api.GET("/api/v1/reference-data/lists/{name}/values",
    { params: { path: { name }, query: { include_retired: true } } })) as Promise<ReferenceValues>;
}

export function addValue(name: string, body: ValueFields): Promise<ReferenceValue> {
  return unwrap(api.POST("/api/v1/reference-data/lists/{name}/values",
    { params: { path: { name } }, body: { value: body.value ?? "", ...body } })) as Promise<ReferenceValue>;
}

export function updateValue(id: number, body: ValueFields): Promise<ReferenceValue> {
  return unwrap(api.PATCH("/api/v1/reference-data/values/{value_id}", { params: { path: { value_id: id } }, body })) as Promise<ReferenceValue>;
}

export function retireValue(id: number, retire: boolean): Promise<ReferenceValue> {
  return retire
    ? unwrap(api.POST("/api/v1/reference-data/values/{value_id}/retire", { params: { path: { value_id: id } } })) as Promise<ReferenceValue>
    : unwrap(api.POST("/api/v1/reference-data/values/{value_id}/restore", { params: { path: { value_id: id } } })) as Promise<ReferenceValue>;
}

export async function deleteValue(id: number): Promise<void> {
  await unwrap(api.DELETE("/api/v1/reference-data/values/{value_id}", { params: { path: { value_id: id } } }));
}

export function setDefaultYear(year: number): Promise<{ default_assessment_year: number }> {
  return unwrap(api.PUT("/api/v1/reference-data/default-assessment-year",
    { body: { default_assessment_year: year } })) as Promise<{ default_assessment_year: number }>;
}

export const COURSE_TEMPLATE_URL = "/api/v1/reference-data/courses/template";

export async function uploadCourses(file: File): Promise<CourseBatch> {
  const body = new FormData();
  body.append("file", file);
  const response = await rawFetch("/api/v1/reference-data/courses/imports", { method: "POST", body });
  return (await response.json()) as CourseBatch;
}

export function commitCourses(id: number): Promise<{ imported_count: number }> {
  return unwrap(api.POST("/api/v1/reference-data/courses/imports/{batch_id}/commit",
    { params: { path: { batch_id: id } } })) as Promise<{ imported_count: number }>;
}

export interface SsoInfo { cas_enabled: boolean; login_url: string | null; label: string; reasons: Record<string, string> }

export function fetchSso(): Promise<SsoInfo> {
  return unwrap(api.GET("/api/v1/auth/sso")) as Promise<SsoInfo>;
}
