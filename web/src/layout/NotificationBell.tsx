// 通知: the unread count, the latest notifications with links to the record or task (catalog §3.9).
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Badge, Button, Empty, List, Popover, Space, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useNotifications, useNotificationSummary } from "../api/hooks";
import { formatTime } from "../components/format";
import type { Notification } from "../api/types";
import { markRead } from "../pages/notifications/markRead";

export default function NotificationBell() {
  const list = useNotifications();
  const summary = useNotificationSummary();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const items = list.data ?? [];
  const unread = summary.data?.unread ?? items.filter((n) => !n.read_at).length;
  const [open, setOpen] = useState(false);
  const follow = (n: Notification) => {
    if (!n.read_at) void markRead(queryClient, n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };
  const content = (
    <div style={{ width: 360 }}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" /> : (
        <List size="small" dataSource={items.slice(0, 8)} renderItem={(n) => (
          <List.Item style={{ cursor: n.link ? "pointer" : "default" }} onClick={() => follow(n)}>
            <List.Item.Meta
              title={<Badge dot={!n.read_at}>{n.link
                ? <Link to={n.link} onClick={(e) => { e.preventDefault(); e.stopPropagation(); follow(n); }}>{n.title}</Link>
                : n.title}</Badge>}
              description={<>
                <Typography.Text type="secondary" ellipsis style={{ display: "block", maxWidth: 320 }}>{n.body}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(n.created_at)}</Typography.Text>
              </>} />
          </List.Item>
        )} />
      )}
      <Space style={{ width: "100%", justifyContent: "space-between", borderTop: "1px solid #f0f0f0", paddingTop: 8 }}>
        <Button type="link" size="small" disabled={!unread} onClick={() => void markRead(queryClient)}>全部标为已读</Button>
        <Link to="/notifications" onClick={() => setOpen(false)}>查看全部通知</Link>
      </Space>
    </div>
  );
  return (
    <Popover content={content} title="通知" trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={unread ? `通知（${unread} 条未读）` : "通知"} icon={<BellOutlined style={{ color: "#fff", fontSize: 18 }} />} />
      </Badge>
    </Popover>
  );
}
