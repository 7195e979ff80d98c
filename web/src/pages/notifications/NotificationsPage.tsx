// /notifications — every notification, newest first, a page at a time; mark one or all read (catalog §3.9).
import { useState } from "react";
import { Link } from "react-router-dom";
import { App, Badge, Button, Card, List, Segmented, Space, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useNotifications, useNotificationSummary } from "../../api/hooks";
import { errorMessage } from "../../api/errors";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import { markRead } from "./markRead";

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications({ page, page_size: PAGE_SIZE, unread: unreadOnly });
  const summary = useNotificationSummary();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const total = unreadOnly ? summary.data?.unread ?? 0 : summary.data?.total ?? 0;
  const mark = async (id?: number) => {
    try {
      const marked = await markRead(queryClient, id);
      if (id === undefined) message.success(`已将 ${marked} 条通知标为已读`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card title="通知" extra={<Space>
      <Segmented value={unreadOnly ? "unread" : "all"} onChange={(v) => { setUnreadOnly(v === "unread"); setPage(1); }}
        options={[{ label: "全部", value: "all" }, { label: `未读（${summary.data?.unread ?? 0}）`, value: "unread" }]} />
      <Button onClick={() => void mark()} disabled={!summary.data?.unread}>全部标为已读</Button>
      <Link to="/notifications/preferences">通知设置</Link>
    </Space>}>
      <List loading={list.isPending} dataSource={list.data ?? []} locale={{ emptyText: "暂无通知" }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        renderItem={(n) => (
          <List.Item actions={n.read_at ? [] : [<Button key="read" type="link" size="small" onClick={() => void mark(n.id)}>标为已读</Button>]}
            extra={<Typography.Text type="secondary">{formatTime(n.created_at)}</Typography.Text>}>
            <List.Item.Meta title={<Badge dot={!n.read_at}>{n.link
              ? <Link to={n.link} onClick={() => { if (!n.read_at) void mark(n.id); }}>{n.title}</Link> : n.title}</Badge>}
              description={n.body} />
          </List.Item>
        )} />
    </Card>
  );
}
