import { describe, expect, it, vi } from "vitest";
import { serverPagination } from "./pagination";

describe("serverPagination", () => {
  it("pages of a fixed size with the server's total and the count beside the pager", () => {
    const onChange = vi.fn();
    const config = serverPagination(3, 20, 45, onChange, "人");
    expect(config).toMatchObject({ current: 3, pageSize: 20, total: 45, showSizeChanger: false });
    expect(config.showTotal?.(45, [41, 45])).toBe("共 45 人");
    config.onChange?.(2, 20);
    expect(onChange).toHaveBeenCalledWith(2, 20);
  });

  it("counts 条 by default and shows no pages before the first response", () => {
    const config = serverPagination(1, 20, undefined, () => undefined);
    expect(config.total).toBe(0);
    expect(config.showTotal?.(0, [0, 0])).toBe("共 0 条");
  });
});
