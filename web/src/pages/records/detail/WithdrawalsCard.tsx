// 撤回记录 of one record (catalog §3.4): 撤回原因, 申请时间, 处理情况, 状态, 处理说明, 处理人, 处理时间.
import { Card, Table } from "antd";
import { useWithdrawals } from "../../../api/hooks";
import type { Withdrawal } from "../../../api/types";
import { formatTime } from "../../../components/format";

export default function WithdrawalsCard({ recordId, recordType }: { recordId: number; recordType: string }) {
  const list = useWithdrawals({ record_type: recordType, page: 1, page_size: 200 });
  const rows = (list.data?.items ?? []).filter((w) => w.record_id === recordId);
  if (!list.isPending && rows.length === 0) return null;
  return (
    <Card title="撤回记录" size="small">
      <Table<Withdrawal> size="small" rowKey="id" pagination={false} loading={list.isPending} dataSource={rows}
        columns={[
          { title: "撤回原因", dataIndex: "reason" },
          { title: "申请时间", dataIndex: "requested_at", render: formatTime },
          { title: "处理情况", dataIndex: "handling_label" },
          { title: "状态", dataIndex: "outcome_label" },
          { title: "处理说明", dataIndex: "note", render: (v: string | null) => v || "—" },
          { title: "处理人", key: "by", render: (_, w) => w.handled_by?.name ?? "—" },
          { title: "处理时间", dataIndex: "handled_at", render: formatTime },
        ]} />
    </Card>
  );
}
