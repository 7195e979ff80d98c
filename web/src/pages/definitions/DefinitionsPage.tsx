// /process-admin — 流程定义 of the 流程管理员 (issue 14): processes, decision tables and forms with every
// version (hash, who, when), the record types using each and the instances running on each version; 编辑 opens
// the caller's draft; 版本对比, 导出; 实例迁移 for a process with instances on older versions.
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { App, Badge, Button, Card, Input, Popover, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { BranchesOutlined, DiffOutlined, DownloadOutlined, EditOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  adminKeys, exportUrl, fetchDefinitions, openDraft, KIND_LABELS, type DefinitionEntry, type Kind, type VersionBrief,
} from "../../api/processAdmin";
import { errorMessage } from "../../api/errors";
import ErrorState from "../../components/ErrorState";
import { downloadFrom } from "../../components/download";
import { formatTime } from "../../components/format";
import DiffModal from "./DiffModal";
import "./definitions.css";

const KINDS: Kind[] = ["process", "decision", "form"];

/** Who deployed a version: an account, or 命令行 for `flask definitions deploy`. */
function deployer(by: string | null): string {
  return by === "cli" ? "命令行部署" : by ?? "—";
}

export default function DefinitionsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (params.get("kind") as Kind | null) ?? "process";
  const list = useQuery({ queryKey: adminKeys.definitions, queryFn: fetchDefinitions });
  const [diff, setDiff] = useState<{ entry: DefinitionEntry; version: VersionBrief; against: VersionBrief } | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  async function edit(entry: DefinitionEntry) {
    setOpening(entry.key);
    try {
      const draft = await openDraft(entry.kind, entry.key);
      queryClient.setQueryData(adminKeys.draft(draft.id), draft);
      navigate(`/process-admin/drafts/${draft.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setOpening(null);
    }
  }

  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const rows = (list.data ?? []).filter((d) => d.kind === kind && (!needle
    || [d.key, d.name, d.path, ...d.record_types.map((t) => `${t.code} ${t.name}`)].some((text) => text.toLowerCase().includes(needle))));
  const counts = Object.fromEntries(KINDS.map((k) => [k, (list.data ?? []).filter((d) => d.kind === k).length]));

  const versionColumns = (entry: DefinitionEntry) => [
    { title: "版本", dataIndex: "version", width: 80, render: (v: number) => <Tag color={v === entry.versions[0].version ? "blue" : undefined}>v{v}</Tag> },
    { title: "内容摘要（SHA-256）", dataIndex: "sha256", render: (sha: string) => <Typography.Text code copyable={{ text: sha }}>{sha.slice(0, 12)}</Typography.Text> },
    { title: "部署人", dataIndex: "deployed_by", width: 140, render: (by: string | null) => deployer(by) },
    { title: "部署时间", dataIndex: "deployed_at", width: 180, render: (at: string) => formatTime(at) },
    ...(entry.kind === "process" ? [{ title: "运行中实例", dataIndex: "running_instances", width: 110, align: "right" as const }] : []),
    {
      title: "操作", key: "actions", width: 200, render: (_: unknown, v: VersionBrief) => {
        const older = entry.versions.find((o) => o.version === v.version - 1);
        return (
          <Space size={4}>
            <Button size="small" type="link" icon={<DiffOutlined />} disabled={!older}
              aria-label={`对比 v${v.version} 与上一版本`} onClick={() => older && setDiff({ entry, version: v, against: older })}>对比上一版</Button>
            <Button size="small" type="link" icon={<DownloadOutlined />} aria-label={`导出 v${v.version}`}
              onClick={() => downloadFrom(exportUrl(v.id), `${entry.key}-v${v.version}.zip`).catch((e) => message.error(errorMessage(e)))}>导出</Button>
          </Space>
        );
      },
    },
  ];

  const columns = [
    {
      title: "名称", dataIndex: "name", width: 250, render: (name: string, entry: DefinitionEntry) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{entry.path}</Typography.Text>
        </Space>
      ),
    },
    {
      title: "当前版本", key: "current", width: 90, render: (_: unknown, entry: DefinitionEntry) => (
        <Tooltip title={`SHA-256 ${entry.versions[0].sha256}`}><Tag color="blue">v{entry.versions[0].version}</Tag></Tooltip>
      ),
    },
    {
      title: "部署", key: "deployed", width: 170, render: (_: unknown, e: DefinitionEntry) => (
        <Space direction="vertical" size={0}>
          <span>{deployer(e.versions[0].deployed_by)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(e.versions[0].deployed_at)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: kind === "decision" ? "使用方" : "使用的记录类型", key: "usage", render: (_: unknown, entry: DefinitionEntry) => {
        const types = entry.record_types;
        const shown = types.slice(0, 4).map((t) => <Tag key={t.code}>{t.code} {t.name}</Tag>);
        const more = types.length > 4 ? (
          <Popover content={<div style={{ maxWidth: 420 }}>{types.map((t) => <Tag key={t.code} style={{ marginBottom: 4 }}>{t.code} {t.name}</Tag>)}</div>}>
            <Tag color="processing">等 {types.length} 类</Tag>
          </Popover>
        ) : null;
        const users = kind === "decision" && entry.used_by.length ? (
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{entry.used_by.join("、")}</Typography.Text></div>
        ) : null;
        return types.length || users ? <div>{shown}{more}{users}</div> : <Typography.Text type="secondary">由系统直接调用</Typography.Text>;
      },
    },
    ...(kind === "process" ? [{
      title: "运行中实例", key: "running", width: 100, align: "right" as const, className: "definition-nowrap",
      render: (_: unknown, e: DefinitionEntry) => e.running_instances,
    }] : []),
    {
      title: "操作", key: "actions", width: kind === "process" ? 190 : 110, render: (_: unknown, entry: DefinitionEntry) => {
        const old = entry.versions.slice(1).reduce((n, v) => n + v.running_instances, 0);
        return (
          <Space size={4}>
            <Button type="link" size="small" icon={<EditOutlined />} loading={opening === entry.key}
              aria-label={`编辑 ${entry.name}`} onClick={() => edit(entry)}>
              {entry.draft_id ? <Badge dot offset={[4, 0]}>编辑草稿</Badge> : "编辑"}
            </Button>
            {entry.kind === "process" && (
              <Link to={`/process-admin/migration/${entry.key}`} aria-label={`实例迁移 ${entry.name}`}>
                <Button type="link" size="small" icon={<BranchesOutlined />}>
                  {old ? <Badge count={old} size="small" offset={[8, -2]}>实例迁移</Badge> : "实例迁移"}
                </Button>
              </Link>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Card title="流程定义" extra={<Typography.Text type="secondary">流程、决策表和表单的已部署版本；编辑产生草稿，校验通过后部署为新版本</Typography.Text>}>
      {list.isError ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : (
        <>
          <Tabs activeKey={kind} onChange={(k) => setParams({ kind: k })}
            items={KINDS.map((k) => ({ key: k, label: `${KIND_LABELS[k]}（${counts[k] ?? 0}）` }))}
            tabBarExtraContent={<Input.Search allowClear aria-label="筛选定义" placeholder="名称、标识或记录类型" style={{ width: 260 }}
              value={search} onChange={(e) => setSearch(e.target.value)} />} />
          <Table<DefinitionEntry> rowKey={(d) => `${d.kind}:${d.key}`} loading={list.isLoading} dataSource={rows}
            columns={columns} size="middle" pagination={rows.length > 20 ? { pageSize: 20, showTotal: (n) => `共 ${n} 条` } : false}
            expandable={{
              expandRowByClick: false,
              expandedRowRender: (entry) => (
                <Table<VersionBrief> rowKey="id" size="small" pagination={false} dataSource={entry.versions}
                  columns={versionColumns(entry)} aria-label={`${entry.name} 的版本`} />
              ),
            }} />
        </>
      )}
      {diff && (
        <DiffModal title={`${diff.entry.name}：v${diff.against.version} → v${diff.version.version}`}
          versionId={diff.version.id} againstId={diff.against.id} onClose={() => setDiff(null)} />
      )}
    </Card>
  );
}
