import { diffLineKind, joinForm, splitForm } from "./editor";

describe("the form editor's two panes", () => {
  const form = JSON.stringify({ code: "T04", schema: { properties: { sessions: { title: "场次" } } }, uiSchema: { "ui:order": ["sessions"] } });

  it("splits the uiSchema out of the definition and joins them back", () => {
    const { definition, uiSchema } = splitForm(form);
    expect(JSON.parse(definition)).toEqual({ code: "T04", schema: { properties: { sessions: { title: "场次" } } } });
    expect(JSON.parse(uiSchema)).toEqual({ "ui:order": ["sessions"] });
    expect(JSON.parse(joinForm(definition, uiSchema))).toEqual(JSON.parse(form));
  });

  it("names the pane that does not parse", () => {
    const { definition } = splitForm(form);
    expect(() => joinForm(definition, "{ broken")).toThrow(/^uiSchema 不是合法的 JSON/);
    expect(() => joinForm("{", "{}")).toThrow(/^表单定义不是合法的 JSON/);
  });
});

it("colours the lines of a unified diff", () => {
  expect(["--- a v1", "+++ a v2", "@@ -1 +1 @@", "-old", "+new", " same"].map(diffLineKind))
    .toEqual(["file", "file", "hunk", "remove", "add", "context"]);
});
