// 通知: the latest notifications with links to the record or task (catalog §3.9).
import { Link, useNavigate } from "react-router-dom";
import { Badge, Button, Empty, List, Popover, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useNotifications } from "../api/hooks";
import { formatTime } from "../components/format";

export default function NotificationBell() {
  const list = useNotifications();
  const navigate = useNavigate();
  const items = list.data ?? [];
  const unread = items.filter((n) => !n.read_at).length;
  const content = (
    <div style={{ width: 360 }}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" /> : (
        <List size="small" dataSource={items.slice(0, 8)} renderItem={(n) => (
          <List.Item style={{ cursor: n.link ? "pointer" : "default" }} onClick={() => n.link && navigate(n.link)}>
            <List.Item.Meta
              title={n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
              description={<>
                <Typography.Text type="secondary" ellipsis style={{ display: "block", maxWidth: 320 }}>{n.body}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(n.created_at)}</Typography.Text>
              </>} />
          </List.Item>
        )} />
      )}
      <div style={{ textAlign: "center", borderTop: "1px solid #f0f0f0", paddingTop: 8 }}>
        <Link to="/notifications">查看全部通知</Link>
      </div>
    </div>
  );
  return (
    <Popover content={content} title="通知" trigger="click" placement="bottomRight">
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={unread ? `通知（${unread} 条未读）` : "通知"} icon={<BellOutlined style={{ color: "#fff", fontSize: 18 }} />} />
      </Badge>
    </Popover>
  );
}
