// Which child lists may be adjusted now (catalog §3.6, docs/forms.md adjustable_lists).
import type { RecordItem, RecordTypeForm } from "../../../api/types";

/** The child lists this record may adjust now: in review or approved, not cited, `when` met (docs/forms.md). */
export function adjustableLists(form: RecordTypeForm, record: Pick<RecordItem, "status" | "is_cited" | "data">): { field: string; title: string }[] {
  if (!["in_review", "approved"].includes(record.status) || record.is_cited) return [];
  const props = (form.schema.properties ?? {}) as Record<string, { title?: string }>;
  return (form.metadata.adjustable_lists ?? [])
    .filter((l) => Object.entries(l.when ?? {}).every(([f, values]) => values.includes(record.data[f] as string)))
    .map((l) => ({ field: l.field, title: props[l.field]?.title ?? l.field }));
}
