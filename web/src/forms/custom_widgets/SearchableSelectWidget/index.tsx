// Enum selects with type-ahead filtering where the form asks for it (`ui:options.searchable`, e.g. T01 课程名称:
// 「课程名称选项比较多可以筛选」, catalog §1.3.1); every other select is the antd theme's own.
import { useMemo } from "react";
import { Select } from "antd";
import { Widgets } from "@rjsf/antd";
import { ariaDescribedByIds, enumOptionsIndexForValue, enumOptionsValueForIndex, type WidgetProps } from "@rjsf/utils";

const ThemeSelect = Widgets.SelectWidget;

export default function SearchableSelectWidget(props: WidgetProps) {
  const { autofocus, disabled, id, multiple, onBlur, onChange, onFocus, options, placeholder, readonly, value } = props;
  const { enumOptions, emptyValue } = options;
  const choices = useMemo(() => (enumOptions ?? []).map((o, index) => ({ value: String(index), label: String(o.label) })),
    [enumOptions]);
  if (!options.searchable || multiple) return <ThemeSelect {...props} />;
  const selected = enumOptionsIndexForValue(value, enumOptions, false) as string | undefined;
  return (
    <Select id={id} showSearch optionFilterProp="label" allowClear={false} autoFocus={autofocus} style={{ width: "100%" }}
      disabled={disabled || readonly} placeholder={placeholder} value={selected ?? undefined} options={choices}
      notFoundContent="没有匹配的选项"
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(next: string) => onChange(enumOptionsValueForIndex(next, enumOptions, emptyValue))}
      onBlur={() => onBlur(id, enumOptionsValueForIndex(selected ?? "", enumOptions, emptyValue))}
      onFocus={() => onFocus(id, enumOptionsValueForIndex(selected ?? "", enumOptions, emptyValue))} />
  );
}
