// Pages behind the login: loads /auth/me, settles the active role, sends strangers to /login?next=….
import { useEffect, type ReactNode } from "react";
import { Link, Navigate, useLocation } from "react-router-dom";
import { Button, Result, Spin } from "antd";
import { useMe } from "../api/hooks";
import { ApiError, errorMessage } from "../api/errors";
import { pickActiveRole } from "../api/session";
import { useActiveRole } from "./role";

export function loginPath(location: { pathname: string; search: string }): string {
  const here = location.pathname + location.search;
  return here === "/" || here.startsWith("/login") ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

export default function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { role, switchRole } = useActiveRole();
  const wanted = me.data ? pickActiveRole(role, me.data.roles) : null;
  useEffect(() => {
    if (wanted && wanted !== role) switchRole(wanted);
  }, [wanted, role, switchRole]);

  if (me.isPending) return <div style={{ padding: 120, textAlign: "center" }}><Spin size="large" tip="加载中…"><div /></Spin></div>;
  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to={loginPath(location)} replace />;
  if (me.error) {
    // the session could not be read (the server or the network failed): try again, or log in anew
    return (
      <Result status="error" title="无法加载账号信息" subTitle={errorMessage(me.error)} style={{ paddingTop: 120 }}
        extra={[
          <Button key="retry" type="primary" loading={me.isFetching} onClick={() => void me.refetch()}>重试</Button>,
          <Link key="login" to={loginPath(location)}><Button>重新登录</Button></Link>,
        ]} />
    );
  }
  if (wanted !== role) return null;
  if (me.data?.must_change_password && location.pathname !== "/settings") return <Navigate to="/settings" replace />;
  return <>{children}</>;
}
