import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App, ConfigProvider } from "antd";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { setCsrfToken } from "../../api/session";

const calls: { method: string; url: string; body: unknown }[] = [];
const items = [
  { event_type: "task_created", label: "有待我审核的记录", email: true },
  { event_type: "urge", label: "催办", email: true },
];

vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  const body = await request.clone().json().catch(() => null);
  calls.push({ method: request.method, url: request.url, body });
  const answer = request.method === "PUT"
    ? { items: items.map((i) => ({ ...i, email: (body as { items: { event_type: string; email: boolean }[] }).items
      .find((c) => c.event_type === i.event_type)?.email ?? i.email })) }
    : { items };
  return new Response(JSON.stringify(answer), { status: 200, headers: { "Content-Type": "application/json" } });
});

describe("PreferencesPage", { timeout: 30_000 }, () => {
  beforeEach(() => {
    calls.length = 0;
    setCsrfToken("token");
  });

  it("lists every event with its e-mail switch and saves only what changed", async () => {
    const { default: PreferencesPage } = await import("./PreferencesPage");
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ConfigProvider button={{ autoInsertSpace: false }}><App><PreferencesPage /></App></ConfigProvider>
      </QueryClientProvider>,
    );
    const urge = await screen.findByRole("switch", { name: "催办邮件" });
    expect(screen.getByRole("switch", { name: "有待我审核的记录邮件" })).toBeChecked();
    expect(screen.getByRole("button", { name: "保存" })).toBeDisabled();
    await userEvent.click(urge);
    await userEvent.click(screen.getByRole("button", { name: "保存" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url).toMatch(/\/api\/v1\/notifications\/preferences$/);
    expect(put.body).toEqual({ items: [{ event_type: "urge", email: false }] });
    expect(await screen.findByText("通知设置已保存")).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "催办邮件" })).not.toBeChecked();
  });
});
