// A record's form: RJSF with the antd theme, our widgets/templates, and server errors on their fields.
import { forwardRef, useMemo } from "react";
import Form from "@rjsf/antd";
import type { IChangeEvent } from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import AttachmentsWidget from "./custom_widgets/AttachmentsWidget";
import SearchableSelectWidget from "./custom_widgets/SearchableSelectWidget";
import ChildListTemplate from "./templates/ChildListTemplate";
import RowObjectTemplate from "./templates/RowObjectTemplate";
import BaseInputTemplate from "./templates/BaseInputTemplate";
import FieldTemplate from "./templates/FieldTemplate";
import type { RecordFormContext } from "./context";
import { withRowTemplates } from "./rows";
import "./record-form.css";

const widgets = { attachments: AttachmentsWidget, SelectWidget: SearchableSelectWidget };
const templates = { ArrayFieldTemplate: ChildListTemplate, BaseInputTemplate, FieldTemplate };

export interface RecordFormProps {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  formData: Record<string, unknown>;
  extraErrors?: ErrorSchema;
  context: RecordFormContext;
  disabled?: boolean;
  onChange: (data: Record<string, unknown>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RecordForm = forwardRef<any, RecordFormProps>(function RecordForm(props, ref) {
  const { schema, uiSchema, formData, extraErrors, context, disabled, onChange } = props;
  const ui = useMemo(() => withRowTemplates(schema, uiSchema, RowObjectTemplate), [schema, uiSchema]);
  return (
    <div className="record-form">
    <Form
      ref={ref}
      schema={schema}
      uiSchema={{ ...ui, "ui:submitButtonOptions": { norender: true } }}
      formData={formData}
      validator={validator}
      widgets={widgets}
      templates={templates}
      formContext={{ ...context, readonlyAsDisabled: true }}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      disabled={disabled}
      omitExtraData={false}
      experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: "never" }, emptyObjectFields: "skipDefaults" }}
      onChange={(event: IChangeEvent) => onChange((event.formData ?? {}) as Record<string, unknown>)}
      transformErrors={(errors) => errors.map((e) => ({
        ...e, message: customMessage(schema, e.property, e.name) ?? localise(e.name ?? "", e.params, e.message),
      }))}
    />
    </div>
  );
});

export default RecordForm;

/** The form file's own message for a keyword (x-messages, docs/forms.md), e.g. 参考文献不少于20份. */
export function customMessage(schema: RJSFSchema, property: string | undefined, keyword: string | undefined): string | undefined {
  if (!property || !keyword) return undefined;
  let node: RJSFSchema | undefined = schema;
  for (const part of property.replace(/^\./, "").split(".").filter(Boolean)) {
    if (!node) return undefined;
    node = /^\d+$/.test(part) ? (node.items as RJSFSchema | undefined) : (node.properties?.[part] as RJSFSchema | undefined);
  }
  const messages = node?.["x-messages"] as Record<string, string> | undefined;
  return messages?.[keyword];
}

/** Chinese messages for the browser-side checks (the server's own messages replace them on save). */
export function localise(name: string, params: Record<string, unknown> | undefined, fallback?: string): string {
  switch (name) {
    case "required": return "此项为必填项";
    case "minItems": return `至少需要 ${params?.limit} 项`;
    case "maxItems": return `最多 ${params?.limit} 项`;
    case "minLength": return params?.limit === 1 ? "此项为必填项" : `至少 ${params?.limit} 个字符`;
    case "maxLength": return `不能超过 ${params?.limit} 个字符`;
    case "minimum": return `不能小于 ${params?.limit}`;
    case "maximum": return `不能大于 ${params?.limit}`;
    case "type": return params?.type === "integer" ? "必须是整数" : params?.type === "number" ? "必须是数字" : "格式不正确";
    case "enum": return "请从列表中选择";
    case "pattern": return "格式不正确";
    case "format": return "格式不正确";
    default: return fallback ?? "格式不正确";
  }
}
