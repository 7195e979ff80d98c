// Child lists (病案列表, 参考文献 …): one numbered, editable row per item with ↑ ↓ 删除 and 添加一行.
import { Button, Card, Empty, Space, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { ArrayFieldTemplateProps } from "@rjsf/utils";

export default function ChildListTemplate(props: ArrayFieldTemplateProps) {
  const { items, canAdd, onAddClick, title, required, disabled, readonly, idSchema, uiSchema } = props;
  const help = uiSchema?.["ui:help"] as string | undefined;
  const locked = disabled || readonly;
  return (
    <fieldset id={idSchema.$id} style={{ border: 0, margin: 0, padding: 0 }}>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }}>
        <Typography.Text strong>
          {required && <span style={{ color: "#ff4d4f", marginRight: 4 }}>*</span>}
          {title}
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: "normal" }}>共 {items.length} 条</Typography.Text>
        </Typography.Text>
      </Space>
      {help && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{help}</Typography.Paragraph>}
      {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />}
      {items.map((item) => (
        <Card key={item.key} size="small" style={{ marginBottom: 8 }} title={`第 ${item.index + 1} 条`}
          extra={item.hasToolbar && !locked ? (
            <Space size={4}>
              <Button size="small" icon={<ArrowUpOutlined />} aria-label={`上移第 ${item.index + 1} 条`}
                disabled={!item.hasMoveUp} onClick={item.onReorderClick(item.index, item.index - 1)} />
              <Button size="small" icon={<ArrowDownOutlined />} aria-label={`下移第 ${item.index + 1} 条`}
                disabled={!item.hasMoveDown} onClick={item.onReorderClick(item.index, item.index + 1)} />
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={`删除第 ${item.index + 1} 条`}
                disabled={!item.hasRemove} onClick={item.onDropIndexClick(item.index)} />
            </Space>
          ) : null}>
          {item.children}
        </Card>
      ))}
      {canAdd && !locked && (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={onAddClick}>添加一行</Button>
      )}
    </fieldset>
  );
}
