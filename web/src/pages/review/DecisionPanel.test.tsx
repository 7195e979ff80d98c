import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App, ConfigProvider } from "antd";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { setCsrfToken } from "../../api/session";

const calls: { url: string; body: unknown }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let signed = true;
let signatureLoaded: Promise<void> = Promise.resolve();      // held back to see the panel while it loads

vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  if (request.url.endsWith("/api/v1/me/signature")) {
    await signatureLoaded;
    const state = signed ? { has_signature: true, version: 1, created_at: "2026-11-26T01:00:00Z", image_url: "/api/v1/signatures/3/1" }
      : { has_signature: false, version: null, created_at: null, image_url: null };
    return new Response(JSON.stringify(state), { status: 200, headers: { "Content-Type": "application/json" } });
  }
  calls.push({ url: request.url, body: await request.clone().json().catch(() => null) });
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
});

async function renderPanel(onDone = vi.fn(), onConflict = vi.fn(), canReturnPrevious = false) {
  const { default: DecisionPanel } = await import("./DecisionPanel");
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <ConfigProvider button={{ autoInsertSpace: false }}>
          <App><DecisionPanel taskId={7} stepName="职能部门审核" canReturnPrevious={canReturnPrevious}
            onDone={onDone} onConflict={onConflict} /></App>
        </ConfigProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { onDone, onConflict };
}

describe("DecisionPanel", { timeout: 30_000 }, () => {
  beforeEach(() => {
    calls.length = 0;
    signed = true;
    signatureLoaded = Promise.resolve();
    setCsrfToken("token");
  });

  it("asks for the e-signature on the first single review and sends nothing without it", async () => {
    signed = false;
    await renderPanel();
    expect(await screen.findByText("第一次审核时需要个人电子签名，请在下方签名并保存")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "清除" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "重签" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "保存签名" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    expect(calls).toHaveLength(0);
  });

  it("shows a loading placeholder in 电子签名 while the signature loads, then the signature", async () => {
    let release = () => {};
    signatureLoaded = new Promise((resolve) => { release = resolve; });
    await renderPanel();
    const loading = await screen.findByRole("status", { name: "正在加载电子签名" });
    expect(loading.querySelector(".ant-skeleton")).not.toBeNull();
    expect(screen.queryByAltText("我的电子签名")).not.toBeInTheDocument();
    release();
    expect(await screen.findByAltText("我的电子签名")).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "正在加载电子签名" })).not.toBeInTheDocument();
  });

  it("shows the stored signature once there is one", async () => {
    await renderPanel();
    expect(await screen.findByAltText("我的电子签名")).toBeInTheDocument();
  });

  it("asks for 审核意见 before 退回 and sends nothing without it", async () => {
    await renderPanel();
    await userEvent.click(screen.getByRole("radio", { name: "退回" }));
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    expect(await screen.findByText("退回或终止时必须填写审核意见")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it("sends the decision with the comment and reports success", async () => {
    answer = { status: 200, body: { task_id: 7, record: {} } };
    const { onDone } = await renderPanel();
    await screen.findByAltText("我的电子签名");
    await userEvent.click(screen.getByRole("radio", { name: "退回" }));
    await userEvent.type(screen.getByLabelText("审核意见"), "请补充附件");
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith("return"));
    expect(calls[0].url).toMatch(/\/api\/v1\/tasks\/7\/complete$/);
    expect(calls[0].body).toEqual({ action: "return", comment: "请补充附件", signature_version: null });
  });

  it("shows the 409 message of a task someone else completed and asks for a refresh", async () => {
    answer = { status: 409, body: { code: "task_already_completed", status: 409, message: "该记录已由 潘婷 于 09:35 处理" } };
    const { onDone, onConflict } = await renderPanel();
    await screen.findByAltText("我的电子签名");
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    expect(await screen.findByText("该记录已由 潘婷 于 09:35 处理")).toBeInTheDocument();
    expect(onConflict).toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it("does not offer 退回上一步 at the first review step", async () => {
    await renderPanel();
    await screen.findByAltText("我的电子签名");
    expect(screen.queryByRole("radio", { name: "退回上一步" })).not.toBeInTheDocument();
  });

  it("sends 退回上一步 with its required comment", async () => {
    answer = { status: 200, body: { task_id: 7, record: {} } };
    const { onDone } = await renderPanel(vi.fn(), vi.fn(), true);
    await screen.findByAltText("我的电子签名");
    await userEvent.click(screen.getByRole("radio", { name: "退回上一步" }));
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    expect(await screen.findByText("退回上一步时必须填写审核意见")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await userEvent.type(screen.getByLabelText("审核意见"), "请职能部门再核对");
    await userEvent.click(screen.getByRole("button", { name: "确定" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith("return_previous"));
    expect(calls[0].body).toEqual({ action: "return_previous", comment: "请职能部门再核对", signature_version: null });
  });
});
