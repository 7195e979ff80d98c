// 审核记录 (catalog §3.7): 环节, 处理部门, 处理人, 处理结果, 审核意见, 处理时间.
import { Table, Tag } from "antd";
import type { TrailEntry } from "../../../api/types";
import { formatTime } from "../../../components/format";

const ACTION_COLORS: Record<string, string> = { approve: "success", return: "warning", terminate: "error", submit: "processing" };

export default function TrailTable({ trail }: { trail: TrailEntry[] }) {
  return (
    <Table<TrailEntry> size="small" pagination={false} rowKey={(e, i) => `${e.at}-${i}`} dataSource={trail}
      locale={{ emptyText: "暂无审核记录" }}
      columns={[
        { title: "环节", dataIndex: "step" },
        { title: "处理部门", dataIndex: "unit", render: (v: string | null) => v ?? "—" },
        { title: "处理人", key: "actor", render: (_, e) => `${e.actor.name}（${e.actor.account}）` },
        { title: "处理结果", key: "action", render: (_, e) => <Tag color={ACTION_COLORS[e.action] ?? "default"}>{e.action_label}</Tag> },
        { title: "审核意见", dataIndex: "comment", render: (v: string | null) => v || "—" },
        { title: "处理时间", dataIndex: "at", render: (v: string) => formatTime(v) },
      ]} />
  );
}
