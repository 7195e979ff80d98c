// 通知: the latest notifications with links to the record or task (catalog §3.9).
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Badge, Button, Empty, List, Popover, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useMe, useNotifications } from "../api/hooks";
import { getSeenAt, markSeen, unreadCount } from "./notificationsSeen";
import { formatTime } from "../components/format";

export default function NotificationBell() {
  const list = useNotifications();
  const me = useMe();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const account = me.data?.account ?? "";
  const [seenAt, setSeenAt] = useState<string | null>(() => getSeenAt(account));
  const items = list.data ?? [];
  const unread = unreadCount(items, seenAt ?? getSeenAt(account));
  const go = (link: string) => {
    setOpen(false);
    navigate(link);
  };
  const content = (
    <div style={{ width: 360 }}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" /> : (
        <List size="small" dataSource={items.slice(0, 8)} renderItem={(n) => (
          <List.Item style={{ cursor: n.link ? "pointer" : "default" }} onClick={() => n.link && go(n.link)}>
            <List.Item.Meta
              title={n.link ? <Link to={n.link} onClick={(e) => { e.preventDefault(); go(n.link!); }}>{n.title}</Link> : n.title}
              description={<>
                <Typography.Text type="secondary" ellipsis style={{ display: "block", maxWidth: 320 }}>{n.body}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(n.created_at)}</Typography.Text>
              </>} />
          </List.Item>
        )} />
      )}
      <div style={{ textAlign: "center", borderTop: "1px solid #f0f0f0", paddingTop: 8 }}>
        <Link to="/notifications" onClick={() => setOpen(false)}>查看全部通知</Link>
      </div>
    </div>
  );
  return (
    <Popover content={content} title="通知" trigger="click" placement="bottomRight" open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next && account) {
          const now = new Date().toISOString();
          markSeen(account, now);
          setTimeout(() => setSeenAt(now), 1500);   // the badge clears once the list has been seen
        }
      }}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={unread ? `通知（${unread} 条未读）` : "通知"} icon={<BellOutlined style={{ color: "#fff", fontSize: 18 }} />} />
      </Badge>
    </Popover>
  );
}
