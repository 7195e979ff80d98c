// What the applicant is told after 撤回 (catalog §3.4): withdrawn at once, refused (cited), or waiting for the unit.

export interface WithdrawAnswer {
  handling?: string;
  outcome?: string | null;
  note?: string | null;
}

/** The message kind and text for a 撤回 answer: 撤回成功, 不予撤回 with its 处理说明, or 待单位审核. */
export function withdrawOutcome(answer: WithdrawAnswer): { kind: "success" | "warning" | "info"; text: string } {
  if (answer.outcome === "withdrawn") return { kind: "success", text: "撤回成功，可修改后重新提交" };
  if (answer.outcome === "refused" || answer.outcome === "rejected") {
    return { kind: "warning", text: `不予撤回${answer.note ? `：${answer.note}` : ""}` };
  }
  return { kind: "info", text: "撤回申请已提交，待单位审核" };
}
