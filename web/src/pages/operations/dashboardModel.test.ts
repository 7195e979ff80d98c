import { describe, expect, it } from "vitest";
import type { Figures } from "../../api/operations";
import { ageBars, heartbeatText, laneBars, statusBars } from "./dashboardModel";

const figures: Figures = {
  instances: { running: 5, incident: 1, completed: 0 }, open_tasks: { unit: 3, dept: 2, hr: 0 },
  task_age_buckets: [{ le_hours: 1, count: 1 }, { le_hours: 4, count: 1 }, { le_hours: 24, count: 3 }, { le_hours: 72, count: 4 },
    { le_hours: 168, count: 4 }, { le_hours: 336, count: 4 }, { le_hours: 720, count: 4 }],
  task_age_count: 5, outbox_pending: 2, outbox_failed: 1, open_incidents: 1, queue_length: 0, heartbeat_at: 970, measured_at: 1000,
};

describe("operator dashboard model", () => {
  it("un-cumulates the age histogram and adds the band past the last bound", () => {
    expect(ageBars(figures).map((b) => b.value)).toEqual([1, 0, 2, 1, 0, 0, 0, 1]);
  });
  it("leaves empty statuses out of the ring and labels lanes", () => {
    expect(statusBars(figures, [{ value: "running", label: "运行中" }, { value: "completed", label: "已完成" }]))
      .toEqual([{ name: "运行中", value: 5, color: "#1677ff" }]);
    expect(laneBars(figures).map((b) => b.name)).toEqual(["二级单位审核", "职能部门审核", "人力资源部审核"]);
  });
  it("says how old the heartbeat is, or why there is none", () => {
    expect(heartbeatText(figures)).toBe("30 秒前");
    expect(heartbeatText({ ...figures, queue_length: null })).toBe("未配置队列");
    expect(heartbeatText({ ...figures, heartbeat_at: null })).toBe("无心跳");
  });
});
