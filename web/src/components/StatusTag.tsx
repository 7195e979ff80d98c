import { Tag } from "antd";
import { STATUS_COLORS, statusLabel, type Status } from "../labels";

export default function StatusTag({ family, status }: { family?: string; status: string }) {
  return <Tag color={STATUS_COLORS[status as Status] ?? "default"}>{statusLabel(family, status)}</Tag>;
}
