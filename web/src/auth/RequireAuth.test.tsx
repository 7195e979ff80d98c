import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfigProvider } from "antd";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";

let meStatus = 500;
const ME = { id: 1, account: "01090023", name: "赵志睿", roles: ["teacher"], must_change_password: false };

vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  if (request.url.endsWith("/api/v1/auth/me")) {
    return meStatus === 200
      ? new Response(JSON.stringify(ME), { status: 200, headers: { "Content-Type": "application/json" } })
      : new Response(JSON.stringify({ code: "internal_error", status: 500, message: "服务器内部错误，请稍后重试（请求编号 3f2a）" }),
        { status: meStatus, headers: { "Content-Type": "application/json" } });
  }
  return new Response("{}", { status: 404 });
});

/** The guard, imported after fetch is stubbed (the API client keeps the fetch it finds at import). */
async function renderGuarded() {
  const { default: RequireAuth } = await import("./RequireAuth");
  const { RoleProvider } = await import("./role");
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={["/types/T04"]}>
        <ConfigProvider button={{ autoInsertSpace: false }}>
          <RoleProvider><RequireAuth><p>业绩列表</p></RequireAuth></RoleProvider>
        </ConfigProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("RequireAuth", () => {
  beforeEach(() => { meStatus = 500; });

  it("answers a failed /auth/me with an error page offering 重试 and 重新登录, and 重试 loads the page", async () => {
    await renderGuarded();
    expect(await screen.findByText("无法加载账号信息")).toBeInTheDocument();
    expect(screen.getByText("服务器内部错误，请稍后重试（请求编号 3f2a）")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "重新登录" })).toHaveAttribute("href", "/login?next=%2Ftypes%2FT04");
    meStatus = 200;
    await userEvent.click(screen.getByRole("button", { name: "重试" }));
    expect(await screen.findByText("业绩列表")).toBeInTheDocument();
  });
});
