// 扫码签名 (catalog §5.2): the server makes a QR code holding a single-use URL (5 minutes, bound to the
// caller); the reviewer scans it on a phone inside the campus network and signs there. This page polls
// until the phone is done, then shows the new version (it is what the next single review uses).
import { useEffect, useState } from "react";
import { Alert, Button, Image, Space, Typography } from "antd";
import { LoadingOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { errorMessage } from "../api/errors";
import { signatureKey } from "./useSignature";

interface QrSigningState { id: number; url: string; qr_svg: string; expires_at: string }
interface QrStatus { status: "pending" | "signed" | "expired"; version: number | null }

const POLL_MS = 2000;

function secondsLeft(expiresAt: string): number {
  return Math.max(0, Math.round((new Date(expiresAt).getTime() - Date.now()) / 1000));
}

export default function QrSigning({ onSigned }: { onSigned?: (version: number) => void }) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/signature/qr")) as Promise<QrSigningState>,
  });
  const current = start.data;
  const status = useQuery({
    queryKey: ["me", "signature", "qr", current?.id],
    queryFn: () => unwrap(api.GET("/api/v1/me/signature/qr/{signing_id}", {
      params: { path: { signing_id: current!.id } } })) as Promise<QrStatus>,
    enabled: current !== undefined,
    refetchInterval: (query) => (query.state.data?.status ?? "pending") === "pending" ? POLL_MS : false,
  });
  const [left, setLeft] = useState(0);
  const state = status.data?.status ?? "pending";

  useEffect(() => { start.mutate(); }, []);     // one QR code when the tab opens
  useEffect(() => {
    if (!current) return undefined;
    setLeft(secondsLeft(current.expires_at));
    const timer = window.setInterval(() => setLeft(secondsLeft(current.expires_at)), 1000);
    return () => window.clearInterval(timer);
  }, [current]);
  useEffect(() => {
    if (state === "signed" && status.data?.version) {
      void queryClient.invalidateQueries({ queryKey: signatureKey, exact: true });
      onSigned?.(status.data.version);
    }
  }, [state, status.data?.version]);

  if (start.error) return <Alert type="error" showIcon message={errorMessage(start.error)}
    action={<Button size="small" onClick={() => start.mutate()}>重试</Button>} />;
  if (!current) return <Typography.Text type="secondary"><LoadingOutlined /> 正在生成二维码…</Typography.Text>;
  if (state === "signed") {
    return <Alert type="success" showIcon message={`手机签名已完成（第 ${status.data?.version} 版）`}
      description="之后的审核使用这个新签名。" action={<Button size="small" onClick={() => start.mutate()}>再次扫码签名</Button>} />;
  }
  const expired = state === "expired" || left === 0;
  return (
    <Space align="start" size="large" wrap>
      <div style={{ position: "relative", border: "1px solid #f0f0f0", borderRadius: 4, padding: 4, background: "#fff" }}>
        <Image src={current.qr_svg} alt="扫码签名二维码" width={180} height={180} preview={false}
          style={{ opacity: expired ? 0.15 : 1 }} />
        {expired ? (
          <div style={{ position: "absolute", inset: 0, display: "flex", alignItems: "center", justifyContent: "center" }}>
            <Button type="primary" onClick={() => start.mutate()} loading={start.isPending}>二维码已过期，重新生成</Button>
          </div>
        ) : null}
      </div>
      <Space direction="vertical" style={{ maxWidth: 300 }}>
        <Typography.Text strong>请用手机扫描二维码，在手机上签名</Typography.Text>
        <Typography.Text type="secondary">手机需连接校园网；二维码只能使用一次，5 分钟内有效。</Typography.Text>
        {!expired ? (
          <Typography.Text>
            <LoadingOutlined /> 等待手机签名…（剩余 {Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")}）
          </Typography.Text>
        ) : null}
        <Button size="small" onClick={() => start.mutate()} loading={start.isPending}>刷新二维码</Button>
      </Space>
    </Space>
  );
}
