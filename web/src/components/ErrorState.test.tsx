import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfigProvider } from "antd";
import { MemoryRouter } from "react-router-dom";
import { ApiError, toApiError } from "../api/errors";
import ErrorState from "./ErrorState";

function show(error: unknown, onRetry = vi.fn()) {
  render(
    <MemoryRouter>
      <ConfigProvider button={{ autoInsertSpace: false }}><ErrorState error={error} onRetry={onRetry} /></ConfigProvider>
    </MemoryRouter>,
  );
  return onRetry;
}

describe("ErrorState", () => {
  it("says a record that is not there is not there, with no 重试 (asking again finds nothing either)", async () => {
    show(new ApiError({ code: "not_found", status: 404, message: "记录不存在或无权访问" }));
    expect(await screen.findByText("内容不存在")).toBeInTheDocument();    // the page loads when it is needed
    expect(screen.getByText("记录不存在或无权访问")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "重试" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "返回首页" })).toHaveAttribute("href", "/");
    expect(document.querySelector(".ant-result-404")).not.toBeNull();
  });

  it("offers no 重试 for a refusal either", async () => {
    show(toApiError(403, null));
    expect(await screen.findByText("无权访问")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "重试" })).not.toBeInTheDocument();
  });

  it("offers 重试 when the server failed", async () => {
    const onRetry = show(toApiError(502, null));
    expect(await screen.findByText("加载失败")).toBeInTheDocument();
    expect(screen.getByText("服务器内部错误，请稍后重试")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "重试" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("offers 重试 when the network failed", async () => {
    show(new TypeError("Failed to fetch"));
    expect(await screen.findByText("加载失败")).toBeInTheDocument();
    expect(screen.getByText("无法连接服务器，请检查网络后重试")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "重试" })).toBeInTheDocument();
  });
});
