// Child lists (病案列表, 参考文献 …): an editable table, one numbered row per item with ↑ ↓ 删除, then 添加一行.
import { Button, Empty, Space, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { ArrayFieldTemplateProps } from "@rjsf/utils";
import "./child-list.css";

export default function ChildListTemplate(props: ArrayFieldTemplateProps) {
  const { items, canAdd, onAddClick, title, required, disabled, readonly, idSchema } = props;
  const locked = disabled || readonly;
  return (
    <fieldset id={idSchema.$id} className="child-list" aria-label={title}>
      <div className="child-list-title">
        <Typography.Text strong>
          {required && <span style={{ color: "#ff4d4f", marginRight: 4 }}>*</span>}
          {title}
        </Typography.Text>
        <Typography.Text type="secondary">共 {items.length} 条</Typography.Text>
      </div>
      <div className="child-list-body">
        {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据，请点击「添加一行」" />}
        {items.map((item) => (
          <div key={item.key} className="child-row" role="group" aria-label={`第 ${item.index + 1} 条`}>
            <div className="child-row-index">{item.index + 1}</div>
            <div className="child-row-fields">{item.children}</div>
            {item.hasToolbar && !locked && (
              <Space size={4} className="child-row-actions">
                <Button size="small" icon={<ArrowUpOutlined />} aria-label={`上移第 ${item.index + 1} 条`}
                  disabled={!item.hasMoveUp} onClick={item.onReorderClick(item.index, item.index - 1)} />
                <Button size="small" icon={<ArrowDownOutlined />} aria-label={`下移第 ${item.index + 1} 条`}
                  disabled={!item.hasMoveDown} onClick={item.onReorderClick(item.index, item.index + 1)} />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`删除第 ${item.index + 1} 条`}
                  disabled={!item.hasRemove} onClick={item.onDropIndexClick(item.index)} />
              </Space>
            )}
          </div>
        ))}
      </div>
      {canAdd && !locked && (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={onAddClick} style={{ marginTop: 8 }}>添加一行</Button>
      )}
    </fieldset>
  );
}
