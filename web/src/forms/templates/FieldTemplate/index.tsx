// The antd theme's field wrapper, except that errors never hide behind the help text: errors show
// under the control, the help text (ui:help) stays below them.
import { Form } from "antd";
import { getTemplate, getUiOptions, type FieldTemplateProps } from "@rjsf/utils";

export default function FieldTemplate(props: FieldTemplateProps) {
  const {
    children, classNames, style, description, disabled, displayLabel, errors, help, hidden, id, label,
    onDropPropertyClick, onKeyChange, rawErrors, rawDescription, rawHelp, readonly, registry, required, schema, uiSchema,
  } = props;
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate("WrapIfAdditionalTemplate", registry, uiOptions);
  if (hidden) return <div className="field-hidden">{children}</div>;
  const extra = rawHelp ? help : rawDescription ? description : undefined;
  return (
    <WrapIfAdditionalTemplate classNames={classNames} style={style} disabled={disabled} id={id} label={label}
      onDropPropertyClick={onDropPropertyClick} onKeyChange={onKeyChange} readonly={readonly} required={required}
      schema={schema} uiSchema={uiSchema} registry={registry}>
      <Form.Item
        colon={false}
        hasFeedback={schema.type !== "array" && schema.type !== "object"}
        help={rawErrors?.length ? errors : undefined}
        extra={extra}
        htmlFor={id}
        label={displayLabel && label}
        labelCol={{ span: 24 }}
        wrapperCol={{ span: 24 }}
        required={required}
        validateStatus={rawErrors?.length ? "error" : undefined}
      >
        {children}
      </Form.Item>
    </WrapIfAdditionalTemplate>
  );
}
