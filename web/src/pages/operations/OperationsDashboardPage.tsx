// /operations — 运维总览: the figures of /metrics as tiles and charts (echarts, loaded on this page only),
// refreshed every 15 seconds.
import { lazy, Suspense } from "react";
import { Link } from "react-router-dom";
import { Card, Col, Row, Skeleton, Space, Statistic, Tooltip, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { fetchFigures, fetchInstanceFilters, operationKeys } from "../../api/operations";
import ErrorState from "../../components/ErrorState";
import { ageBars, heartbeatText, laneBars, statusBars } from "./dashboardModel";

const OperationsChart = lazy(() => import("../../charts/OperationsCharts"));
export const REFRESH_MS = 15_000;

export default function OperationsDashboardPage() {
  const figures = useQuery({ queryKey: operationKeys.figures, queryFn: fetchFigures, refetchInterval: REFRESH_MS });
  const filters = useQuery({ queryKey: operationKeys.filters, queryFn: fetchInstanceFilters });
  const f = figures.data;
  if (figures.error) return <Card><ErrorState error={figures.error} onRetry={() => void figures.refetch()} /></Card>;
  const chart = (node: React.ReactNode) => <Suspense fallback={<Skeleton active />}>{node}</Suspense>;
  const openTasks = f ? Object.values(f.open_tasks).reduce((a, b) => a + b, 0) : 0;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>运维总览</Typography.Title>
          <Typography.Text type="secondary">
            每 15 秒自动刷新{f ? `，更新于 ${new Date(f.measured_at * 1000).toLocaleTimeString("zh-CN")}` : ""}
          </Typography.Text>
        </Space>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={12} md={6} xl={3}><Statistic title="运行中实例" value={f?.instances.running ?? 0} loading={!f} /></Col>
          <Col xs={12} md={6} xl={3}><Link to="/operations/stuck"><Statistic title="未处理异常" value={f?.open_incidents ?? 0} loading={!f}
            valueStyle={f?.open_incidents ? { color: "#cf1322" } : undefined} /></Link></Col>
          <Col xs={12} md={6} xl={3}><Statistic title="已挂起" value={f?.instances.suspended ?? 0} loading={!f} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title="待审核任务" value={openTasks} loading={!f} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title="待发送通知" value={f?.outbox_pending ?? 0} loading={!f} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title="发送失败通知" value={f?.outbox_failed ?? 0} loading={!f}
            valueStyle={f?.outbox_failed ? { color: "#cf1322" } : undefined} /></Col>
          <Col xs={12} md={6} xl={3}><Statistic title="队列长度" value={f?.queue_length ?? "—"} loading={!f} /></Col>
          <Col xs={12} md={6} xl={3}><Tooltip title={f?.queue_length === null ? "未配置 Redis：异步任务在 Web 进程内执行" : "Worker 最近一次执行任务的时间"}>
            <Statistic title="Worker 心跳" value={f ? heartbeatText(f) : ""} loading={!f} valueStyle={{ fontSize: 20, lineHeight: "38px" }} />
          </Tooltip></Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}><Card title="流程实例状态">
          {f ? chart(<OperationsChart kind="pie" label="流程实例状态" bars={statusBars(f, filters.data?.statuses ?? [])} />) : <Skeleton active />}
        </Card></Col>
        <Col xs={24} lg={8}><Card title="各环节待审核任务">
          {f ? chart(<OperationsChart kind="bar" label="各环节待审核任务" bars={laneBars(f)} />) : <Skeleton active />}
        </Card></Col>
        <Col xs={24} lg={8}><Card title="待审核任务等待时长">
          {f ? chart(<OperationsChart kind="bar" label="待审核任务等待时长" bars={ageBars(f)} />) : <Skeleton active />}
        </Card></Col>
      </Row>
      <Typography.Text type="secondary">
        同样的指标以 Prometheus 格式在 <Typography.Text code>/metrics</Typography.Text> 提供（运维人员或配置的抓取令牌）。
      </Typography.Text>
    </Space>
  );
}
