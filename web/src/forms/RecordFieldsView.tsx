// Read-only fields of a record, in form order with the form's labels (详情, catalog §3.7).
import { Descriptions, Table, Typography } from "antd";
import type { Attachment } from "../api/types";
import { isVisible, unitOf } from "./prepare";

type Prop = { type?: string; title?: string; format?: string; items?: { properties?: Record<string, Prop> }; "x-attachment"?: unknown };

function files(ids: unknown, attachments: Attachment[]) {
  const list = Array.isArray(ids) ? (ids as number[]) : [];
  if (list.length === 0) return "—";
  return (
    <span style={{ display: "inline-flex", flexDirection: "column" }}>
      {list.map((id) => (
        <Typography.Link key={id} href={`/api/v1/attachments/${id}/download`}>
          {attachments.find((a) => a.id === id)?.file_name ?? `附件 ${id}`}
        </Typography.Link>
      ))}
    </span>
  );
}

/** One value as text: units after numbers, "—" for nothing. */
export function valueText(value: unknown, prop: Prop): string {
  if (value === null || value === undefined || value === "") return "—";
  const unit = unitOf(prop.title);
  return unit && typeof value === "number" ? `${value} ${unit}` : String(value);
}

function render(value: unknown, prop: Prop, attachments: Attachment[], ui?: Record<string, unknown>) {
  if (prop.type === "array" && "x-attachment" in prop) return files(value, attachments);
  if (prop.type === "array" && prop.items?.properties) {
    const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
    const itemUi = (ui?.items ?? {}) as Record<string, unknown>;
    const order = (itemUi["ui:order"] as string[] | undefined) ?? Object.keys(prop.items.properties);
    const props = prop.items.properties;
    const visible = order.filter((k) => k in props && (itemUi[k] as Record<string, unknown> | undefined)?.["ui:widget"] !== "hidden");
    const columns = visible.map((key) => [key, props[key]] as const).map(([key, p]) => ({
      title: p.title ?? key, key, render: (_: unknown, row: Record<string, unknown>) => render(row[key], p, attachments),
    }));
    // a one-track grid adds nothing to the cell's minimum width: a wide list scrolls inside its cell
    // instead of widening the whole table and squeezing the labels to one character per line
    return <div className="child-list-view" style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr)" }}>
      <Table size="small" pagination={rows.length > 10 ? { pageSize: 10 } : false} scroll={{ x: "max-content" }}
        rowKey={(_, i) => String(i)} dataSource={rows} locale={{ emptyText: "暂无数据" }}
        columns={[{ title: "序号", key: "i", render: (_: unknown, __: unknown, i: number) => i + 1 }, ...columns]} />
    </div>;
  }
  return valueText(value, prop);
}

export default function RecordFieldsView({ schema, uiSchema, data, attachments }: {
  schema: Record<string, unknown>; uiSchema: Record<string, unknown>; data: Record<string, unknown>; attachments: Attachment[];
}) {
  const props = (schema.properties ?? {}) as Record<string, Prop>;
  const order = (uiSchema["ui:order"] as string[] | undefined) ?? Object.keys(props);
  const keys = [...order.filter((k) => k in props), ...Object.keys(props).filter((k) => !order.includes(k))]
    .filter((k) => isVisible(uiSchema[k] as Record<string, unknown> | undefined, data));
  return (
    <Descriptions bordered size="small" column={2} labelStyle={{ width: 160 }} items={keys.map((key) => {
      const prop = props[key];
      const wide = prop.type === "array" || (uiSchema[key] as Record<string, unknown> | undefined)?.["ui:widget"] === "textarea";
      return { key, label: prop.title ?? key, span: wide ? 2 : 1,
        children: render(data[key], prop, attachments, uiSchema[key] as Record<string, unknown> | undefined) };
    })} />
  );
}
