import { Card, Skeleton } from "antd";

export default function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Card aria-busy="true" aria-label="加载中">
      <Skeleton active paragraph={{ rows }} />
    </Card>
  );
}
