// Pages behind the login: loads /auth/me, settles the active role, sends strangers to /login?next=….
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { Spin } from "antd";
import { useMe } from "../api/hooks";
import { ApiError } from "../api/errors";
import { pickActiveRole } from "../api/session";
import { useActiveRole } from "./role";

const AuthError = lazy(() => import("./AuthError"));      // loaded only when /auth/me fails

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
      <Suspense fallback={null}>
        <AuthError error={me.error} retrying={me.isFetching} onRetry={() => void me.refetch()} loginTo={loginPath(location)} />
      </Suspense>
    );
  }
  if (wanted !== role) return null;
  if (me.data?.must_change_password && location.pathname !== "/settings") return <Navigate to="/settings" replace />;
  return <>{children}</>;
}
