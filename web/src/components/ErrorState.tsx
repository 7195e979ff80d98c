// A failed query as a Chinese message (never raw JSON), with 重试 where trying again can help (ErrorResult).
// antd's Result and its illustrations load only when a page fails: no page's first load pays for them.
import { lazy, Suspense } from "react";
import { errorMessage } from "../api/errors";

const ErrorResult = lazy(() => import("./ErrorResult"));

export default function ErrorState(props: { error: unknown; onRetry?: () => void }) {
  return (
    <Suspense fallback={<div role="alert" style={{ padding: 48, textAlign: "center" }}>{errorMessage(props.error)}</div>}>
      <ErrorResult {...props} />
    </Suspense>
  );
}
