import { render, screen } from "@testing-library/react";
import RecordFieldsView from "./RecordFieldsView";

const schema = {
  properties: {
    title: { type: "string", title: "论文题目" },
    cases: { type: "array", title: "病案列表", items: { type: "object", properties: {
      admission_no: { type: "string", title: "住院(门诊)号" }, diagnosis: { type: "string", title: "出院诊断" } } } },
  },
};

describe("RecordFieldsView", () => {
  it("shows a child list in a zero-minimum grid track, so that a wide list scrolls inside its cell", () => {
    render(<RecordFieldsView schema={schema} uiSchema={{}} attachments={[]}
      data={{ title: "腹腔镜手术疗效比较", cases: [{ admission_no: "ZY2024010001", diagnosis: "急性结石性胆囊炎" }] }} />);
    expect(screen.getByText("论文题目")).toBeInTheDocument();
    const cell = screen.getByText("ZY2024010001");
    const track = cell.closest(".child-list-view") as HTMLElement;
    expect(track).not.toBeNull();
    expect(track.style.display).toBe("grid");
    expect(track.style.gridTemplateColumns).toBe("minmax(0, 1fr)");
    expect(screen.getByRole("columnheader", { name: "出院诊断" })).toBeInTheDocument();
  });
});
