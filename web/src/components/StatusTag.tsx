import { Tag } from "antd";
import { statusLabel, type Status } from "../labels";

// text/background pairs with at least 4.5:1 contrast
export const STATUS_TAG_STYLES: Record<Status, { color: string; background: string; borderColor: string }> = {
  draft: { color: "#434343", background: "#fafafa", borderColor: "#d9d9d9" },
  in_review: { color: "#0950b8", background: "#e6f4ff", borderColor: "#91caff" },
  returned: { color: "#8c3a00", background: "#fff7e6", borderColor: "#ffd591" },
  approved: { color: "#1f6a04", background: "#f6ffed", borderColor: "#b7eb8f" },
  terminated: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
};

export default function StatusTag({ family, status }: { family?: string; status: string }) {
  return <Tag style={STATUS_TAG_STYLES[status as Status] ?? STATUS_TAG_STYLES.draft}>{statusLabel(family, status)}</Tag>;
}
