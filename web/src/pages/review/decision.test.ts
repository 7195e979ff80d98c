import { commentError } from "./decision";

describe("commentError", () => {
  it("requires 审核意见 for 退回 and 终止 but not for 审核通过", () => {
    expect(commentError("approve", "")).toBeNull();
    expect(commentError("return", "  ")).toBe("退回或终止时必须填写审核意见");
    expect(commentError("terminate", "")).toBe("退回或终止时必须填写审核意见");
    expect(commentError("return", "附件不清晰")).toBeNull();
    expect(commentError("return_previous", "")).toBe("退回上一步时必须填写审核意见");
    expect(commentError("return_previous", "请职能部门再核对")).toBeNull();
  });

  it("limits 审核意见 to 500 characters", () => {
    expect(commentError("approve", "意".repeat(500))).toBeNull();
    expect(commentError("approve", "意".repeat(501))).toBe("审核意见不能超过 500 个字符");
  });
});
