// /review — 业务数据审核: record types with the active role's pending counts (catalog §5.1).
import { Link } from "react-router-dom";
import { Badge, Card, Col, Empty, Row, Space, Typography } from "antd";
import { useInboxCounts, useRecordTypes } from "../../api/hooks";
import ErrorState from "../../components/ErrorState";
import PageSkeleton from "../../components/PageSkeleton";
import { LIBRARY_GROUPS, WORKLOAD_CATEGORIES } from "../../labels";

export default function ReviewHomePage() {
  const types = useRecordTypes();
  const counts = useInboxCounts();
  if (types.isPending || counts.isPending) return <PageSkeleton />;
  if (types.error || counts.error) return <ErrorState error={types.error ?? counts.error} />;
  const pending = counts.data.counts;
  const groups = [...WORKLOAD_CATEGORIES, ...LIBRARY_GROUPS]
    .map((g) => ({ ...g, types: types.data.filter((t) => t.category === g.code && (pending[t.code] ?? 0) > 0) }))
    .filter((g) => g.types.length > 0);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>业务数据审核</Typography.Title>
      <Typography.Text type="secondary">当前角色共有 <strong>{counts.data.total}</strong> 条待审核记录。请从左侧菜单或下方选择业绩类别。</Typography.Text>
      {groups.length === 0 ? <Card><Empty description="暂无待审核记录" /></Card> : groups.map((g) => (
        <Card key={g.code} title={g.label} size="small">
          <Row gutter={[12, 12]}>
            {g.types.map((t) => (
              <Col span={8} key={t.code}>
                <Link to={`/review/${t.code}`}>
                  <Card size="small" hoverable>
                    <Space style={{ width: "100%", justifyContent: "space-between" }}>
                      <span>{t.name}</span>
                      <Badge count={pending[t.code]} aria-label={`待审核 ${pending[t.code]} 条`} />
                    </Space>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      ))}
    </Space>
  );
}
