// 鼠标签名 (catalog §5.2): draw on a canvas with the mouse, pen or finger (the phone's 扫码签名 page too); 清除 empties it, 重签 clears
// and starts again; 保存签名 sends the PNG (the server checks and re-encodes it).
import { useEffect, useRef, useState } from "react";
import { Button, Space, Typography } from "antd";

export const PAD_WIDTH = 480;
export const PAD_HEIGHT = 160;

export default function SignaturePad({ onSave, saving = false, saveLabel = "保存签名", hint = "请在上方框内用鼠标签名" }: {
  onSave: (dataUrl: string) => void; saving?: boolean; saveLabel?: string; hint?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
  }, []);

  function point(e: React.PointerEvent<HTMLCanvasElement>): [number, number] {
    const box = e.currentTarget.getBoundingClientRect();
    return [(e.clientX - box.left) * (PAD_WIDTH / box.width), (e.clientY - box.top) * (PAD_HEIGHT / box.height)];
  }

  function start(e: React.PointerEvent<HTMLCanvasElement>) {
    const ctx = e.currentTarget.getContext("2d");
    if (!ctx) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    const [x, y] = point(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
  }

  function move(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext("2d");
    if (!ctx) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
    setEmpty(false);
  }

  function clear() {
    const ctx = canvas.current?.getContext("2d");
    ctx?.clearRect(0, 0, PAD_WIDTH, PAD_HEIGHT);
    setEmpty(true);
  }

  return (
    <Space direction="vertical">
      <canvas ref={canvas} width={PAD_WIDTH} height={PAD_HEIGHT} aria-label="签名板" role="img"
        style={{ width: PAD_WIDTH, maxWidth: "100%", height: PAD_HEIGHT, border: "1px dashed #8c8c8c", borderRadius: 4,
                 background: "#fff", touchAction: "none", cursor: "crosshair" }}
        onPointerDown={start} onPointerMove={move} onPointerUp={() => { drawing.current = false; }}
        onPointerLeave={() => { drawing.current = false; }} />
      <Typography.Text type="secondary">{hint}</Typography.Text>
      <Space>
        <Button onClick={clear}>清除</Button>
        <Button onClick={clear}>重签</Button>
        <Button type="primary" disabled={empty} loading={saving}
          onClick={() => canvas.current && onSave(canvas.current.toDataURL("image/png"))}>{saveLabel}</Button>
      </Space>
    </Space>
  );
}
