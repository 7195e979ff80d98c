// /admin/units — 单位管理 (catalog §0.6): units and functional departments, their type, 默认科研归口部门 and
// 上级单位; 停用 is refused with the list of what still holds the unit.
import { useMemo, useState } from "react";
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, errorMessage } from "../../api/errors";
import { OWNS_RESEARCH, RESEARCH_OWNERS, UNIT_KINDS, adminKeys, createUnit, fetchUnits, setUnitActive, updateUnit,
  type Unit, type UnitInput } from "../../api/admin";
import ActiveTag from "../../components/ActiveTag";
import ErrorState from "../../components/ErrorState";
import { applyFieldErrors } from "./formErrors";

export default function UnitsPage() {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const units = useQuery({ queryKey: adminKeys.units, queryFn: fetchUnits });
  const [editing, setEditing] = useState<Unit | "new" | null>(null);
  const [search, setSearch] = useState("");
  const [kind, setKind] = useState<string | undefined>();
  const rows = useMemo(() => (units.data ?? []).filter((u) => (!kind || u.kind === kind)
    && (!search || u.name.includes(search) || u.code.toLowerCase().includes(search.toLowerCase()))), [units.data, kind, search]);
  const toggle = useMutation({
    mutationFn: (unit: Unit) => setUnitActive(unit.id, !unit.is_active),
    onSuccess: (unit) => {
      message.success(`已${unit.is_active ? "启用" : "停用"}「${unit.name}」`);
      void queryClient.invalidateQueries({ queryKey: adminKeys.units });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        modal.error({ title: e.message, content: <ul style={{ paddingLeft: 20, margin: 0 }}>{e.errors.map((x) => <li key={x.message}>{x.message}</li>)}</ul> });
      } else message.error(errorMessage(e));
    },
  });
  if (units.isError) return <ErrorState error={units.error} onRetry={() => void units.refetch()} />;
  return (
    <Card title="单位管理" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>新增单位</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="单位名称或编码" aria-label="查询单位" style={{ width: 240 }} onSearch={setSearch} />
        <Select allowClear placeholder="单位类型" aria-label="单位类型" style={{ width: 160 }} value={kind} onChange={setKind}
          options={UNIT_KINDS.map((k) => ({ value: k, label: k }))} />
      </Space>
      <Table<Unit> rowKey="id" size="middle" loading={units.isLoading} dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个单位`, showSizeChanger: false }}
        columns={[
          { title: "单位编码", dataIndex: "code", width: 110 },
          { title: "单位名称", dataIndex: "name" },
          { title: "单位类型", dataIndex: "kind", width: 100 },
          { title: "默认科研归口部门", dataIndex: "default_research_owner", width: 150, render: (v: string | null) => v ?? "—" },
          { title: "上级单位", dataIndex: "parent_name", render: (v: string | null) => v ?? "—" },
          { title: "在职人数", dataIndex: "people", width: 90, align: "right" },
          { title: "状态", dataIndex: "is_active", width: 80, render: (v: boolean) => <ActiveTag active={v} /> },
          { title: "操作", key: "actions", width: 130, render: (_, unit) => (
            <Space size={0}>
              <Button type="link" size="small" onClick={() => setEditing(unit)}>编辑</Button>
              <Button type="link" size="small" danger={unit.is_active} loading={toggle.isPending && toggle.variables?.id === unit.id}
                onClick={() => unit.is_active
                  ? modal.confirm({ title: `停用「${unit.name}」？`, content: "停用后不能再为该单位新建账号或授予角色。", okText: "停用",
                    okButtonProps: { danger: true }, onOk: () => toggle.mutate(unit) })
                  : toggle.mutate(unit)}>
                {unit.is_active ? "停用" : "启用"}</Button>
            </Space>
          ) },
        ]} />
      {editing && <UnitDialog unit={editing === "new" ? null : editing} units={units.data ?? []} onClose={() => setEditing(null)} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        学院、科研机构的科研类记录按“默认科研归口部门”送审；新增单位后即可使用，无需修改流程或决策表。
      </Typography.Paragraph>
    </Card>
  );
}

function UnitDialog({ unit, units, onClose }: { unit: Unit | null; units: Unit[]; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UnitInput>();
  const kind = Form.useWatch("kind", form);
  const save = useMutation({
    mutationFn: (values: UnitInput) => {
      const body = { ...values, default_research_owner: OWNS_RESEARCH(values.kind) ? values.default_research_owner : null,
        parent_id: values.parent_id ?? null };
      return unit ? updateUnit(unit.id, body) : createUnit(body);
    },
    onSuccess: (saved) => {
      message.success(unit ? `已保存「${saved.name}」` : `已新增单位「${saved.name}」`);
      void queryClient.invalidateQueries({ queryKey: adminKeys.units });
      onClose();
    },
    onError: (e) => { if (!applyFieldErrors(form, e)) message.error(errorMessage(e)); },
  });
  return (
    <Modal open title={unit ? `编辑单位：${unit.name}` : "新增单位"} okText="保存" cancelText="取消" onCancel={onClose}
      confirmLoading={save.isPending} onOk={() => void form.validateFields().then((v) => save.mutate(v))} destroyOnClose>
      <Form form={form} layout="vertical" initialValues={unit ?? { kind: "学院" }} preserve={false}>
        <Form.Item name="code" label="单位编码" rules={[{ required: true, message: "请填写单位编码" }, { max: 32 }]}><Input /></Form.Item>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: "请填写单位名称" }, { max: 100 }]}><Input /></Form.Item>
        <Form.Item name="kind" label="单位类型" rules={[{ required: true }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        {OWNS_RESEARCH(kind) && (
          <Form.Item name="default_research_owner" label="默认科研归口部门" rules={[{ required: true, message: "请选择默认科研归口部门" }]}>
            <Select options={RESEARCH_OWNERS.map((o) => ({ value: o, label: o }))} />
          </Form.Item>
        )}
        <Form.Item name="parent_id" label="上级单位">
          <Select allowClear showSearch optionFilterProp="label" placeholder="（无）"
            options={units.filter((u) => u.is_active && u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
