// /admin/roles — 角色管理 (catalog §6.2): who holds each role, with the grant's scope (单位, 类目).
import { useState } from "react";
import { Card, Space, Table, Tabs, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { adminKeys, fetchGrantableRoles, fetchUnits, scopeCategoryLabel, searchAccounts, type Account } from "../../api/admin";
import ActiveTag from "../../components/ActiveTag";
import ErrorState from "../../components/ErrorState";
import { serverPagination } from "../../components/pagination";
import GrantsDrawer from "./GrantsDrawer";

const PAGE_SIZE = 20;

export default function RolesPage() {
  const roles = useQuery({ queryKey: ["admin", "roles"], queryFn: fetchGrantableRoles, staleTime: 5 * 60_000 });
  const units = useQuery({ queryKey: adminKeys.units, queryFn: fetchUnits, staleTime: 60_000 });
  const [picked, setPicked] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [granting, setGranting] = useState<string | null>(null);
  const role = picked ?? roles.data?.find((r) => r.role !== "teacher")?.role ?? roles.data?.[0]?.role ?? null;
  const query = { role: role ?? undefined, page, page_size: PAGE_SIZE };
  const holders = useQuery({ queryKey: adminKeys.accounts(query), queryFn: () => searchAccounts(query), enabled: !!role });
  if (roles.isError) return <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  const label = roles.data?.find((r) => r.role === role)?.label ?? "";
  return (
    <Card title="角色管理">
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Tabs activeKey={role ?? undefined} onChange={(v) => { setPicked(v); setPage(1); }} style={{ marginBottom: -16 }}
          items={(roles.data ?? []).map((r) => ({ key: r.role, label: r.label }))} />
        <Typography.Text type="secondary">「{label}」的授权。要授予或撤销角色，点击“调整角色”。</Typography.Text>
        <Table<Account> rowKey="id" size="middle" loading={holders.isLoading} dataSource={holders.data?.items ?? []}
          pagination={serverPagination(page, PAGE_SIZE, holders.data?.total, setPage, "人")}
          columns={[
            { title: "账号", dataIndex: "account", width: 120 },
            { title: "姓名", dataIndex: "name", width: 110 },
            { title: "所属单位", dataIndex: "unit_name", render: (v: string | null) => v ?? "—" },
            { title: "授权范围", key: "scope", render: (_, a) => (
              <Space direction="vertical" size={0}>{a.grants.filter((g) => g.role === role).map((g) => (
                <span key={g.id}><Tag color="blue">{g.unit_name ?? "全校"}</Tag>
                  {g.categories && <Typography.Text type="secondary">{g.categories.map(scopeCategoryLabel).join("、")}</Typography.Text>}</span>
              ))}</Space>
            ) },
            { title: "状态", dataIndex: "is_active", width: 80, render: (v: boolean) => <ActiveTag active={v} /> },
            { title: "操作", key: "actions", width: 100, render: (_, a) => <a onClick={() => setGranting(a.account)}>调整角色</a> },
          ]} />
      </Space>
      {granting && <GrantsDrawer account={granting} units={units.data ?? []} onClose={() => setGranting(null)}
        onChanged={() => void holders.refetch()} />}
    </Card>
  );
}
