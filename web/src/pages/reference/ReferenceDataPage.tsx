// 系统管理 › 参考数据 (issue 12): the course catalogue, the term calendar, the default 考核年度 and every reference
// enum of the forms. 新增 / 修改 / 停用 / 启用 / 删除 (a value in use cannot be deleted, only retired); courses
// also from xlsx. Forms offer what is here at once; retired values stay on the records that hold them.
import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Menu, Modal, Popconfirm, Row, Select,
  Space, Switch, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { errorMessage } from "../../api/errors";
import { addValue, deleteValue, fetchOverview, fetchValues, referenceKeys, retireValue, setDefaultYear, updateValue,
  type ReferenceListInfo, type ReferenceValue, type ReferenceValues, type ValueFields } from "../../api/reference";
import ErrorState from "../../components/ErrorState";
import { STATUS_TAG_STYLES } from "../../components/StatusTag";
import PageSkeleton from "../../components/PageSkeleton";
import CourseImportDialog from "./CourseImportDialog";
import { filterLists, usesText, valueTitle, visibleValues } from "./referenceModel";

interface Editing { row: ReferenceValue | null }
interface ValueForm { value: string; owner_dept?: string; start_date?: Dayjs; end_date?: Dayjs }

export default function ReferenceDataPage() {
  const overview = useQuery({ queryKey: referenceKeys.overview, queryFn: fetchOverview });
  const [keyword, setKeyword] = useState("");
  const [selected, setSelected] = useState("course_catalog");
  const lists = useMemo(() => filterLists(overview.data?.lists ?? [], keyword), [overview.data, keyword]);
  if (overview.isPending) return <PageSkeleton rows={8} />;
  if (overview.error) return <ErrorState error={overview.error} />;
  const current = overview.data.lists.find((l) => l.name === selected) ?? overview.data.lists[0];
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}>参考数据</Typography.Title>}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          表单中的课程名称、学年学期和各类选项取自这里：新增后立即可选；已被记录使用的值不能删除，只能停用——停用后新记录不再提供，已有记录仍照常显示。
        </Typography.Paragraph>
        <DefaultYear year={overview.data.default_assessment_year} />
      </Card>
      <Row gutter={16} align="top">
        <Col xs={24} md={8} xl={6}>
          <Card title="数据项" size="small" styles={{ body: { padding: 8 } }}>
            <Input.Search allowClear placeholder="查找数据项或业绩类别" aria-label="查找数据项" value={keyword}
              onChange={(e) => setKeyword(e.target.value)} style={{ marginBottom: 8 }} />
            <nav aria-label="参考数据项" style={{ maxHeight: 560, overflowY: "auto" }}>
              <Menu mode="inline" selectedKeys={current ? [current.name] : []} onClick={({ key }) => setSelected(key)}
                style={{ borderInlineEnd: "none" }}
                items={lists.map((l) => ({ key: l.name, title: `${l.label}：${usesText(l)}`,
                  style: { height: "auto", lineHeight: 1.5, paddingBlock: 6, whiteSpace: "normal" },
                  label: <ListLabel list={l} /> }))} />
            </nav>
          </Card>
        </Col>
        <Col xs={24} md={16} xl={18}>
          {current ? <ValuesCard key={current.name} name={current.name} usedBy={usesText(current)} list={current} />
            : <Card><Empty description="没有参考数据项" /></Card>}
        </Col>
      </Row>
    </Space>
  );
}

/** A list in the 数据项 menu: the field and the record type it belongs to, with its number of values. */
function ListLabel({ list }: { list: ReferenceListInfo }) {
  const fixed = list.kind !== "enum";
  const use = list.uses[0];
  return (
    <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
      <div style={{ minWidth: 0 }}>
        <div>{fixed ? list.label : use?.label}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fixed ? `${list.uses.length} 个业绩类别使用` : use?.type_title}</Typography.Text>
      </div>
      <Typography.Text type="secondary" aria-label={`${list.active_count} 个启用值`}>{list.active_count}</Typography.Text>
    </div>
  );
}

function DefaultYear({ year }: { year: number }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<number | null>(year);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(year), [year]);
  async function save() {
    if (value === null) return;
    setBusy(true);
    try {
      await setDefaultYear(value);
      message.success("默认考核年度已保存");
      void queryClient.invalidateQueries({ queryKey: referenceKeys.overview });
      void queryClient.invalidateQueries({ queryKey: ["record-type-form"] });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space wrap>
      <label htmlFor="default-year">默认考核年度</label>
      <InputNumber id="default-year" min={2000} max={2100} precision={0} value={value} onChange={(v) => setValue(v)} />
      <Button onClick={() => void save()} loading={busy} disabled={value === year}>保存</Button>
      <Typography.Text type="secondary">新增业绩记录时「考核年度」默认填写此年度</Typography.Text>
    </Space>
  );
}

