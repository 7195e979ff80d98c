// /notifications/preferences — which events also come by e-mail; in-app notifications are always on (catalog §3.9).
import { App, Button, Card, Space, Switch, Table, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { useNotificationPreferences } from "../../api/hooks";
import { keys } from "../../api/keys";
import type { NotificationPreference } from "../../api/types";
import ErrorState from "../../components/ErrorState";

export default function PreferencesPage() {
  const prefs = useNotificationPreferences();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [changed, setChanged] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  if (prefs.error) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const rows: NotificationPreference[] = (prefs.data ?? []).map((p) => ({ ...p, email: changed[p.event_type] ?? p.email }));
  async function save() {
    setSaving(true);
    try {
      const items = Object.entries(changed).map(([event_type, email]) => ({ event_type, email }));
      const answer = await unwrap(api.PUT("/api/v1/notifications/preferences", { body: { items } }));
      queryClient.setQueryData(keys.notificationPreferences, answer.items);
      setChanged({});
      message.success("通知设置已保存");
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card title="通知设置" extra={<Button type="primary" loading={saving} disabled={!Object.keys(changed).length} onClick={() => void save()}>保存</Button>}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">站内通知始终开启；下列事件可选择是否同时发送邮件。</Typography.Text>
        <Table rowKey="event_type" size="small" pagination={false} loading={prefs.isPending} dataSource={rows}
          columns={[
            { title: "通知事件", dataIndex: "label" },
            { title: "站内通知", render: () => "始终" },
            { title: "邮件", dataIndex: "email", render: (email: boolean, row) => (
              <Switch checked={email} aria-label={`${row.label}邮件`}
                onChange={(on) => setChanged((c) => ({ ...c, [row.event_type]: on }))} />) },
          ]} />
      </Space>
    </Card>
  );
}
