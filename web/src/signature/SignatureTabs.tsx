// The two ways to sign (catalog §5.2): 鼠标签名 on the pad, or 扫码签名 on a phone. The QR code is made
// only when its tab is opened (each one is a single-use token).
import { Tabs } from "antd";
import SignaturePad from "./SignaturePad";
import QrSigning from "./QrSigning";

export default function SignatureTabs({ onSave, saving, saveLabel, padKey, onQrSigned }: {
  onSave: (dataUrl: string) => void; saving: boolean; saveLabel?: string; padKey?: number;
  onQrSigned?: (version: number) => void;
}) {
  return (
    <Tabs size="small" destroyInactiveTabPane items={[
      { key: "pad", label: "鼠标签名", children: <SignaturePad key={padKey} saving={saving} saveLabel={saveLabel} onSave={onSave} /> },
      { key: "qr", label: "扫码签名", children: <QrSigning onSigned={onQrSigned} /> },
    ]} />
  );
}
