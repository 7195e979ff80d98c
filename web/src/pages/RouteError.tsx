// A page that crashed: a Chinese message and a way back, never a stack trace.
import { Button, Result } from "antd";

export default function RouteError() {
  return (
    <Result status="error" title="页面出错了" subTitle="请刷新页面后重试；如问题持续存在，请联系管理员。"
      extra={[
        <Button key="reload" type="primary" onClick={() => window.location.reload()}>刷新页面</Button>,
        <Button key="home" onClick={() => window.location.assign("/")}>返回首页</Button>,
      ]} />
  );
}
