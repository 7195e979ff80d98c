// What RequireAuth shows when the session cannot be read (the server or the network failed): 重试, or 重新登录
// (back to this page afterwards). Loaded only then.
import { Link } from "react-router-dom";
import { Button, Result } from "antd";
import { errorMessage } from "../api/errors";

export default function AuthError({ error, retrying, onRetry, loginTo }: {
  error: unknown; retrying: boolean; onRetry: () => void; loginTo: string;
}) {
  return (
    <Result status="error" title="无法加载账号信息" subTitle={errorMessage(error)} style={{ paddingTop: 120 }}
      extra={[
        <Button key="retry" type="primary" loading={retrying} onClick={onRetry}>重试</Button>,
        <Link key="login" to={loginTo}><Button>重新登录</Button></Link>,
      ]} />
  );
}
