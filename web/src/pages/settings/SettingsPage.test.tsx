import { render, screen, within } from "@testing-library/react";
import { App, ConfigProvider } from "antd";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";

const ME = { id: 1, account: "90010001", name: "邓超", roles: ["dept_reviewer"], must_change_password: false };
const SIGNATURE = { has_signature: true, version: 2, created_at: "2026-11-26T01:00:00Z", image_url: "/api/v1/signatures/3/2" };
let release = () => {};

vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  const path = new URL(request.url).pathname;
  let body: unknown = [];
  if (path === "/api/v1/auth/me") body = ME;
  if (path === "/api/v1/me/delegations") body = { given: [], received: [] };
  if (path === "/api/v1/me/signature") {
    await new Promise<void>((resolve) => { release = resolve; });
    body = SIGNATURE;
  }
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
});

describe("SettingsPage", { timeout: 30_000 }, () => {
  it("shows the 电子签名 card loading while the signature loads, then the current signature", async () => {
    const { default: SettingsPage } = await import("./SettingsPage");
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter>
          <ConfigProvider button={{ autoInsertSpace: false }}><App><SettingsPage /></App></ConfigProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const card = (await screen.findByText("电子签名", { selector: ".ant-card-head-title" })).closest(".ant-card") as HTMLElement;
    expect(card).toHaveAttribute("aria-busy", "true");
    expect(card.querySelector(".ant-skeleton-active")).not.toBeNull();
    release();
    expect(await within(card).findByAltText("电子签名（第 2 版）")).toBeInTheDocument();
    expect(card.querySelector(".ant-skeleton")).toBeNull();
  });
});
