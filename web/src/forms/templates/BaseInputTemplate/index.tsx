// Numbers with their unit (「到账金额（万元）」 → 万元 after the box); everything else as the antd theme does.
import { InputNumber } from "antd";
import { ariaDescribedByIds, type BaseInputTemplateProps } from "@rjsf/utils";
import { Templates } from "@rjsf/antd";

const AntdBaseInput = Templates.BaseInputTemplate!;

export default function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { schema, id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder } = props;
  const unit = schema["x-unit"] as string | undefined;
  if (!unit || (schema.type !== "number" && schema.type !== "integer")) return <AntdBaseInput {...props} />;
  return (
    <InputNumber id={id} name={id} style={{ width: "100%" }} value={value ?? null} addonAfter={unit}
      placeholder={placeholder} disabled={disabled || readonly} precision={schema.type === "integer" ? 0 : undefined}
      onChange={(next) => onChange(next ?? undefined)} onBlur={() => onBlur(id, value)} onFocus={() => onFocus(id, value)}
      aria-describedby={ariaDescribedByIds(id)} />
  );
}
