// 附件: every file of the record with its field and a download link (catalog §3.7).
import { Card, List, Typography } from "antd";
import { PaperClipOutlined } from "@ant-design/icons";
import { useAttachments } from "../../../api/hooks";
import { formatTime } from "../../../components/format";

export function fieldTitle(schema: Record<string, unknown>, path: string): string {
  const props = (schema.properties ?? {}) as Record<string, { title?: string; items?: { properties?: Record<string, { title?: string }> } }>;
  const [top, sub] = path.split(".");
  const title = props[top]?.title ?? top;
  return sub ? `${title} › ${props[top]?.items?.properties?.[sub]?.title ?? sub}` : title;
}

export default function AttachmentsCard({ recordId, schema }: { recordId: number; schema: Record<string, unknown> }) {
  const files = useAttachments(recordId);
  return (
    <Card title="附件" size="small">
      <List size="small" loading={files.isPending} dataSource={files.data ?? []} locale={{ emptyText: "暂无附件" }}
        renderItem={(a) => (
          <List.Item actions={[<a key="dl" href={a.download_url} download>下载</a>]}>
            <List.Item.Meta avatar={<PaperClipOutlined />}
              title={<a href={a.download_url} download>{a.file_name}</a>}
              description={<Typography.Text type="secondary">{fieldTitle(schema, a.field)} · {(a.size / 1024).toFixed(1)} KB · {formatTime(a.uploaded_at)}</Typography.Text>} />
          </List.Item>
        )} />
    </Card>
  );
}
