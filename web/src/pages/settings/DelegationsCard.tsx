// 委托 (个人设置): out-of-office delegation of one's review tasks to a colleague of the same review group
// for a date range. During the range the colleague completes the tasks handed to me for me (the 审核记录
// says 「代 X 审核」); both of us see it here, and I can revoke it at any time.
import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { getActiveRole } from "../../api/session";

interface Person { id: number; account: string; name: string; unit?: string | null }
interface Delegation {
  id: number; delegator: Person; delegate: Person; role: string; role_label: string; unit: string | null;
  starts_on: string; ends_on: string; reason: string | null; status: string; status_label: string;
}
interface Group { role: string; role_label: string; unit_id: number | null; unit_name: string | null; colleagues: Person[] }

const STATUS_COLORS: Record<string, string> = { active: "green", upcoming: "blue", ended: "default", revoked: "default" };
const listKey = ["me", "delegations"] as const;

function groupLabel(g: { role_label: string; unit_name?: string | null; unit?: string | null }): string {
  const unit = g.unit_name ?? g.unit;
  return unit ? `${unit} · ${g.role_label}` : g.role_label;
}

export default function DelegationsCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const role = getActiveRole();
  const list = useQuery({ queryKey: listKey, queryFn: () => unwrap(api.GET("/api/v1/me/delegations")) as Promise<{
    given: Delegation[]; received: Delegation[] }> });
  const options = useQuery({ queryKey: ["role", role, "delegation-options"],
    queryFn: () => unwrap(api.GET("/api/v1/me/delegations/options")) as Promise<Group[]> });
  const [groupIndex, setGroupIndex] = useState(0);
  const [delegate, setDelegate] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const group = options.data?.[groupIndex];
  const refresh = () => void queryClient.invalidateQueries({ queryKey: listKey });

  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/delegations", { body: {
      delegate_id: delegate!, role: group!.role, unit_id: group!.unit_id,
      starts_on: range![0].format("YYYY-MM-DD"), ends_on: range![1].format("YYYY-MM-DD"), reason: reason.trim() || null,
    } })) as Promise<Delegation>,
    onSuccess: (d) => {
      message.success(`已委托${d.delegate.name}（${d.starts_on} 至 ${d.ends_on}）`);
      setDelegate(undefined); setRange(null); setReason(""); setTouched(false);
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/me/delegations/{delegation_id}/revoke", {
      params: { path: { delegation_id: id } } })),
    onSuccess: () => { message.success("委托已撤销"); refresh(); },
    onError: (e) => message.error(errorMessage(e)),
  });

  function submit() {
    setTouched(true);
    if (group && delegate !== undefined && range) create.mutate();
  }

  const period = (d: Delegation) => `${d.starts_on} 至 ${d.ends_on}`;
  const status = (d: Delegation) => <Tag color={STATUS_COLORS[d.status]}>{d.status_label}</Tag>;
  const common = [
    { title: "审核职责", key: "group", render: (_: unknown, d: Delegation) => groupLabel(d) },
    { title: "委托期限", key: "period", render: (_: unknown, d: Delegation) => period(d) },
    { title: "状态", key: "status", render: (_: unknown, d: Delegation) => status(d) },
    { title: "委托说明", dataIndex: "reason", render: (v: string | null) => v || "—" },
  ];

  return (
    <Card title="委托">
      <Typography.Paragraph type="secondary">
        外出期间，可将审核任务委托给同一单位、审核同一环节的同事。委托期间，您的待审核任务也可由受托人代为处理，审核记录中显示「代您审核」；委托可随时撤销。
      </Typography.Paragraph>
      {options.data && options.data.length === 0 ? (
        <Alert type="info" showIcon message="当前角色没有审核职责，无需委托" style={{ marginBottom: 16 }} />
      ) : group ? (
        <Form layout="vertical" style={{ maxWidth: 720 }}>
          <Space wrap align="start" size="middle">
            <Form.Item label="审核职责" htmlFor="delegation-group" required>
              <Select id="delegation-group" style={{ width: 240 }} value={groupIndex}
                onChange={(i: number) => { setGroupIndex(i); setDelegate(undefined); }}
                options={options.data!.map((g, i) => ({ value: i, label: groupLabel(g) }))} />
            </Form.Item>
            <Form.Item label="受托人" htmlFor="delegation-delegate" required
              validateStatus={touched && delegate === undefined ? "error" : undefined}
              help={touched && delegate === undefined ? "请选择受托人" : undefined}>
              <Select id="delegation-delegate" style={{ width: 240 }} placeholder="请选择同事" value={delegate}
                onChange={setDelegate} showSearch optionFilterProp="label"
                notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本环节没有其他审核人" />}
                options={group.colleagues.map((p) => ({ value: p.id, label: `${p.name}（${p.account}）` }))} />
            </Form.Item>
          </Space>
          <Space wrap align="start" size="middle">
            <Form.Item label="委托期限" required validateStatus={touched && !range ? "error" : undefined}
              help={touched && !range ? "请选择开始和结束日期" : undefined}>
              <DatePicker.RangePicker aria-label="委托期限" value={range} style={{ width: 280 }}
                placeholder={["开始日期", "结束日期"]} disabledDate={(d) => d.isBefore(dayjs(), "day")}
                onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} />
            </Form.Item>
            <Form.Item label="委托说明" htmlFor="delegation-reason">
              <Input id="delegation-reason" style={{ width: 240 }} maxLength={200} placeholder="选填，如：出差、休假"
                value={reason} onChange={(e) => setReason(e.target.value)} />
            </Form.Item>
          </Space>
          <Form.Item>
            <Button type="primary" loading={create.isPending} onClick={submit}>新增委托</Button>
          </Form.Item>
        </Form>
      ) : null}
      <Typography.Title level={5}>我委托的</Typography.Title>
      <Table<Delegation> size="small" rowKey="id" pagination={false} loading={list.isPending} dataSource={list.data?.given}
        locale={{ emptyText: "暂无委托" }} style={{ marginBottom: 24 }}
        columns={[
          { title: "受托人", key: "delegate", render: (_, d) => `${d.delegate.name}（${d.delegate.account}）` },
          ...common,
          { title: "操作", key: "ops", render: (_, d) => d.status === "active" || d.status === "upcoming" ? (
            <Popconfirm title="撤销后受托人立即不能再代您审核，确定撤销吗？" okText="撤销" cancelText="取消"
              onConfirm={() => revoke.mutate(d.id)}>
              <Button size="small" danger>撤销</Button>
            </Popconfirm>) : "—" },
        ]} />
      <Typography.Title level={5}>委托给我的</Typography.Title>
      <Table<Delegation> size="small" rowKey="id" pagination={false} loading={list.isPending} dataSource={list.data?.received}
        locale={{ emptyText: "暂无委托" }}
        columns={[{ title: "委托人", key: "delegator", render: (_, d) => `${d.delegator.name}（${d.delegator.account}）` }, ...common]} />
    </Card>
  );
}
