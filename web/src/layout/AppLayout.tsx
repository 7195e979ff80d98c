// The product shell: header (name, role switcher, bell, user menu) + side menu of the active role.
import { Suspense, useEffect } from "react";
import { Outlet, useLocation } from "react-router-dom";
import { Layout } from "antd";
import { PRODUCT_NAME } from "../labels";
import PageSkeleton from "../components/PageSkeleton";
import SideMenu from "./SideMenu";
import RoleSwitcher from "./RoleSwitcher";
import NotificationBell from "./NotificationBell";
import UserMenu from "./UserMenu";

export default function AppLayout() {
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, padding: "0 20px", background: "#1f3a68",
        position: "sticky", top: 0, zIndex: 20 }}>
        <div style={{ color: "#fff", fontSize: 18, fontWeight: 600, whiteSpace: "nowrap" }}>{PRODUCT_NAME}</div>
        <div style={{ flex: 1 }} />
        <RoleSwitcher />
        <NotificationBell />
        <UserMenu />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={224} theme="light" style={{ borderRight: "1px solid #f0f0f0", overflow: "auto", height: "calc(100vh - 64px)", position: "sticky", top: 64 }}>
          <SideMenu />
        </Layout.Sider>
        <Layout.Content style={{ padding: 20, minWidth: 0 }}>
          <main>
            <Suspense fallback={<PageSkeleton />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
