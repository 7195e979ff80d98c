// /my — 我的业绩: ring chart by status, per-category counts, category tabs with each type's counts.
import { lazy, Suspense, useMemo } from "react";
import { Link } from "react-router-dom";
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tabs, Tag, Typography } from "antd";
import { useDashboard, useRecordTypes } from "../../api/hooks";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import { statusLabel, WORKLOAD_CATEGORIES } from "../../labels";
import type { RecordTypeEntry } from "../../api/types";
import { categoryTabs, ringSlices, sumCounts } from "./dashboardModel";

const StatusRing = lazy(() => import("../../charts/StatusRing"));

function TypeCard({ type }: { type: RecordTypeEntry }) {
  const c = type.my_counts ?? {};
  return (
    <Card size="small" hoverable title={<Link to={`/types/${type.code}`}>{type.name}</Link>}
      extra={type.entry_mode === "import" ? <Tag>单位导入</Tag> : null}>
      <Space size={16} wrap>
        <span>全部 <strong>{c.all ?? 0}</strong></span>
        <span>{statusLabel(type.family, "in_review")} <strong>{c.in_review ?? 0}</strong></span>
        <span>{statusLabel(type.family, "approved")} <strong>{c.approved ?? 0}</strong></span>
        <span>退回 <strong>{c.returned ?? 0}</strong></span>
      </Space>
    </Card>
  );
}

export default function DashboardPage() {
  const dashboard = useDashboard();
  const types = useRecordTypes();
  const tabs = useMemo(() => categoryTabs(types.data ?? []), [types.data]);
  if (dashboard.isPending || types.isPending) return <PageSkeleton rows={12} />;
  if (dashboard.error) return <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  if (types.error) return <ErrorState error={types.error} />;
  const { families, categories } = dashboard.data;
  const total = sumCounts(families.workload, families.library);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>我的业绩</Typography.Title>
      <Alert type="info" showIcon message="温馨提示"
        description="保存后的记录为“未提交”，可继续修改或删除；提交后进入审核，审核期间不能修改。被退回的记录请参照退回意见修改后重新提交。" />
      <Row gutter={16}>
        <Col span={9}>
          <Card title="审核状态分布" size="small">
            {(total.all ?? 0) === 0 ? <Empty description="暂无业绩记录" /> : (
              <Suspense fallback={<Skeleton active />}>
                <StatusRing slices={ringSlices(total)} total={total.all ?? 0} label="我的业绩审核状态" />
              </Suspense>
            )}
          </Card>
        </Col>
        <Col span={15}>
          <Card title="各类目业绩" size="small">
            <Row gutter={[12, 12]}>
              {WORKLOAD_CATEGORIES.map((c) => (
                <Col span={8} key={c.code}>
                  <Card size="small">
                    <Statistic title={c.label} value={categories[c.code]?.all ?? 0} suffix="条" />
                    <Typography.Text type="secondary">审核中 {categories[c.code]?.in_review ?? 0} · 已完成 {categories[c.code]?.approved ?? 0}</Typography.Text>
                  </Card>
                </Col>
              ))}
              <Col span={8}>
                <Card size="small">
                  <Statistic title="个人业绩库" value={families.library?.all ?? 0} suffix="条" />
                  <Typography.Text type="secondary">审核中 {families.library?.in_review ?? 0} · 审核通过 {families.library?.approved ?? 0}</Typography.Text>
                </Card>
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs items={tabs.map((t) => ({
          key: t.code, label: t.label,
          children: t.groups.every((g) => g.types.length === 0) ? <Empty description="暂无业绩类别" /> : t.groups.map((g) => (
            <div key={g.code} style={{ marginBottom: 12 }}>
              {t.groups.length > 1 && <Typography.Title level={5}>{g.label}</Typography.Title>}
              <Row gutter={[12, 12]}>
                {g.types.map((type) => <Col span={8} key={type.code}><TypeCard type={type} /></Col>)}
              </Row>
            </div>
          )),
        }))} />
      </Card>
    </Space>
  );
}
