// A failed query as a Chinese message with 重试 (never raw JSON).
import { Button, Result } from "antd";
import { errorMessage } from "../api/errors";

export default function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Result status="warning" title="加载失败" subTitle={errorMessage(error)}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined} />
  );
}
