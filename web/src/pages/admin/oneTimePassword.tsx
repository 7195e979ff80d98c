// The one-time password of a new account or a reset, shown once with a copy button.
import { Typography } from "antd";
import type { HookAPI } from "antd/es/modal/useModal";

export function showOneTimePassword(modal: HookAPI, title: string, password: string): void {
  modal.success({
    title,
    width: 460,
    content: (
      <>
        <Typography.Paragraph>一次性密码（只显示这一次，请告知本人）：</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: password }} style={{ fontSize: 20, fontFamily: "monospace" }}>
          <span data-testid="one-time-password">{password}</span>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>该密码只能登录一次，登录后须立即修改密码。</Typography.Paragraph>
      </>
    ),
  });
}
