// App-level shapes of API responses. The generated schema marks every field optional and computed
// fields as unknown; these narrow them to what the server always sends (app/api/schemas/*).
import type { components } from "./schema";

type S = components["schemas"];

export type Person = Required<S["PersonResponse"]>;

export interface RecordItem extends Omit<Required<S["RecordResponse"]>,
  "category" | "family" | "is_cited" | "owner_unit" | "record_type_name" | "owner" | "submitter" | "data"> {
  category: string;
  family: string;
  is_cited: boolean;
  owner_unit: string | null;
  record_type_name: string;
  owner: Person;
  submitter: Person;
  data: Record<string, unknown>;
}

export type StatusCounts = Record<string, number>;

export interface RecordTypeEntry {
  code: string;
  name: string;
  family: string;
  category: string;
  entry_mode: string;
  pay_attribute: string | null;
  process_key: string;
  post_approval_policy: string;
  list_columns: string[];
  title_field: string;
  my_counts: StatusCounts;
}

export interface FieldDefault {
  value: unknown;
  editable: boolean;
}

export interface RecordTypeForm {
  record_type: Omit<RecordTypeEntry, "list_columns" | "title_field" | "my_counts">;
  schema: Record<string, unknown>;
  ui_schema: Record<string, unknown>;
  metadata: {
    code: string;
    title: string;
    list_columns: string[];
    title_field: string;
    search_fields?: string[];
    search_placeholder?: string;
    workload_decision?: string;
    post_approval_policy: string;
    adjustable_lists?: { field: string; when?: Record<string, string[]> }[];
    [key: string]: unknown;
  };
  field_defaults: Record<string, FieldDefault>;
  /** facts of the reference values the form uses: {course_owner_dept: {课程名称: 开课主管单位}} */
  reference_details?: { course_owner_dept?: Record<string, string> };
}

export interface RecordPage {
  items: RecordItem[];
  total: number;
  page: number;
  page_size: number;
  totals: { workload: number };
  tabs: StatusCounts;
}

export interface TrailEntry {
  step: string;
  lane: string;
  unit: string | null;
  actor: { account: string; name: string };
  action: string;
  action_label: string;
  comment: string | null;
  signature_version?: number | null;
  signature_url?: string | null;
  acted_for?: { account: string; name: string } | null;     // 委托: 代 X 审核
  target_user?: { account: string; name: string } | null;   // 转交: handed to
  at: string;
}

export interface RecordDetail {
  record: RecordItem;
  trail: TrailEntry[];
  open_task: { id: number; name: string; lane: string; sign_mode: string | null; can_return_previous: boolean } | null;
  can_act: boolean;
  current_step: string | null;
  waiting_on?: { step: string; lane: string; lane_label: string; unit: string | null; people: string[] } | null;
  signers?: Signer[];
}

/** One signer of a 会签/或签 step (issue 11 item 4). */
export interface Signer {
  step: string;
  sign_mode: string;
  sign_mode_label: string;
  name: string;
  state: string;              // open | approve | return | return_previous | terminate | closed
  state_label: string;        // 待签批 / 通过 / 退回 / 退回上一步 / 终止 / 已关闭
  at: string | null;
}

export interface Diagram {
  process_key: string;
  version: number | null;
  bpmn_xml: string | null;
  completed: string[];
  active: string[];
  status: string | null;
}

export interface InboxItem {
  id: number;
  name: string;
  lane: string;
  created_at: string;
  can_act: boolean;
  record: RecordItem;
  outcome: string | null;
  outcome_label: string | null;
  completed_at: string | null;
  completed_by: { account: string; name: string } | null;
  assignment?: string | null;      // 转交给我 / 代 X 审核
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  page_size: number;
  totals: { workload: number };
}

export type Attachment = Required<S["AttachmentResponse"]> & { download_url: string };
export type Notification = Required<S["NotificationResponse"]>;
export type NotificationSummary = S["NotificationSummary"];
export type NotificationPreference = Required<S["PreferenceItem"]>;

export interface Withdrawal {
  id: number;
  record_id: number;
  record_type: string;
  record_type_name: string;
  record_title: string | null;
  reason: string;
  requested_at: string;
  handling: string;
  handling_label: string;
  outcome: string | null;
  outcome_label: string;
  note: string | null;
  handled_by: Person | null;
  handled_at: string | null;
  requester: Person;
  can_decide: boolean;
}

export interface Me {
  user_id: number;
  account: string;
  name: string;
  unit_id: number | null;
  unit_name: string | null;
  roles: string[];
  role_options: { role: string; label: string; units: string[] }[];
  /** logged in with a one-time password: only 修改密码 (/settings) until it is changed */
  must_change_password?: boolean;
}
