// Child lists render each row with the grid template; the items' uiSchema gets it here.
import type { ComponentType } from "react";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";

export function childListFields(schema: RJSFSchema): string[] {
  const props = (schema.properties ?? {}) as Record<string, RJSFSchema>;
  return Object.keys(props).filter((key) => {
    const prop = props[key];
    return prop.type === "array" && (prop.items as RJSFSchema | undefined)?.type === "object";
  });
}

export function withRowTemplates(schema: RJSFSchema, uiSchema: UiSchema, template: ComponentType<never>): UiSchema {
  const out: UiSchema = { ...uiSchema };
  for (const key of childListFields(schema)) {
    const field = (out[key] ?? {}) as UiSchema;
    out[key] = { ...field, items: { ...(field.items ?? {}), "ui:ObjectFieldTemplate": template } };
  }
  return out;
}
