// The error envelope → RJSF extraErrors (style.md §14: one function for every form).
import type { ErrorSchema } from "@rjsf/utils";
import type { EnvelopeItem } from "../api/errors";

/** "cases[2].admit_date" → ["cases", "2", "admit_date"]; "" or undefined → []. */
export function parseFieldPath(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((part) => part.length > 0);
}

type Node = { __errors?: string[]; [key: string]: unknown };

function pushAt(root: Node, path: string[], message: string): void {
  let node = root;
  for (const part of path) {
    node[part] = (node[part] as Node | undefined) ?? {};
    node = node[part] as Node;
  }
  node.__errors = [...(node.__errors ?? []), message].filter((m, i, all) => all.indexOf(m) === i);
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode };

/** Whether the form renders a control at `path` (row indexes step into `items`). */
export function pathExists(schema: SchemaNode, path: string[]): boolean {
  let node: SchemaNode | undefined = schema;
  for (const part of path) {
    node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
    if (!node) return false;
  }
  return true;
}

/**
 * Places every envelope error on its field. Errors that name no field the form renders (a top-level
 * field outside `fields`, an unknown column of a row, or no field at all) come back in `general`, to be
 * shown above the form: none is ever dropped.
 */
export function envelopeToErrorSchema(
  errors: EnvelopeItem[],
  fields: readonly string[],
  schema?: SchemaNode,
): { errorSchema: ErrorSchema; general: string[] } {
  const root: Node = {};
  const general: string[] = [];
  for (const error of errors) {
    const path = parseFieldPath(error.field);
    const placed = path.length > 0 && fields.includes(path[0]) && (!schema || pathExists(schema, path));
    if (placed) pushAt(root, path, error.message);
    else general.push(error.message);
  }
  return { errorSchema: root as ErrorSchema, general };
}

/** Number of messages in an error schema (for the summary line). */
export function countErrors(schema: ErrorSchema | undefined): number {
  if (!schema) return 0;
  let n = 0;
  for (const [key, value] of Object.entries(schema)) {
    if (key === "__errors") n += (value as string[]).length;
    else if (value && typeof value === "object") n += countErrors(value as ErrorSchema);
  }
  return n;
}
