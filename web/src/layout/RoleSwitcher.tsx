// 当前角色: a person with several roles works in one at a time (seed 000 二(一)2).
import { useNavigate } from "react-router-dom";
import { Select, Space, Typography } from "antd";
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
    value: o.role, label: o.units.length ? `${o.label}（${o.units.join("、")}）` : o.label,
  }));
  if (options.length === 0) return null;
  if (options.length === 1) {
    return <Typography.Text style={{ color: "rgba(255,255,255,0.85)" }}>当前角色：{options[0].label}</Typography.Text>;
  }
  return (
    <Space>
      <Typography.Text style={{ color: "rgba(255,255,255,0.85)" }} id="role-switcher-label">当前角色</Typography.Text>
      <Select aria-labelledby="role-switcher-label" value={role ?? undefined} options={options} style={{ minWidth: 180 }}
        onChange={(next: string) => {
          switchRole(next);
          void queryClient.invalidateQueries({ queryKey: ["role"] });
          navigate(homeOf(next));
        }} />
    </Space>
  );
}
