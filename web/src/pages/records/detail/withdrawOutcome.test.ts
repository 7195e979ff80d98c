import { withdrawOutcome } from "./withdrawOutcome";

describe("withdrawOutcome", () => {
  it("tells a refusal as a warning with its 处理说明, never as a success", () => {
    expect(withdrawOutcome({ handling: "processed", outcome: "refused", note: "该业绩已被引用，不能撤回" }))
      .toEqual({ kind: "warning", text: "不予撤回：该业绩已被引用，不能撤回" });
  });
  it("tells an immediate withdrawal as a success and a pending request as waiting for the unit", () => {
    expect(withdrawOutcome({ handling: "processed", outcome: "withdrawn" }).kind).toBe("success");
    expect(withdrawOutcome({ handling: "pending", outcome: null })).toEqual({ kind: "info", text: "撤回申请已提交，待单位审核" });
  });
});
