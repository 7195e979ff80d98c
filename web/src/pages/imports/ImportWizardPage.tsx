// /imports — 数据导入 of the 二级单位管理员 (catalog §4.1): 模板下载 → 拖拽上传 → 字段映射 → 有效/无效预览 → 导入进度 → 结果.
import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { Alert, App, Button, Card, Empty, Progress, Result, Select, Space, Steps, Table, Tabs, Typography, Upload } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import {
  cancelBatch, chooseSheet, commitBatch, fetchBatch, fetchImportTypes, fetchRows, importKeys, invalidRowsUrl,
  previewBatch, saveMapping, templateUrl, uploadBatch, type ImportBatch, type PreviewRow,
} from "../../api/imports";
import { useActiveRole } from "../../auth/role";
import ErrorState from "../../components/ErrorState";
import { downloadFrom } from "../../components/download";
import {
  ACCOUNTS_IMPORT, STEPS, cellText, errorText, ignoredWarnings, mappingProblems, progressState, proposedMapping, resumeStep, type Mapping,
} from "./wizard";

const PAGE_SIZE = 50;

export default function ImportWizardPage({ fixedType }: { fixedType?: string }) {
  const { role } = useActiveRole();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const types = useQuery({ queryKey: importKeys.types(role), queryFn: fetchImportTypes, staleTime: 60_000 });
  const code = fixedType ?? params.get("type") ?? types.data?.[0]?.code ?? "";
  const accounts = code === ACCOUNTS_IMPORT;
  const type = types.data?.find((t) => t.code === code);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** The batch in the address (?batch=), so that a reload or a shared link comes back to the same step. */
  function keepInUrl(id: number | null, recordType?: string) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set("batch", String(id)); else next.delete("batch");
      if (recordType && !fixedType) next.set("type", recordType);
      return next;
    }, { replace: true });
  }

  function reset() {
    setStep(0); setFile(null); setBatch(null); setMapping({}); setError(null);
    keepInUrl(null);
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function took(next: ImportBatch) {
    setBatch(next);
    setMapping(proposedMapping(next.columns ?? []));
    if (next.id !== batch?.id) keepInUrl(next.id, next.record_type);
  }

  // after a reload: the batch of the address, at the step its status belongs on (a cancelled one starts over)
  const resumeId = Number(params.get("batch")) || 0;
  const resumed = useQuery({ queryKey: importKeys.batch(resumeId), queryFn: () => fetchBatch(resumeId), enabled: !!resumeId && !batch,
    retry: false });
  useEffect(() => {
    if (batch || !resumed.data) return;
    const at = resumeStep(resumed.data.status);
    if (at === null) { keepInUrl(null); return; }
    took(resumed.data);
    setStep(at);
  }, [resumed.data]);   // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { if (resumed.isError) keepInUrl(null); }, [resumed.isError]);   // eslint-disable-line react-hooks/exhaustive-deps

  const upload = () => run(async () => {
    if (!file) return;
    took(await uploadBatch(code, file));
    setStep(2);
  });

  const pickSheet = (sheet: string) => run(async () => { if (batch) took(await chooseSheet(batch.id, sheet)); });

  const toPreview = () => run(async () => {
    if (!batch) return;
    await saveMapping(batch.id, mapping);
    setBatch(await previewBatch(batch.id));
    setStep(3);
  });

  const commit = () => run(async () => {
    if (!batch) return;
    const started = await commitBatch(batch.id);
    queryClient.setQueryData(importKeys.batch(batch.id), started);
    setBatch(started);
    setStep(4);
  });

  const cancel = () => run(async () => {
    if (batch && !["committing", "committed"].includes(batch.status)) await cancelBatch(batch.id);
    message.info("已取消本次导入");
    reset();
  });

  const polled = useQuery({
    queryKey: importKeys.batch(batch?.id ?? 0),
    queryFn: () => fetchBatch(batch!.id),
    enabled: step === 4 && !!batch,
    refetchInterval: (query) => (query.state.data?.status === "committing" ? 500 : false),
  });
  const committing = step >= 4 ? (polled.data ?? batch) : null;
  const progress = committing ? progressState(committing) : null;
  useEffect(() => {
    if (progress?.phase === "done") void queryClient.invalidateQueries({ queryKey: ["role"] });
  }, [progress?.phase, queryClient]);

  // the batch names its type itself: opened by its address, in a role that imports nothing, `types` lacks it
  const typeName = batch?.record_type_name ?? type?.title;
  const fields = batch?.fields ?? [];
  const problems = useMemo(() => mappingProblems(mapping, fields), [mapping, fields]);
  const ignored = useMemo(() => ignoredWarnings(mapping), [mapping]);
  const sameFile = (batch?.warnings ?? []).filter((w) => w.startsWith("该文件已于"));

  if (types.isError) return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;

  const nav = (...buttons: React.ReactNode[]) => <Space style={{ marginTop: 16 }}>{buttons}</Space>;

  let body: React.ReactNode = null;
  if (step === 0) {
    body = (
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        {!fixedType && <Space wrap>
          <label htmlFor="import-type">导入类型</label>
          <Select id="import-type" aria-label="导入类型" style={{ width: 420 }} popupMatchSelectWidth={false} value={code || undefined} loading={types.isLoading}
            // the type's name; its code beside it, in grey, for a record type (the account import has none to show)
            options={(types.data ?? []).map((t) => ({ value: t.code, label: t.code === ACCOUNTS_IMPORT ? t.title
              : <>{t.title} <Typography.Text type="secondary">{t.code}</Typography.Text></> }))}
            onChange={(next: string) => setParams({ type: next }, { replace: true })} />
        </Space>}
        {types.data && types.data.length === 0 && <Empty description="当前角色没有可导入的业绩类型" />}
        {type && (
          <Alert type="info" showIcon message={<>请先下载模板，按模板标注的说明填写后上传：
            <Button type="link" onClick={() => void downloadFrom(templateUrl(type.code), type.template_name)
              .catch((e) => message.error(errorMessage(e)))}>{type.title}导入模板</Button></>}
            description="红色表头为必填列；有可选值的列可以通过点击下拉选项直接选择填写；导入文件不支持 excel 公式计算。" />
        )}
        {nav(<Button key="next" type="primary" disabled={!type} onClick={() => setStep(1)}>下一步</Button>)}
      </Space>
    );
  } else if (step === 1) {
    body = (
      <>
        <Upload.Dragger accept=".xlsx,.xls" maxCount={1} multiple={false}
          fileList={file ? [{ uid: "1", name: file.name, status: "done" }] : []}
          beforeUpload={(picked) => { setFile(picked); setError(null); return false; }}
          onRemove={() => setFile(null)}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">将文件拖到此处，或点击选择文件</p>
          <p className="ant-upload-hint">仅支持 *.xls 和 *.xlsx 文件，不超过 10MB、5000 行</p>
        </Upload.Dragger>
        {nav(<Button key="prev" onClick={() => setStep(0)}>上一步</Button>,
          <Button key="next" type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>下一步</Button>)}
      </>
    );
  } else if (step === 2 && batch) {
    body = (
      <>
        {sameFile.map((w) => <Alert key={w} type="warning" showIcon message={w} style={{ marginBottom: 12 }} />)}
        {(batch.sheets ?? []).length > 1 && (
          <Space style={{ marginBottom: 12 }}>
            <label htmlFor="import-sheet">数据表</label>
            <Select id="import-sheet" aria-label="数据表" style={{ width: 240 }} value={batch.sheet ?? undefined}
              options={batch.sheets.map((s) => ({ value: s, label: s }))} onChange={(s: string) => void pickSheet(s)} />
          </Space>
        )}
        <Typography.Paragraph type="secondary">
          文件 {batch.file_name}，共 {batch.total_rows} 行数据。{accounts ? "各列已按表头自动映射。" : "“教职工账号”须映射到“用户 › 账号”，其他列已按表头自动映射。"}
        </Typography.Paragraph>
        <Table rowKey="header" size="small" pagination={false} dataSource={batch.columns ?? []}
          columns={[
            { title: "表格列", dataIndex: "header" },
            { title: "系统字段", render: (_, c) => (
              <Select aria-label={`系统字段：${c.header}`} style={{ width: 260 }} value={mapping[c.header] ?? ""}
                options={[{ value: "", label: "（不导入）" }, ...fields.map((f) => ({ value: f.key, label: `${f.target}${f.required ? " *" : ""}` }))]}
                onChange={(v: string) => setMapping((m) => ({ ...m, [c.header]: v || null }))} />
            ) },
          ]} />
        {problems.length > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} message={problems.join("；")} />}
        {ignored.length > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={ignored.join("；")} />}
        {nav(<Button key="prev" onClick={() => setStep(1)}>上一步</Button>,
          <Button key="cancel" onClick={() => void cancel()}>取消</Button>,
          <Button key="next" type="primary" disabled={problems.length > 0} loading={busy} onClick={() => void toPreview()}>下一步</Button>)}
      </>
    );
  } else if (step === 3 && batch) {
    body = (
      <>
        <Tabs items={[
          { key: "valid", label: `有效数据 (${batch.valid_count})`, children: <RowsTable batch={batch} valid /> },
          { key: "invalid", label: `无效数据 (${batch.invalid_count})`, children: <RowsTable batch={batch} valid={false} /> },
        ]} />
        {nav(<Button key="prev" onClick={() => setStep(2)}>上一步</Button>,
          <Button key="cancel" onClick={() => void cancel()}>取消</Button>,
          <Button key="export" disabled={!batch.invalid_count}
            onClick={() => void downloadFrom(invalidRowsUrl(batch.id), "无效数据.xlsx").catch((e) => message.error(errorMessage(e)))}>
            导出无效数据</Button>,
          <Button key="commit" type="primary" disabled={!batch.valid_count} loading={busy} onClick={() => void commit()}>只导入有效数据</Button>)}
      </>
    );
  } else if (step === 4 && progress) {
    body = (
      <>
        <Typography.Paragraph>{progress.phase === "done" ? "导入完成" : progress.phase === "failed" ? "导入失败" : "正在导入，请勿关闭页面"}</Typography.Paragraph>
        <Progress aria-label="导入进度" percent={progress.percent}
          status={progress.phase === "failed" ? "exception" : progress.phase === "done" ? "success" : "active"} />
        <Typography.Paragraph type="secondary">{progress.label}</Typography.Paragraph>
        {nav(<Button key="next" type="primary" disabled={progress.phase === "running"} onClick={() => setStep(5)}>查看结果</Button>)}
      </>
    );
  } else if (step === 5 && committing && progress) {
    body = progress.phase === "done" && accounts ? (
      <Result status="success" title="导入完成"
        subTitle={`已生成 ${committing.imported_count} 个教师账号；无效数据 ${committing.invalid_count} 条未导入。请在人员管理中为其重置密码（一次性密码），或由本人通过统一身份认证登录。`}
        extra={[
          <Link key="list" to="/admin/accounts">查看账号</Link>,
          <Button key="again" type="primary" onClick={reset}>继续导入</Button>,
        ]} />
    ) : progress.phase === "done" ? (
      <Result status="success" title="导入完成"
        subTitle={`已导入 ${committing.imported_count} 条「${committing.record_type_name}」记录，正在审核中；无效数据 ${committing.invalid_count} 条未导入。`}
        extra={[
          <Link key="list" to={`/types/${committing.record_type}`}>查看已导入记录</Link>,
          <Button key="again" type="primary" onClick={reset}>继续导入</Button>,
        ]} />
    ) : (
      <Result status="error" title="导入失败" subTitle={`${progress.label}。没有任何记录被导入，可以重新导入。`}
        extra={[<Button key="retry" type="primary" loading={busy} onClick={() => void commit()}>重新导入</Button>,
          <Button key="again" onClick={reset}>重新上传</Button>]} />
    );
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{accounts ? (typeName ?? "批量生成账号") : `数据导入${typeName ? `：${typeName}` : ""}`}</Typography.Title>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={STEPS.map((title) => ({ title }))} />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} closable onClose={() => setError(null)} />}
      {body}
    </Card>
  );
}

function RowsTable({ batch, valid }: { batch: ImportBatch; valid: boolean }) {
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: importKeys.rows(batch.id, valid, page),
    queryFn: () => fetchRows(batch.id, valid, page, PAGE_SIZE),
  });
  if (rows.isError) return <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />;
  const headers = batch.headers ?? [];
  return (
    <Table<PreviewRow> rowKey="row" size="small" loading={rows.isLoading} dataSource={rows.data?.items ?? []} scroll={{ x: true }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: rows.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条`, showSizeChanger: false }}
      columns={[
        { title: "行号", dataIndex: "row", width: 64 },
        ...headers.map((h) => ({ title: h, key: h, render: (_: unknown, r: PreviewRow) => cellText(r.cells[h]) })),
        ...(valid ? [] : [{ title: "错误原因", key: "errors", render: (_: unknown, r: PreviewRow) => (
          <Space direction="vertical" size={0}>{r.errors.map((e, i) => <Typography.Text key={i} type="danger">{errorText(e)}</Typography.Text>)}</Space>
        ) }]),
      ]} />
  );
}
