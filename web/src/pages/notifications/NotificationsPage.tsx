// /notifications — every notification, newest first (catalog §3.9).
import { Link } from "react-router-dom";
import { Badge, Card, List, Typography } from "antd";
import { useNotifications } from "../../api/hooks";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";

export default function NotificationsPage() {
  const list = useNotifications();
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card title="通知">
      <List loading={list.isPending} dataSource={list.data ?? []} locale={{ emptyText: "暂无通知" }}
        renderItem={(n) => (
          <List.Item extra={<Typography.Text type="secondary">{formatTime(n.created_at)}</Typography.Text>}>
            <List.Item.Meta title={<Badge dot={!n.read_at}>{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</Badge>} description={n.body} />
          </List.Item>
        )} />
    </Card>
  );
}
