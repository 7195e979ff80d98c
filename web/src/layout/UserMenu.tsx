import { useNavigate } from "react-router-dom";
import { Button, Dropdown } from "antd";
import { LogoutOutlined, SettingOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { useMe } from "../api/hooks";
import { setActiveRole, setCsrfToken } from "../api/session";

export default function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  async function logout() {
    await api.POST("/api/v1/auth/logout").catch(() => undefined);
    setCsrfToken(null);
    setActiveRole(null);
    queryClient.clear();
    navigate("/login", { replace: true });
  }
  const name = me.data ? `${me.data.name}（${me.data.account}）` : "";
  return (
    <Dropdown menu={{ items: [
      { key: "unit", label: me.data?.unit_name ?? "未绑定工作单位", disabled: true },
      { type: "divider" },
      { key: "settings", icon: <SettingOutlined />, label: "个人设置", onClick: () => navigate("/settings") },
      { key: "logout", icon: <LogoutOutlined />, label: "退出登录", onClick: () => void logout() },
    ] }} trigger={["click"]}>
      <Button type="text" style={{ color: "#fff" }} icon={<UserOutlined />}>{name}</Button>
    </Dropdown>
  );
}
