// /process-admin/migration/:key — 实例迁移: instances of a process running on older versions, each with whether
// it can move onto the current version (no waiting task removed, engine-notes §5) and why not; 批量迁移 moves the
// selected ones (each in its own transaction) and reports every one that could not move.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, App, Breadcrumb, Button, Card, Empty, Space, Table, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { adminKeys, fetchMigration, migrate, type MigrateReport, type MigrationInstance } from "../../api/processAdmin";
import { errorMessage } from "../../api/errors";
import ErrorState from "../../components/ErrorState";
import "./definitions.css";

export default function MigrationPage() {
  const key = useParams().key ?? "";
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const preview = useQuery({ queryKey: adminKeys.migration(key), queryFn: () => fetchMigration(key) });
  const [selected, setSelected] = useState<number[]>([]);
  const [report, setReport] = useState<MigrateReport | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = preview.data?.instances ?? [];
  const movable = rows.filter((r) => r.can_move);

  async function run(ids: number[]) {
    const confirmed = await modal.confirm({
      title: `迁移 ${ids.length} 个实例到 v${preview.data?.current_version}？`,
      content: "实例保留当前等待的环节，之后的环节按新版本的路线进行。", okText: "迁移", cancelText: "取消",
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      const result = await migrate(key, ids);
      setReport(result);
      setSelected([]);
      await queryClient.invalidateQueries({ queryKey: adminKeys.migration(key) });
      await queryClient.invalidateQueries({ queryKey: adminKeys.definitions });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const columns = [
    { title: "记录", key: "record", width: 240, render: (_: unknown, r: MigrationInstance) => (
      <Space direction="vertical" size={0}>
        <Link to={`/records/${r.record_id}`}>{r.record_title || `记录 ${r.record_id}`}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.record_type} · {r.owner} · 实例 {r.instance_id}</Typography.Text>
      </Space>
    ) },
    { title: "所在版本", dataIndex: "version", width: 100, render: (v: number) => <Tag>v{v}</Tag> },
    { title: "等待环节", dataIndex: "waiting", render: (w: string[]) => w.map((s) => <Tag key={s} color="processing">{s}</Tag>) },
    { title: "新版本路线", dataIndex: "route", render: (route: string[]) => <Typography.Text>{route.join(" → ") || "—"}</Typography.Text> },
    { title: "可否迁移", key: "verdict", width: 260, render: (_: unknown, r: MigrationInstance) => r.can_move
      ? <Tag color="green">可以迁移</Tag>
      : <Space direction="vertical" size={0}><Tag color="red">不能迁移</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.reason}</Typography.Text></Space> },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Breadcrumb items={[{ title: <Link to="/process-admin">流程定义</Link> }, { title: key }, { title: "实例迁移" }]} />
      <Card title={`实例迁移：${key}`}
        extra={<Space>
          <Typography.Text type="secondary">当前版本 v{preview.data?.current_version ?? "—"}</Typography.Text>
          <Button onClick={() => run(selected)} disabled={!selected.length} loading={busy}>迁移所选（{selected.length}）</Button>
          <Button type="primary" onClick={() => run(movable.map((r) => r.instance_id))} disabled={!movable.length} loading={busy}>
            批量迁移可迁移的实例（{movable.length}）
          </Button>
        </Space>}>
        {report && (
          <Alert style={{ marginBottom: 16 }} showIcon type={report.moved === report.results.length ? "success" : "warning"}
            message={`已迁移 ${report.moved} 个实例，${report.results.length - report.moved} 个未迁移`}
            description={report.results.filter((r) => !r.moved).map((r) => (
              <div key={r.instance_id}>实例 {r.instance_id}（记录 {r.record_id}）：{r.reason}</div>
            ))} closable onClose={() => setReport(null)} />
        )}
        {preview.isError ? <ErrorState error={preview.error} onRetry={() => preview.refetch()} /> : (
          <Table<MigrationInstance> rowKey="instance_id" loading={preview.isLoading} dataSource={rows} columns={columns}
            size="middle" locale={{ emptyText: <Empty description="没有运行在旧版本上的实例" /> }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]),
              getCheckboxProps: (r) => ({ disabled: !r.can_move, "aria-label": `选择实例 ${r.instance_id}` }) }}
            pagination={rows.length > 50 ? { pageSize: 50, showTotal: (n) => `共 ${n} 条` } : false} />
        )}
      </Card>
    </Space>
  );
}
