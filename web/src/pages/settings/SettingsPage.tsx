// /settings — 个人设置: 修改密码 (catalog §6.1); the current e-signature (§5.2), replaced by drawing a new one
// or by 扫码签名 on a phone (a new version); and 委托, out-of-office delegation of one's review tasks.
// After a one-time password only the password card shows (it must change first).
import { useState } from "react";
import { App, Card, Descriptions, Image, Space, Typography } from "antd";
import { errorMessage } from "../../api/errors";
import ErrorState from "../../components/ErrorState";
import { formatTime } from "../../components/format";
import SignatureTabs from "../../signature/SignatureTabs";
import { useMySignature, useSaveSignature } from "../../signature/useSignature";
import { useMe } from "../../api/hooks";
import DelegationsCard from "./DelegationsCard";
import PasswordCard from "./PasswordCard";

export default function SettingsPage() {
  const me = useMe();
  const required = !!me.data?.must_change_password;
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <PasswordCard required={required} />
      {!required && <SignatureCard />}
      {!required && <DelegationsCard />}
    </Space>
  );
}

function SignatureCard() {
  const { message } = App.useApp();
  const signature = useMySignature();
  const save = useSaveSignature();
  const [padKey, setPadKey] = useState(0);      // a fresh, empty pad after each save
  if (signature.isPending) return <Card title="电子签名" loading aria-busy="true" />;
  if (signature.error) return <Card title="电子签名"><ErrorState error={signature.error} onRetry={() => void signature.refetch()} /></Card>;
  const current = signature.data;
  return (
    <Card title="电子签名">
      {current.has_signature && current.image_url ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }} items={[
          { key: "img", label: "当前签名", children: <Image src={current.image_url} alt={`电子签名（第 ${current.version} 版）`} height={64} preview={false} /> },
          { key: "v", label: "版本", children: `第 ${current.version} 版` },
          { key: "at", label: "签名时间", children: formatTime(current.created_at) },
        ]} />
      ) : (
        <Typography.Paragraph type="warning">尚未设置电子签名：第一次审核时需要个人电子签名。</Typography.Paragraph>
      )}
      <Typography.Paragraph>{current.has_signature ? "重新签名后，之后的审核使用新版本；已有的审核记录仍显示原签名。" : "请在下方签名并保存。"}</Typography.Paragraph>
      <SignatureTabs padKey={padKey} saving={save.isPending} saveLabel={current.has_signature ? "保存新签名" : "保存签名"}
        onSave={(image) => save.mutate(image, {
          onSuccess: (s) => { message.success(`电子签名已保存（第 ${s.version} 版）`); setPadKey((k) => k + 1); },
          onError: (e) => message.error(errorMessage(e)),
        })}
        onQrSigned={(version) => message.success(`电子签名已保存（第 ${version} 版，扫码签名）`)} />
    </Card>
  );
}
