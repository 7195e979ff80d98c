// /admin/accounts — 人员管理 (catalog §6.1–§6.3): accounts in the caller's reach, searched by 账号 / 姓名;
// 新建账号, 编辑, 角色, 重置密码 (a one-time password shown once), 停用 / 启用.
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { App, Button, Card, Input, Select, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { adminKeys, fetchUnits, resetPassword, searchAccounts, setAccountActive, type Account } from "../../api/admin";
import ActiveTag from "../../components/ActiveTag";
import ErrorState from "../../components/ErrorState";
import { serverPagination } from "../../components/pagination";
import AccountDialog from "./AccountDialog";
import GrantsDrawer from "./GrantsDrawer";
import { showOneTimePassword } from "./oneTimePassword";

const PAGE_SIZE = 20;

export default function AccountsPage() {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const unitId = params.get("unit") ? Number(params.get("unit")) : undefined;
  const active = params.get("active") === null ? undefined : params.get("active") === "true";
  const page = Number(params.get("page") ?? 1);
  const query = { q: q || undefined, unit_id: unitId, active, page, page_size: PAGE_SIZE };
  const accounts = useQuery({ queryKey: adminKeys.accounts(query), queryFn: () => searchAccounts(query) });
  const units = useQuery({ queryKey: adminKeys.units, queryFn: fetchUnits, staleTime: 60_000 });
  const [editing, setEditing] = useState<Account | "new" | null>(null);
  const [granting, setGranting] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["admin"] });

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value); else next.delete(key);
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };

  const toggle = useMutation({
    mutationFn: (a: Account) => setAccountActive(a.account, !a.is_active),
    onSuccess: (a) => { message.success(`已${a.is_active ? "启用" : "停用"}账号 ${a.account}`); refresh(); },
    onError: (e) => message.error(errorMessage(e)),
  });
  const reset = useMutation({
    mutationFn: (a: Account) => resetPassword(a.account),
    onSuccess: (r) => { showOneTimePassword(modal, `已重置 ${r.name}（${r.account}）的密码`, r.one_time_password); refresh(); },
    onError: (e) => message.error(errorMessage(e)),
  });

  if (accounts.isError) return <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />;
  return (
    <Card title="人员管理" extra={
      <Space>
        <Link to="/admin/account-import"><Button icon={<UploadOutlined />}>批量生成账号</Button></Link>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>新建账号</Button>
      </Space>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="账号或姓名" aria-label="查询账号或姓名" style={{ width: 220 }} defaultValue={q}
          onSearch={(value) => set({ q: value.trim() || undefined })} />
        <Select allowClear showSearch optionFilterProp="label" placeholder="所属单位" aria-label="所属单位" style={{ width: 220 }}
          value={unitId} onChange={(v?: number) => set({ unit: v ? String(v) : undefined })}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        <Select allowClear placeholder="状态" aria-label="账号状态" style={{ width: 120 }} value={active === undefined ? undefined : String(active)}
          onChange={(v?: string) => set({ active: v })} options={[{ value: "true", label: "启用" }, { value: "false", label: "停用" }]} />
      </Space>
      <Table<Account> rowKey="id" size="middle" loading={accounts.isLoading} dataSource={accounts.data?.items ?? []}
        scroll={{ x: 1080 }}
        pagination={serverPagination(page, PAGE_SIZE, accounts.data?.total, (p) => set({ page: String(p) }), "人")}
        columns={[
          { title: "账号", dataIndex: "account", width: 110 },
          { title: "姓名", dataIndex: "name", width: 100 },
          { title: "所属单位", dataIndex: "unit_name", width: 180, render: (v: string | null) => v ?? "—" },
          { title: "级别", dataIndex: "level", width: 64 },
          { title: "角色", key: "grants", render: (_, a) => (
            <Space size={[0, 4]} wrap>{a.grants.map((g) => (
              <Tag key={g.id} color={g.role === "teacher" ? undefined : "blue"} style={{ whiteSpace: "normal", maxWidth: "100%" }}>
                {g.role_label}{g.unit_name && g.role !== "teacher" ? `（${g.unit_name}）` : ""}</Tag>
            ))}</Space>
          ) },
          { title: "状态", key: "state", width: 96, render: (_, a) => (
            <Space size={0} wrap>
              <ActiveTag active={a.is_active} />
              {a.must_change_password && <Tag color="orange">待改密</Tag>}
            </Space>
          ) },
          { title: "操作", key: "actions", width: 250, fixed: "right", render: (_, a) => (
            <Space size={0} wrap>
              <Button type="link" size="small" onClick={() => setEditing(a)}>编辑</Button>
              <Button type="link" size="small" onClick={() => setGranting(a.account)}>角色</Button>
              <Button type="link" size="small" onClick={() => modal.confirm({
                title: `重置 ${a.name}（${a.account}）的密码？`, content: "将生成一次性密码，原密码和已登录的会话立即失效；对方登录后须修改密码。",
                okText: "重置", onOk: () => reset.mutateAsync(a) })}>重置密码</Button>
              <Button type="link" size="small" danger={a.is_active} onClick={() => a.is_active
                ? modal.confirm({ title: `停用账号 ${a.account}（${a.name}）？`, content: "停用后该账号立即退出，不能再登录。",
                  okText: "停用", okButtonProps: { danger: true }, onOk: () => toggle.mutateAsync(a) })
                : toggle.mutate(a)}>{a.is_active ? "停用" : "启用"}</Button>
            </Space>
          ) },
        ]} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        校级系统管理员管理全部账号；二级单位管理员管理本单位教职工账号。新建或重置密码后，请将一次性密码告知本人，首次登录须修改密码。
      </Typography.Paragraph>
      {editing && <AccountDialog account={editing === "new" ? null : editing} units={units.data ?? []}
        onClose={() => setEditing(null)} onSaved={refresh} />}
      {granting && <GrantsDrawer account={granting} units={units.data ?? []} onClose={() => setGranting(null)} onChanged={refresh} />}
    </Card>
  );
}
