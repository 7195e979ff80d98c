// /sign/:token — 扫码签名 on the phone (catalog §5.2): no login; the single-use token in the QR code says
// whose signature this is. Served only inside the campus network; the PC page notices when it is done.
import { useState } from "react";
import { useParams } from "react-router-dom";
import { Alert, Card, Result, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import PageSkeleton from "../../components/PageSkeleton";
import SignaturePad from "../../signature/SignaturePad";

export default function MobileSignPage() {
  const token = useParams().token ?? "";
  const owner = useQuery({
    queryKey: ["signing", token],
    queryFn: () => unwrap(api.GET("/api/v1/signing/{token}", { params: { path: { token } } })) as Promise<{ name: string }>,
    retry: false,
  });
  const [version, setVersion] = useState<number | null>(null);
  const sign = useMutation({
    mutationFn: (image: string) => unwrap(api.POST("/api/v1/signing/{token}", {
      params: { path: { token } }, body: { image, source: "qr" } })) as Promise<{ version: number }>,
    onSuccess: (body) => setVersion(body.version),
  });

  let content;
  if (owner.isPending) content = <PageSkeleton rows={3} />;
  else if (owner.error) content = <Result status="warning" title="无法签名" subTitle={errorMessage(owner.error)} />;
  else if (version !== null) {
    content = <Result status="success" title="签名已保存" subTitle={`第 ${version} 版电子签名已保存，请回到电脑继续操作。`} />;
  } else {
    content = (
      <>
        <Typography.Paragraph>{owner.data.name}，请在下方框内用手指签名，然后点「保存签名」。</Typography.Paragraph>
        {sign.error ? <Alert type="error" showIcon message={errorMessage(sign.error)} style={{ marginBottom: 12 }} /> : null}
        <SignaturePad saving={sign.isPending} onSave={(image) => sign.mutate(image)} hint="请在上方框内用手指签名" />
      </>
    );
  }
  return (
    <div style={{ maxWidth: 520, margin: "0 auto", padding: 12 }}>
      <Card title="扫码签名 · 人事业绩填报与审核平台" size="small">{content}</Card>
    </div>
  );
}
