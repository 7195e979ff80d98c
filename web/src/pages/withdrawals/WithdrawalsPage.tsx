// /withdrawals — 撤回记录 (teacher) / 撤回审核 (二级单位管理员: 同意 / 不同意), catalog §3.4.
import { useState } from "react";
import { Link } from "react-router-dom";
import { App, Button, Card, Input, Modal, Select, Space, Table, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { useRecordTypes, useWithdrawals, type WithdrawalQuery } from "../../api/hooks";
import type { Withdrawal } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import { COMMENT_MAX } from "../../labels";

export default function WithdrawalsPage() {
  const { role } = useActiveRole();
  const types = useRecordTypes();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<WithdrawalQuery>({ page: 1, page_size: 20 });
  const list = useWithdrawals(filters);
  const [deciding, setDeciding] = useState<{ item: Withdrawal; agree: boolean } | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const admin = role === "unit_admin";

  async function decide() {
    if (!deciding) return;
    setBusy(true);
    try {
      await unwrap(api.POST("/api/v1/withdrawals/{request_id}/decision", {
        params: { path: { request_id: deciding.item.id } }, body: { agree: deciding.agree, note: note.trim() || null },
      }));
      message.success(deciding.agree ? "已同意撤回" : "已不同意撤回");
      setDeciding(null);
      setNote("");
      void queryClient.invalidateQueries({ queryKey: ["role"] });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{admin ? "撤回审核" : "撤回记录"}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear enterButton="查询" aria-label="按照业绩名称查询" placeholder="按照业绩名称查询" style={{ width: 280 }}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined, page: 1 }))} />
        <Select allowClear aria-label="业绩类别" placeholder="业绩类别" style={{ width: 240 }} showSearch optionFilterProp="label"
          options={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
          onChange={(v?: string) => setFilters((f) => ({ ...f, record_type: v, page: 1 }))} />
        <Select allowClear aria-label="处理情况" placeholder="处理情况" style={{ width: 140 }}
          options={[{ value: "pending", label: "待处理" }, { value: "processed", label: "已处理" }]}
          onChange={(v?: "pending" | "processed") => setFilters((f) => ({ ...f, handling: v, page: 1 }))} />
        <Select allowClear aria-label="状态" placeholder="状态" style={{ width: 140 }}
          options={[{ value: "withdrawn", label: "撤回成功" }, { value: "refused", label: "不予撤回" }, { value: "rejected", label: "不同意" }]}
          onChange={(v?: "withdrawn" | "refused" | "rejected") => setFilters((f) => ({ ...f, outcome: v, page: 1 }))} />
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
        <Table<Withdrawal> rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data?.items ?? []}
          locale={{ emptyText: list.isPending ? " " : "暂无撤回记录" }} scroll={{ x: "max-content" }}
          pagination={{ current: filters.page, pageSize: filters.page_size, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`,
            onChange: (page, page_size) => setFilters((f) => ({ ...f, page, page_size })) }}
          columns={[
            { title: "业绩类别", dataIndex: "record_type_name" },
            { title: "业绩名称", dataIndex: "record_title", render: (v: string | null) => v ?? "—" },
            ...(admin ? [{ title: "申请人", key: "requester", render: (_: unknown, w: Withdrawal) => w.requester.name }] : []),
            { title: "撤回原因", dataIndex: "reason", ellipsis: true },
            { title: "申请时间", dataIndex: "requested_at", render: formatTime },
            { title: "处理情况", dataIndex: "handling_label" },
            { title: "状态", dataIndex: "outcome_label" },
            { title: "处理说明", dataIndex: "note", render: (v: string | null) => v || "—" },
            { title: "操作", key: "op", render: (_, w) => (
              <Space>
                <Link to={admin ? `/review/records/${w.record_id}` : `/records/${w.record_id}`}>查看</Link>
                {w.can_decide && <>
                  <Button size="small" type="link" onClick={() => setDeciding({ item: w, agree: true })}>同意</Button>
                  <Button size="small" type="link" danger onClick={() => setDeciding({ item: w, agree: false })}>不同意</Button>
                </>}
              </Space>
            ) },
          ]} />
      )}
      <Modal open={!!deciding} title={deciding?.agree ? "同意撤回" : "不同意撤回"} okText="确定" cancelText="取消" confirmLoading={busy}
        onOk={() => void decide()} onCancel={() => setDeciding(null)}>
        <Typography.Paragraph>{deciding?.item.record_type_name}：{deciding?.item.record_title}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">撤回原因：{deciding?.item.reason}</Typography.Paragraph>
        <label htmlFor="withdraw-note">处理说明</label>
        <Input.TextArea id="withdraw-note" rows={3} maxLength={COMMENT_MAX} showCount value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
