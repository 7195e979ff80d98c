import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { computedFields, followCourseOwner, isVisible, keepStoredValues, LOCKED_HELP, prepareForm, unitOf } from "./prepare";

// the real form files (forms/*.json at the repository root)
function formFile(code: string) {
  return JSON.parse(readFileSync(resolve(__dirname, "../../../forms", `${code}.json`), "utf8"));
}

describe("prepareForm with T04 (seed 000 监考)", () => {
  const t04 = formFile("T04");

  it("never asks for the computed 工作量 and shows it read-only", () => {
    const { schema, uiSchema } = prepareForm(t04.schema, t04.uiSchema, {});
    expect(t04.schema.required).toContain("workload");
    expect(schema.required).not.toContain("workload");
    expect(schema.required).toEqual(["assessment_year", "task_type", "sessions", "exam_type"]);
    expect((uiSchema.workload as Record<string, unknown>)["ui:readonly"]).toBe(true);
    expect(computedFields(t04.schema)).toEqual(["workload"]);
  });

  it("drops $schema and annotates file fields with their upload path", () => {
    const { schema } = prepareForm(t04.schema, t04.uiSchema, {});
    expect("$schema" in schema).toBe(false);
    expect((schema.properties!.attachments as Record<string, unknown>)["x-field-path"]).toBe("attachments");
    expect((schema.properties!.attachments as Record<string, unknown>)["x-field-label"]).toBe("附件");
  });
});

describe("conditional fields (A20 卫生-专题)", () => {
  const a20 = formFile("A20");

  it("shows 病案列表 only for template entry and 非模板录入附件 only otherwise, clearing hidden values", () => {
    const yes = prepareForm(a20.schema, a20.uiSchema, { template_entry: "是", non_template_doc: [5] });
    expect(Object.keys(yes.schema.properties!)).toContain("cases");
    expect(Object.keys(yes.schema.properties!)).not.toContain("non_template_doc");
    expect(yes.formData.non_template_doc).toBeUndefined();
    expect(yes.hidden).toEqual(["non_template_doc"]);

    const no = prepareForm(a20.schema, a20.uiSchema, { template_entry: "否", cases: [{}] });
    expect(Object.keys(no.schema.properties!)).not.toContain("cases");
    expect(no.formData.cases).toBeUndefined();
    expect(no.uiSchema["ui:order"]).not.toContain("cases");
  });

  it("annotates file fields inside child-list rows as list.subfield", () => {
    const a22 = formFile("A22");
    const { schema } = prepareForm(a22.schema, a22.uiSchema, {});
    const items = (schema.properties!.references as { items: { properties: Record<string, Record<string, unknown>> } }).items;
    expect(items.properties.ref_file["x-field-path"]).toBe("references.ref_file");
    expect(items.properties.ref_file["x-field-label"]).toBe("参考文献-文献附件");
  });

  it("reads ui:hideIf", () => {
    expect(isVisible({ "ui:hideIf": { kind: ["无"] } }, { kind: "无" })).toBe(false);
    expect(isVisible({ "ui:hideIf": { kind: ["无"] } }, { kind: "有" })).toBe(true);
    expect(isVisible({ "ui:showIf": { kind: ["有"] } }, {})).toBe(false);
  });
});

describe("decision-filled defaults (R01 归属单位, catalog §2.2)", () => {
  const r01 = formFile("R01");

  it("fills and locks 归属单位 when it is not editable", () => {
    const { formData, uiSchema } = prepareForm(r01.schema, r01.uiSchema, { research_owner: "人文社科部" },
      { research_owner: { value: "科学技术部", editable: false } });
    expect(formData.research_owner).toBe("科学技术部");
    expect(uiSchema.research_owner).toMatchObject({ "ui:readonly": true, "ui:help": LOCKED_HELP });
  });

  it("only suggests it when editable, keeping the person's own choice", () => {
    const chosen = prepareForm(r01.schema, r01.uiSchema, { research_owner: "人文社科部" },
      { research_owner: { value: "科学技术部", editable: true } });
    expect(chosen.formData.research_owner).toBe("人文社科部");
    expect((chosen.uiSchema.research_owner as Record<string, unknown>)["ui:readonly"]).toBeUndefined();
    const empty = prepareForm(r01.schema, r01.uiSchema, {}, { research_owner: { value: "科学技术部", editable: true } });
    expect(empty.formData.research_owner).toBe("科学技术部");
  });
});

describe("unitOf", () => {
  it("finds the unit in a number field's title", () => {
    expect(unitOf("到账金额（万元）")).toBe("万元");
    expect(unitOf("本人撰写字数（万字）")).toBe("万字");
    expect(unitOf("其他上级部门要求承办的各类考试（个人）")).toBeUndefined();
    expect(unitOf(undefined)).toBeUndefined();
  });
});

describe("reference data in the form (issue 12)", () => {
  const t01 = formFile("T01");
  const served = { ...t01.schema, properties: { ...t01.schema.properties,
    course_name: { ...t01.schema.properties.course_name, enum: ["高等数学", "人工智能导论", "其他课程"] } } };

  it("keeps a retired value the record holds, and only then", () => {
    const kept = keepStoredValues(served, { course_name: "线性代数" });
    expect((kept.properties as Record<string, { enum: string[] }>).course_name.enum).toEqual(["高等数学", "人工智能导论", "其他课程", "线性代数"]);
    expect(keepStoredValues(served, { course_name: "高等数学" })).toBe(served);
    expect(keepStoredValues(served, null)).toBe(served);
    expect(keepStoredValues(served, { teaching_class: "计科2301班" })).toBe(served);      // not a reference field
  });

  it("fills 开课主管单位 when a catalogue course is chosen", () => {
    const owners = { 人工智能导论: "教务部", 军事理论: "保卫部" };
    expect(followCourseOwner({}, { course_name: "军事理论" }, owners)).toEqual({ course_name: "军事理论", course_owner_dept: "保卫部" });
    const unchanged = { course_name: "军事理论", course_owner_dept: "学工部" };
    expect(followCourseOwner(unchanged, unchanged, owners)).toBe(unchanged);           // the teacher's own choice stays
    expect(followCourseOwner({}, { course_name: "其他课程" }, owners)).toEqual({ course_name: "其他课程" });
  });
});
