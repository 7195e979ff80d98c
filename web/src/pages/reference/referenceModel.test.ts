import { describe, expect, it } from "vitest";
import type { ReferenceListInfo, ReferenceValues } from "../../api/reference";
import { filterLists, usesText, valueTitle, visibleValues } from "./referenceModel";

const course: ReferenceListInfo = { name: "course_catalog", label: "课程名称（课程目录）", kind: "course", active_count: 10, retired_count: 0,
  uses: [{ record_type: "T01", type_title: "课程教学工作量", field: "course_name", label: "课程名称" }] };
const term: ReferenceListInfo = { name: "term_calendar", label: "学年学期", kind: "term", active_count: 8, retired_count: 0,
  uses: [{ record_type: "T01", type_title: "课程教学工作量", field: "term", label: "学年学期" },
    { record_type: "T02", type_title: "校内课程监考", field: "term", label: "学年学期" }] };
const t03: ReferenceListInfo = { name: "T03.task_kind", label: "类型（临床医学专业水平测试）", kind: "enum", active_count: 4, retired_count: 1,
  uses: [{ record_type: "T03", type_title: "临床医学专业水平测试", field: "task_kind", label: "类型" }] };

describe("参考数据 page model", () => {
  it("puts the course catalogue and the term calendar first and filters by label or type", () => {
    expect(filterLists([t03, term, course], "").map((l) => l.name)).toEqual(["course_catalog", "term_calendar", "T03.task_kind"]);
    expect(filterLists([t03, term, course], "监考").map((l) => l.name)).toEqual(["term_calendar"]);
    expect(filterLists([t03, term, course], "临床").map((l) => l.name)).toEqual(["T03.task_kind"]);
  });

  it("names the value column and the uses", () => {
    expect(valueTitle("course", course)).toBe("课程名称");
    expect(valueTitle("enum", t03)).toBe("类型");
    expect(usesText(term)).toBe("课程教学工作量 › 学年学期、校内课程监考 › 学年学期");
  });

  it("hides retired values unless asked", () => {
    const values = { name: "x", label: "x", kind: "enum", owner_dept_choices: [], items: [
      { id: 1, value: "命题", retired: false }, { id: 2, value: "考务", retired: true }] } as unknown as ReferenceValues;
    expect(visibleValues(values, false).map((v) => v.value)).toEqual(["命题"]);
    expect(visibleValues(values, true).map((v) => v.value)).toEqual(["命题", "考务"]);
  });
});
