// @vitest-environment node
// Drift check: schema.d.ts must be exactly what openapi-typescript makes of the committed openapi.json.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { generateSchemaText } from "../../scripts/schema-text.mjs";

describe("generated API types", () => {
  it("schema.d.ts matches openapi.json (run `npm run gen:api` when this fails)", async () => {
    const dir = resolve(__dirname);
    const spec = JSON.parse(readFileSync(resolve(dir, "openapi.json"), "utf8"));
    const committed = readFileSync(resolve(dir, "schema.d.ts"), "utf8");
    const expected = await generateSchemaText(spec);
    expect(committed === expected, "src/api/schema.d.ts is stale: run `npm run gen:api` and commit it").toBe(true);
  });
});
