import { commentError, sentBackBy } from "./decision";

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

describe("sentBackBy", () => {
  it("is the last trail entry when it is a 退回上一步, else null (a later decision or resubmission clears it)", () => {
    const back = { action: "return_previous", step: "职能部门审核", comment: "学时与课表不一致" };
    expect(sentBackBy([{ action: "submit" }, { action: "approve" }, back])).toBe(back);
    expect(sentBackBy([back, { action: "approve" }])).toBeNull();
    expect(sentBackBy([])).toBeNull();
  });
});
