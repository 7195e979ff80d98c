// The type's JSON Schema + uiSchema (docs/forms.md) → what RJSF renders for one state of the form.
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import type { FieldDefault } from "../api/types";

type Json = Record<string, unknown>;
type Conditions = Record<string, unknown[]>;

export const LOCKED_HELP = "归属单位由系统根据所在单位确定，不可修改";   // catalog §2.2
const UNIT_RE = /（(万元|万字|元|学时|课时|人|次|场|篇|部|项|个|天|月|年)）$/;

/** The unit in a number field's title, e.g. 「到账金额（万元）」 → 万元. */
export function unitOf(title: unknown): string | undefined {
  return typeof title === "string" ? UNIT_RE.exec(title)?.[1] : undefined;
}

function matches(conditions: Conditions, data: Json): boolean {
  return Object.entries(conditions).every(([field, values]) => values.includes(data[field]));
}

/** A field is shown unless ui:showIf fails or ui:hideIf matches (docs/forms.md, conditional fields). */
export function isVisible(ui: Json | undefined, data: Json): boolean {
  const showIf = ui?.["ui:showIf"] as Conditions | undefined;
  const hideIf = ui?.["ui:hideIf"] as Conditions | undefined;
  if (showIf && !matches(showIf, data)) return false;
  if (hideIf && matches(hideIf, data)) return false;
  return true;
}

/** Computed fields: readOnly in the schema (工作量 with a workload decision). Never required in the browser. */
export function computedFields(schema: Json): string[] {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  return Object.keys(props).filter((key) => props[key].readOnly === true);
}

function isFileField(prop: Json): boolean {
  return prop.type === "array" && "x-attachment" in prop;
}

function isChildList(prop: Json): boolean {
  return prop.type === "array" && (prop.items as Json | undefined)?.type === "object";
}

/** Annotates file fields with their upload path (`attachments`, `references.ref_file`) and the label the
 * server's upload messages name them by (`附件`, `参考文献-文献附件`; catalog §0.4). */
function annotateFiles(props: Record<string, Json>, prefix: string, labelPrefix = ""): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, prop] of Object.entries(props)) {
    const title = typeof prop.title === "string" ? prop.title : key;
    if (isFileField(prop)) out[key] = { ...prop, "x-field-path": prefix + key, "x-field-label": labelPrefix + title };
    else if (isChildList(prop)) {
      const items = prop.items as Json;
      out[key] = {
        ...prop,
        items: { ...items, properties: annotateFiles((items.properties ?? {}) as Record<string, Json>, `${key}.`, `${title}-`) },
      };
    } else if ((prop.type === "number" || prop.type === "integer") && unitOf(prop.title)) {
      out[key] = { ...prop, "x-unit": unitOf(prop.title) };
    } else out[key] = prop;
  }
  return out;
}

export interface PreparedForm {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: Json;
  hidden: string[];
}

/**
 * One render of the form:
 * - `$schema` dropped (the ajv8 validator runs the draft-07 subset the forms use);
 * - hidden conditional fields removed from the schema and their values cleared;
 * - computed fields read-only and never required;
 * - decision-filled defaults (归属单位) filled when empty, and locked with a help text when not editable;
 * - file fields carry their upload path, number fields their unit.
 */
export function prepareForm(
  rawSchema: Json,
  rawUi: Json,
  data: Json,
  defaults: Record<string, FieldDefault> = {},
): PreparedForm {
  const { $schema: _ignored, ...schema } = rawSchema;
  void _ignored;
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const formData: Json = { ...data };
  for (const [field, def] of Object.entries(defaults)) {
    if (field in props && (formData[field] === undefined || formData[field] === null || !def.editable)
        && def.value !== null && def.value !== undefined) {
      formData[field] = def.value;
    }
  }
  const hidden = Object.keys(props).filter((key) => !isVisible(rawUi[key] as Json | undefined, formData));
  for (const key of hidden) delete formData[key];
  const computed = computedFields(schema);
  const keep = Object.keys(props).filter((key) => !hidden.includes(key));
  const properties = annotateFiles(Object.fromEntries(keep.map((key) => [key, props[key]])), "");
  const required = ((schema.required ?? []) as string[]).filter((key) => keep.includes(key) && !computed.includes(key));

  const uiSchema: UiSchema = { ...(rawUi as UiSchema) };
  const order = (rawUi["ui:order"] as string[] | undefined)?.filter((key) => keep.includes(key));
  if (order) uiSchema["ui:order"] = [...order, "*"];
  for (const key of computed) uiSchema[key] = { ...(uiSchema[key] ?? {}), "ui:readonly": true };
  for (const [field, def] of Object.entries(defaults)) {
    if (!def.editable && keep.includes(field)) {
      uiSchema[field] = { ...(uiSchema[field] ?? {}), "ui:readonly": true, "ui:help": LOCKED_HELP };
    }
  }
  return {
    schema: { ...schema, properties, required } as RJSFSchema,
    uiSchema,
    formData,
    hidden,
  };
}

/** Top-level field names of a type's schema (for placing server errors). */
export function fieldNames(schema: Json): string[] {
  return Object.keys((schema.properties ?? {}) as Json);
}

/**
 * The schema an existing record is edited with: a reference value it holds that is no longer offered
 * (retired by the 系统管理员) stays a valid option for this record, so it still displays and re-saves
 * (the server keeps it valid for the record too). New records get the schema as served.
 */
export function keepStoredValues(schema: Json, stored: Json | null): Json {
  if (!stored) return schema;
  const props = (schema.properties ?? {}) as Record<string, Json>;
  let changed = false;
  const next: Record<string, Json> = {};
  for (const [key, prop] of Object.entries(props)) {
    const value = stored[key];
    const options = prop.enum as unknown[] | undefined;
    if (prop["x-reference"] && Array.isArray(options) && typeof value === "string" && value && !options.includes(value)) {
      next[key] = { ...prop, enum: [...options, value] };
      changed = true;
    } else {
      next[key] = prop;
    }
  }
  return changed ? { ...schema, properties: next } : schema;
}

/**
 * 开课主管单位 follows the chosen course (the course catalogue keeps each course's unit): when 课程名称 changes to
 * a catalogue course, its unit is filled in; the teacher may still change it.
 */
export function followCourseOwner(previous: Json, next: Json, owners: Record<string, string> | undefined): Json {
  const course = next.course_name;
  if (!owners || typeof course !== "string" || course === previous.course_name || !(course in owners)) return next;
  return { ...next, course_owner_dept: owners[course] };
}
