// 当前角色: a person with several roles works in one at a time (seed 000 二(一)2).
import { useNavigate } from "react-router-dom";
import { Button, Dropdown, Typography } from "antd";
import { DownOutlined, SwapOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useMe } from "../api/hooks";
import { useActiveRole } from "../auth/role";
import { homeOf } from "./menu";

export default function RoleSwitcher() {
  const me = useMe();
  const { role, switchRole } = useActiveRole();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const options = (me.data?.role_options ?? []).map((o) => ({
    key: o.role, label: o.units.length ? `${o.label}（${o.units.join("、")}）` : o.label,
  }));
  const current = options.find((o) => o.key === role) ?? options[0];
  if (!current) return null;
  const text = { color: "rgba(255,255,255,0.85)" };
  if (options.length === 1) return <Typography.Text style={text}>当前角色：{current.label}</Typography.Text>;
  return (
    <Dropdown trigger={["click"]} menu={{
      items: options, selectable: true, selectedKeys: role ? [role] : [],
      onClick: ({ key }) => {
        if (key === role) return;
        switchRole(key);
        void queryClient.invalidateQueries({ queryKey: ["role"] });
        navigate(homeOf(key));
      },
    }}>
      <Button type="text" style={{ color: "#fff" }} icon={<SwapOutlined />} aria-label={`切换角色（当前角色：${current.label}）`}>
        当前角色：{current.label} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
