import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useNavigate } from "react-router-dom";
import { Badge, Menu, Skeleton, type MenuProps } from "antd";
import { useInboxCounts, useMe, useRecordTypes } from "../api/hooks";
import { fetchSummaryItems, summaryKeys } from "../api/summaries";
import { useActiveRole } from "../auth/role";
import { REVIEWER_ROLES } from "../labels";
import { buildMenu, openKeysFor, type MenuNode } from "./menu";
import "./menu.css";

type Item = Required<MenuProps>["items"][number];

function toItems(nodes: MenuNode[]): Item[] {
  return nodes.map((node): Item => {
    const label = node.count !== undefined
      ? <span style={{ display: "flex", justifyContent: "space-between", gap: 8, paddingInlineEnd: node.children && !node.group ? 20 : 0 }}>
          <span style={{ overflow: "hidden", textOverflow: "ellipsis" }} title={node.label}>{node.label}</span>
          <Badge count={node.count} showZero={false} size="small" color={/^\/?review/.test(node.key) ? "#f5222d" : "#8c8c8c"} />
        </span>
      : <span title={node.label}>{node.label}</span>;      // a long label wraps (menu.css); the whole also on hover
    if (node.group) return { type: "group", key: node.key, label, children: toItems(node.children ?? []) };
    if (node.children) return { key: node.key, label, children: toItems(node.children) };
    return { key: node.key, label };
  });
}

export default function SideMenu() {
  const { role } = useActiveRole();
  const me = useMe();
  const passwordFirst = !!me.data?.must_change_password;   // a one-time password: nothing but 个人设置 yet
  const business = role !== "system_admin" && !passwordFirst;  // the 系统管理员 sees no business data (§6.2)
  const types = useRecordTypes(business);
  const reviewer = business && !!role && REVIEWER_ROLES.includes(role);
  const counts = useInboxCounts(reviewer);
  const summaryItems = useQuery({ queryKey: summaryKeys.items(role), queryFn: fetchSummaryItems, enabled: reviewer,
    staleTime: 5 * 60_000 });
  const location = useLocation();
  const navigate = useNavigate();
  const nodes = useMemo(() => (passwordFirst ? [{ key: "/settings", label: "个人设置" }]
    : buildMenu(role, types.data ?? [], counts.data?.counts ?? {}, summaryItems.data ?? [])),
  [passwordFirst, role, types.data, counts.data, summaryItems.data]);
  const path = location.pathname.replace(/\/(new|edit)$/, "");
  const selected = path.startsWith("/review/records") ? [] : path.startsWith("/process-admin") ? ["/process-admin"]
    : [path.startsWith("/records") ? "" : path];
  const [openKeys, setOpenKeys] = useState<string[]>([]);
  useEffect(() => {
    const wanted = openKeysFor(nodes, path);
    setOpenKeys((keys) => Array.from(new Set([...keys, ...wanted])));
  }, [nodes, path]);

  if (business && types.isPending) return <div style={{ padding: 16 }}><Skeleton active /></div>;
  return (
    <nav aria-label="侧边菜单">
      <Menu mode="inline" items={toItems(nodes)} selectedKeys={selected} openKeys={openKeys}
        onOpenChange={setOpenKeys} onClick={({ key }) => key.startsWith("/") && navigate(key)}
        className="side-menu" style={{ borderInlineEnd: 0 }} />
    </nav>
  );
}