function ValuesCard({ name, usedBy, list }: { name: string; usedBy: string; list: ReferenceListInfo }) {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const values = useQuery({ queryKey: referenceKeys.values(name), queryFn: () => fetchValues(name) });
  const [showRetired, setShowRetired] = useState(true);
  const [editing, setEditing] = useState<Editing | null>(null);

  function refresh() {
    void queryClient.invalidateQueries({ queryKey: ["reference-data"] });
    void queryClient.invalidateQueries({ queryKey: ["record-type-form"] });
  }

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      refresh();
    } catch (e) {
      modal.error({ title: "操作未完成", content: errorMessage(e) });
    }
  }

  if (values.isPending) return <Card loading />;
  if (values.error) return <ErrorState error={values.error} />;
  const data: ReferenceValues = values.data;
  const title = valueTitle(data.kind, list);
  return (
    <Card title={<Space direction="vertical" size={0}><span>{data.label}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: "normal" }}>用于：{usedBy}</Typography.Text></Space>}
      extra={<Space wrap>
        <Space size={4}><Switch size="small" checked={showRetired} onChange={setShowRetired} aria-label="显示已停用" />显示已停用</Space>
        {data.kind === "course" && <CourseImportDialog onImported={refresh} />}
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ row: null })}>新增</Button>
      </Space>}>
      <Table<ReferenceValue> rowKey="id" size="middle" dataSource={visibleValues(data, showRetired)}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 条`, hideOnSinglePage: false }}
        rowClassName={(r) => (r.retired ? "reference-retired" : "")}
        columns={[
          { title: "序号", key: "index", width: 64, render: (_, _r, i) => i + 1 },
          { title, dataIndex: "value", render: (v: string, r) => <Typography.Text delete={r.retired} type={r.retired ? "secondary" : undefined}>{v}</Typography.Text> },
          ...(data.kind === "course" ? [{ title: "开课主管单位", dataIndex: "owner_dept" }] : []),
          ...(data.kind === "term" ? [{ title: "开始日期", dataIndex: "start_date" }, { title: "结束日期", dataIndex: "end_date" }] : []),
          { title: "使用记录数", dataIndex: "usage_count", width: 110, align: "right" as const },
          { title: "状态", key: "status", width: 90, render: (_, r) => <Tag style={STATUS_TAG_STYLES[r.retired ? "draft" : "approved"]}>{r.retired ? "已停用" : "启用"}</Tag> },
          { title: "操作", key: "actions", width: 200, render: (_, r) => (
            <Space size={4}>
              <Button type="link" size="small" aria-label={`修改“${r.value}”`} onClick={() => setEditing({ row: r })}>修改</Button>
              <Button type="link" size="small" aria-label={`${r.retired ? "启用" : "停用"}“${r.value}”`}
                onClick={() => void run(() => retireValue(r.id, !r.retired), r.retired ? `已启用“${r.value}”` : `已停用“${r.value}”`)}>
                {r.retired ? "启用" : "停用"}</Button>
              <Popconfirm title={`确定删除“${r.value}”吗？`} description="只有未被任何记录使用的值可以删除" okText="删除" cancelText="取消"
                onConfirm={() => run(() => deleteValue(r.id), `已删除“${r.value}”`)}>
                <Button type="link" size="small" danger aria-label={`删除“${r.value}”`}>删除</Button>
              </Popconfirm>
            </Space>
          ) },
        ]} />
      {editing && <ValueDialog data={data} title={title} row={editing.row} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}

function ValueDialog({ data, title, row, onClose, onSaved }: {
  data: ReferenceValues; title: string; row: ReferenceValue | null; onClose: () => void; onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ValueForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initial: Partial<ValueForm> = row ? { value: row.value, owner_dept: row.owner_dept ?? undefined,
    start_date: row.start_date ? dayjs(row.start_date) : undefined, end_date: row.end_date ? dayjs(row.end_date) : undefined } : {};

  async function save(values: ValueForm) {
    setBusy(true); setError(null);
    const body: ValueFields = { value: values.value };
    if (data.kind === "course") body.owner_dept = values.owner_dept ?? null;
    if (data.kind === "term") {
      body.start_date = values.start_date?.format("YYYY-MM-DD") ?? null;
      body.end_date = values.end_date?.format("YYYY-MM-DD") ?? null;
    }
    try {
      if (row) await updateValue(row.id, body); else await addValue(data.name, body);
      message.success(row ? "修改成功" : `已新增“${values.value.trim()}”`);
      onSaved();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`${row ? "修改" : "新增"}${title}`} okText="保存" cancelText="取消" confirmLoading={busy}
      onOk={() => form.submit()} onCancel={onClose} destroyOnClose>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
        <Form.Item label={title} name="value" rules={[{ required: true, whitespace: true, message: `请输入${title}` }, { max: 100 }]}
          extra={data.kind === "term" ? "格式如 2025-2026-1（第 1 学期）、2025-2026-2（第 2 学期）" : undefined}>
          <Input placeholder={`请输入${title}`} autoFocus />
        </Form.Item>
        {data.kind === "course" && (
          <Form.Item label="开课主管单位" name="owner_dept" rules={[{ required: true, message: "请选择开课主管单位" }]}
            extra="教师选择该课程时，开课主管单位自动带出；它决定由哪个职能部门审核">
            <Select placeholder="请选择开课主管单位" options={data.owner_dept_choices.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        )}
        {data.kind === "term" && (
          <Space size={16}>
            <Form.Item label="开始日期" name="start_date" rules={[{ required: true, message: "请选择开始日期" }]}>
              <DatePicker placeholder="请选择开始日期" />
            </Form.Item>
            <Form.Item label="结束日期" name="end_date" rules={[{ required: true, message: "请选择结束日期" }]}>
              <DatePicker placeholder="请选择结束日期" />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
