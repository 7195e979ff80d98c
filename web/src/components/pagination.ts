import type { TablePaginationConfig } from "antd";

// Pages of a fixed size fetched from the server: `total` from the page response, "共 N <unit>" beside the pager.
export function serverPagination(page: number, pageSize: number, total: number | undefined, onChange: (page: number) => void,
  unit = "条"): TablePaginationConfig {
  return { current: page, pageSize, total: total ?? 0, onChange, showSizeChanger: false, showTotal: (n) => `共 ${n} ${unit}` };
}
