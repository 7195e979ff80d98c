// A page that crashed: a Chinese message and a way back, never a stack trace. Drawn without antd's Result so
// that the first load carries no illustrations (this page is part of it: it must show even when a chunk failed).
import { Button, Space, Typography } from "antd";
import { CloseCircleFilled } from "@ant-design/icons";

export default function RouteError() {
  return (
    <div role="alert" style={{ padding: "96px 32px", textAlign: "center" }}>
      <CloseCircleFilled style={{ fontSize: 72, color: "#ff4d4f" }} />
      <Typography.Title level={3} style={{ marginTop: 24 }}>页面出错了</Typography.Title>
      <Typography.Paragraph type="secondary">请刷新页面后重试；如问题持续存在，请联系管理员。</Typography.Paragraph>
      <Space>
        <Button type="primary" onClick={() => window.location.reload()}>刷新页面</Button>
        <Button onClick={() => window.location.assign("/")}>返回首页</Button>
      </Space>
    </div>
  );
}
