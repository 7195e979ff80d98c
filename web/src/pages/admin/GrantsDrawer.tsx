// 角色: an account's role grants with their scope (单位, 类目), 授予 and 撤销 (catalog §6.2, §6.3 rule 5).
import { App, Button, Descriptions, Drawer, Form, List, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { SCOPE_CATEGORIES, addGrant, adminKeys, fetchAccount, fetchGrantableRoles, removeGrant, scopeCategoryLabel,
  type Unit } from "../../api/admin";
import ErrorState from "../../components/ErrorState";
import { applyFieldErrors } from "./formErrors";

interface GrantForm { role: string; unit_id?: number | null; categories?: string[] }

export default function GrantsDrawer({ account, units, onClose, onChanged }: {
  account: string; units: Unit[]; onClose: () => void; onChanged: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: adminKeys.account(account), queryFn: () => fetchAccount(account) });
  const roles = useQuery({ queryKey: ["admin", "roles"], queryFn: fetchGrantableRoles, staleTime: 5 * 60_000 });
  const [form] = Form.useForm<GrantForm>();
  const role = Form.useWatch("role", form);
  const option = roles.data?.find((r) => r.role === role);
  const changed = (next: unknown) => {
    queryClient.setQueryData(adminKeys.account(account), next);
    onChanged();
  };
  const add = useMutation({
    mutationFn: (values: GrantForm) => addGrant(account, { role: values.role, unit_id: values.unit_id ?? null,
      categories: option?.categories ? values.categories ?? [] : null }),
    onSuccess: (next) => { message.success("已授予角色"); form.resetFields(); changed(next); },
    onError: (e) => { if (!applyFieldErrors(form, e)) message.error(errorMessage(e)); },
  });
  const remove = useMutation({
    mutationFn: (grantId: number) => removeGrant(account, grantId),
    onSuccess: (next) => { message.success("已撤销角色"); changed(next); },
    onError: (e) => message.error(errorMessage(e)),
  });
  const unitOptions = units.filter((u) => u.is_active && (option?.scope !== "department" || u.kind === "职能部门"))
    .map((u) => ({ value: u.id, label: u.name }));
  const a = detail.data;
  return (
    <Drawer open width={560} title={a ? `角色：${a.name}（${a.account}）` : "角色"} onClose={onClose}>
      {detail.isError && <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
      {a && (
        <>
          <Descriptions size="small" column={2} items={[
            { key: "unit", label: "所属单位", children: a.unit_name ?? "—" },
            { key: "level", label: "账号级别", children: a.level },
            { key: "staff", label: "在编教职工", children: a.is_staff ? "是" : "否" },
          ]} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>已有角色</Typography.Title>
          <List bordered dataSource={a.grants} locale={{ emptyText: "没有角色" }} renderItem={(g) => (
            <List.Item actions={[
              <Popconfirm key="remove" title={`撤销「${g.role_label}」？`} okText="撤销" cancelText="取消" onConfirm={() => remove.mutate(g.id)}>
                <Button type="link" danger size="small">撤销</Button>
              </Popconfirm>,
            ]}>
              <Space direction="vertical" size={0}>
                <span><Tag color="blue">{g.role_label}</Tag>{g.unit_name ?? (g.role === "teacher" ? "" : "全校")}</span>
                {g.categories && <Typography.Text type="secondary">类目：{g.categories.map(scopeCategoryLabel).join("、")}</Typography.Text>}
              </Space>
            </List.Item>
          )} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>授予角色</Typography.Title>
          <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: "请选择角色" }]}>
              <Select loading={roles.isLoading} options={(roles.data ?? []).map((r) => ({ value: r.role, label: r.label }))}
                onChange={() => form.setFieldsValue({ unit_id: undefined, categories: undefined })} />
            </Form.Item>
            {option && option.scope !== "none" && option.scope !== "school" && (
              <Form.Item name="unit_id" label={option.scope === "department" ? "职能部门" : "范围单位"}
                extra={option.scope === "unit_or_school" ? "不选择单位即为校级" : undefined}
                rules={option.scope === "unit_or_school" ? [] : [{ required: true, message: "请选择单位" }]}>
                <Select allowClear showSearch optionFilterProp="label" options={unitOptions} />
              </Form.Item>
            )}
            {option?.categories && (
              <Form.Item name="categories" label="负责类目" rules={[{ required: true, message: "请选择「二级单位管理员」负责的类目" }]}>
                <Select mode="multiple" options={SCOPE_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={add.isPending}>授予</Button>
          </Form>
        </>
      )}
    </Drawer>
  );
}
