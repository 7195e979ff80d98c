import { countErrors, envelopeToErrorSchema, parseFieldPath } from "./errors";

describe("envelope → RJSF errors", () => {
  it("parses nested row paths", () => {
    expect(parseFieldPath("cases[2].admit_date")).toEqual(["cases", "2", "admit_date"]);
    expect(parseFieldPath("sessions")).toEqual(["sessions"]);
    expect(parseFieldPath("")).toEqual([]);
  });

  it("places every error on its field, rows included, and keeps the rest as general messages", () => {
    const { errorSchema, general } = envelopeToErrorSchema([
      { field: "sessions", message: "「监考/考务场次」必须是整数" },
      { field: "references[1].ref_file", message: "第 2 条参考文献未上传附件" },
      { field: "references[1].ref_file", message: "「参考文献」第 2 行「文献附件」为必填项" },
      { field: "references", message: "参考文献不少于20份" },
      { field: "owner_account", message: "账号 x 不存在或不属于本单位" },
      { message: "共有 5 处填写错误" },
    ], ["sessions", "references"]);
    expect(errorSchema).toEqual({
      sessions: { __errors: ["「监考/考务场次」必须是整数"] },
      references: {
        __errors: ["参考文献不少于20份"],
        1: { ref_file: { __errors: ["第 2 条参考文献未上传附件", "「参考文献」第 2 行「文献附件」为必填项"] } },
      },
    });
    expect(general).toEqual(["账号 x 不存在或不属于本单位", "共有 5 处填写错误"]);
    expect(countErrors(errorSchema)).toBe(4);
  });

  it("does not repeat the same message on one field", () => {
    const { errorSchema } = envelopeToErrorSchema([
      { field: "cases[0].name", message: "必填" }, { field: "cases[0].name", message: "必填" },
    ], ["cases"]);
    expect(countErrors(errorSchema)).toBe(1);
  });
});

import { customMessage, localise } from "./RecordForm";

describe("browser-side messages", () => {
  const schema = { type: "object" as const, properties: {
    references: { type: "array" as const, minItems: 20, "x-messages": { minItems: "参考文献不少于20份" },
      items: { type: "object" as const, properties: { year: { type: "integer" as const } } } },
  } };

  it("uses the form file's x-messages for its keyword", () => {
    expect(customMessage(schema, ".references", "minItems")).toBe("参考文献不少于20份");
    expect(customMessage(schema, ".references", "required")).toBeUndefined();
    expect(customMessage(schema, ".references.0.year", "minimum")).toBeUndefined();
  });

  it("falls back to Chinese messages per keyword", () => {
    expect(localise("maxLength", { limit: 100 })).toBe("不能超过 100 个字符");
    expect(localise("type", { type: "integer" })).toBe("必须是整数");
  });
});

describe("errors on fields the form does not render", () => {
  it("keeps an unknown row column as a general message instead of dropping it", () => {
    const schema = { properties: { references: { items: { properties: { year: {}, ref_title: {} } } } } };
    const { errorSchema, general } = envelopeToErrorSchema([
      { field: "references[0].title", message: "未知字段「title」" },
      { field: "references[0].year", message: "「参考文献」第 1 行「年度」为必填项" },
    ], ["references"], schema);
    expect(general).toEqual(["未知字段「title」"]);
    expect(errorSchema).toEqual({ references: { 0: { year: { __errors: ["「参考文献」第 1 行「年度」为必填项"] } } } });
  });
});
