// Field errors of the API envelope ({field, message}) shown under the matching antd form fields.
import type { FormInstance } from "antd";
import { ApiError } from "../../api/errors";

/** Puts each envelope error on its form field; false when none matched (show the message instead). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyFieldErrors(form: FormInstance<any>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const fields = error.errors.filter((e) => e.field && known.has(e.field))
    .map((e) => ({ name: e.field as string, errors: [e.message] }));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
