// ErrorState's page (loaded when a page fails): a failed query as a Chinese message (never raw JSON). 重试 only where trying again can help: the network
// or the server failed (5xx). What is not there (404) or not allowed (403) says so and leads back home.
import { Button, Result } from "antd";
import { Link } from "react-router-dom";
import { ApiError, errorMessage, isRetryable } from "../api/errors";

export default function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : null;
  const home = <Link to="/"><Button type="primary">返回首页</Button></Link>;
  if (status === 404) return <Result status="404" title="内容不存在" subTitle={errorMessage(error)} extra={home} />;
  if (status === 403) return <Result status="403" title="无权访问" subTitle={errorMessage(error)} extra={home} />;
  return (
    <Result status="warning" title="加载失败" subTitle={errorMessage(error)}
      extra={onRetry && isRetryable(error) ? <Button onClick={onRetry}>重试</Button> : undefined} />
  );
}
