import { Tag } from "antd";

// 启用 / 停用 of a unit or an account (is_active)
export default function ActiveTag({ active }: { active: boolean }) {
  return active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>;
}
