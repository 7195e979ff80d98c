// 审核记录 (catalog §3.7): 环节, 处理部门, 处理人, 处理结果, 审核意见, 电子签名 (single reviews, §5.2), 处理时间;
// below it, the signers of 会签/或签 steps (each signer and what became of his share, issue 11 item 4).
// A delegate's row says 「代 X 审核」 (委托); a 转交 row names whom the task was handed to.
import { Table, Tag, Typography } from "antd";
import type { Signer, TrailEntry } from "../../../api/types";
import { formatTime } from "../../../components/format";

const ACTION_STYLES: Record<string, { color: string; background: string; borderColor: string }> = {
  approve: { color: "#1f6a04", background: "#f6ffed", borderColor: "#b7eb8f" },
  return: { color: "#8c3a00", background: "#fff7e6", borderColor: "#ffd591" },
  terminate: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  submit: { color: "#0950b8", background: "#e6f4ff", borderColor: "#91caff" },
  return_previous: { color: "#874d00", background: "#fffbe6", borderColor: "#ffe58f" },
  open: { color: "#0950b8", background: "#e6f4ff", borderColor: "#91caff" },
  closed: { color: "#595959", background: "#fafafa", borderColor: "#d9d9d9" },
  transfer: { color: "#531dab", background: "#f9f0ff", borderColor: "#d3adf7" },
};

/** 会签/或签签批情况: one row per signer of each multi-signer step, oldest first. */
export function SignersTable({ signers }: { signers: Signer[] }) {
  if (signers.length === 0) return null;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>会签 / 或签签批情况</Typography.Title>
      <Table<Signer> size="small" pagination={false} rowKey={(s, i) => `${s.step}-${s.name}-${i}`} dataSource={signers}
        aria-label="会签或签签批情况"
        columns={[
          { title: "环节", key: "step", render: (_, s) => <>{s.step} <Tag color={s.sign_mode === "all" ? "purple" : "cyan"}>{s.sign_mode_label}</Tag></> },
          { title: "签批人", dataIndex: "name" },
          { title: "签批结果", key: "state", render: (_, s) => <Tag style={ACTION_STYLES[s.state]}>{s.state_label}</Tag> },
          { title: "处理时间", dataIndex: "at", render: (v: string | null) => (v ? formatTime(v) : "—") },
        ]} />
    </>
  );
}

export default function TrailTable({ trail }: { trail: TrailEntry[] }) {
  return (
    <Table<TrailEntry> size="small" pagination={false} rowKey={(e, i) => `${e.at}-${i}`} dataSource={trail}
      locale={{ emptyText: "暂无审核记录" }}
      columns={[
        { title: "环节", dataIndex: "step" },
        { title: "处理部门", dataIndex: "unit", render: (v: string | null) => v ?? "—" },
        { title: "处理人", key: "actor", render: (_, e) => (
          <>
            {`${e.actor.name}（${e.actor.account}）`}
            {e.acted_for ? <div><Tag color="purple" style={{ marginTop: 2 }}>代 {e.acted_for.name} 审核</Tag></div> : null}
          </>
        ) },
        { title: "处理结果", key: "action", render: (_, e) => (
          <>
            <Tag style={ACTION_STYLES[e.action]}>{e.action_label}</Tag>
            {e.target_user ? <span>→ {e.target_user.name}（{e.target_user.account}）</span> : null}
          </>
        ) },
        { title: "审核意见", dataIndex: "comment", render: (v: string | null) => v || "—" },
        { title: "电子签名", key: "signature", render: (_, e) => e.signature_url
          ? <img src={e.signature_url} alt={`${e.actor.name}的电子签名（第 ${e.signature_version} 版）`} style={{ height: 32 }} /> : "—" },
        { title: "处理时间", dataIndex: "at", render: (v: string) => formatTime(v) },
      ]} />
  );
}
