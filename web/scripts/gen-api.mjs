// Regenerates src/api/schema.d.ts from the committed snapshot src/api/openapi.json.
// Refresh the snapshot first when the API changed:
//   FLASK_APP=app:create_app ../.venv/bin/flask openapi dump src/api/openapi.json   (from web/)
// src/api/schema.test.ts fails when schema.d.ts differs from what this script writes.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { generateSchemaText } from "./schema-text.mjs";

const root = new URL("../src/api/", import.meta.url);
const spec = JSON.parse(await readFile(new URL("openapi.json", root), "utf8"));
const out = fileURLToPath(new URL("schema.d.ts", root));
await writeFile(out, await generateSchemaText(spec));
console.log(`wrote ${out}`);
