// 登录: 账号 + 密码 (cookie session; the CSRF token from the answer goes out as X-CSRFToken).
import { lazy, Suspense, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { keys } from "../../api/keys";
import { pickActiveRole, setActiveRole, getActiveRole, setCsrfToken } from "../../api/session";
import type { Me } from "../../api/types";
import { useActiveRole } from "../../auth/role";
import { homeOf } from "../../layout/menu";
import { PRODUCT_NAME } from "../../labels";

/** Only same-site paths are followed after login (never an absolute URL from the query string). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : null;
}

// CAS is optional: its part of the page is loaded only where it shows (configured, or a refusal to tell)
const SsoRefusal = lazy(() => import("./SsoLogin").then((m) => ({ default: m.SsoRefusal })));
const SsoButton = lazy(() => import("./SsoLogin").then((m) => ({ default: m.SsoButton })));

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { switchRole } = useActiveRole();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ssoError = params.get("sso_error");
  const cas = useQuery({ queryKey: ["sso"], queryFn: () => unwrap(api.GET("/api/v1/auth/sso")), staleTime: Infinity, retry: false });
  const next = safeNext(params.get("next"));

  async function submit(values: { account: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(api.POST("/api/v1/auth/login", { body: values }));
      setCsrfToken(answer.csrf_token ?? null);
      const me = answer.user as Me;
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      const role = pickActiveRole(getActiveRole(), me.roles);
      setActiveRole(role);
      if (role) switchRole(role);
      navigate(safeNext(params.get("next")) ?? homeOf(role), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: "100vh", display: "flex", alignItems: "center", justifyContent: "center",
      background: "linear-gradient(135deg, #1f3a68 0%, #3b6db3 100%)" }}>
      <main>
        <Card style={{ width: 380 }}>
          <Typography.Title level={3} style={{ textAlign: "center", marginTop: 0 }}>{PRODUCT_NAME}</Typography.Title>
          {params.get("next") && !error && !ssoError && <Alert type="info" showIcon message="登录已过期，请重新登录" style={{ marginBottom: 16 }} />}
          {ssoError && !error && <Suspense fallback={null}><SsoRefusal code={ssoError} /></Suspense>}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item label="账号" name="account" rules={[{ required: true, message: "请输入账号" }]}>
              <Input prefix={<UserOutlined />} placeholder="请输入工号" autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
              <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
          </Form>
          {cas.data?.cas_enabled && <Suspense fallback={null}><SsoButton next={next} /></Suspense>}
        </Card>
      </main>
    </div>
  );
}
