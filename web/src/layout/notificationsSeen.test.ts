import { unreadCount } from "./notificationsSeen";

describe("the bell's badge", () => {
  const items = [
    { created_at: "2025-03-01T08:00:00+00:00", read_at: null },
    { created_at: "2025-03-02T08:00:00+00:00", read_at: null },
    { created_at: "2025-03-03T08:00:00+00:00", read_at: "2025-03-03T09:00:00+00:00" },
  ];

  it("counts unread notifications newer than the last look at the bell", () => {
    expect(unreadCount(items, null)).toBe(2);
    expect(unreadCount(items, "2025-03-01T12:00:00+00:00")).toBe(1);
    expect(unreadCount(items, "2025-03-05T00:00:00+00:00")).toBe(0);
  });
});
