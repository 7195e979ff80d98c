import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App, ConfigProvider } from "antd";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

let colleagues: unknown[] = [];

vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  const body = request.url.endsWith("/api/v1/tasks/7/transfer-candidates") ? colleagues : {};
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
});

async function renderAction() {
  const { default: TransferAction } = await import("./TransferAction");
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ConfigProvider button={{ autoInsertSpace: false }}><App><TransferAction taskId={7} onDone={vi.fn()} /></App></ConfigProvider>
    </QueryClientProvider>,
  );
}

describe("TransferAction", { timeout: 30_000 }, () => {
  it("disables 转交 and says why when the step has no other reviewer", async () => {
    colleagues = [];
    await renderAction();
    await waitFor(() => expect(screen.getByRole("button", { name: "转交" })).toBeDisabled());
    await userEvent.hover(screen.getByRole("button", { name: "转交" }).parentElement!);
    expect(await screen.findByRole("tooltip")).toHaveTextContent("该环节没有其他审核人，无法转交");
    expect(screen.queryByRole("dialog", { name: "转交" })).not.toBeInTheDocument();
  });

  it("opens the 转交 dialog when there are colleagues to hand the task to", async () => {
    colleagues = [{ id: 12, account: "90010002", name: "韩雪", unit: "教务部" }];
    await renderAction();
    const button = screen.getByRole("button", { name: "转交" });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByRole("dialog", { name: "转交" })).toBeInTheDocument();
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
  });
});
