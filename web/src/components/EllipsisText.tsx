// A table cell's text on one line: cut with … when the column is too narrow, whole in a tooltip then.
import { Typography } from "antd";

export default function EllipsisText({ text }: { text: string }) {
  return <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: "100%" }}>{text}</Typography.Text>;
}
