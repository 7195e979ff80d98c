// Initial JavaScript of a route, gzipped: the entry chunk, the route's lazy page and everything they
// import statically (from dist/.vite/manifest.json; run `npx vite build` first). Budget: login + the
// teacher's list ≤ 400 KB (issue 9, Performance).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", dist), "utf8"));
const BUDGET_KB = 400;

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    closure(manifest[key].imports ?? [], seen);
  }
  return seen;
}

function gzipKb(keys) {
  let bytes = 0;
  for (const key of keys) bytes += gzipSync(readFileSync(new URL(manifest[key].file, dist))).length;
  return bytes / 1024;
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const page = (name) => Object.keys(manifest).find((k) => k.endsWith(`/${name}.tsx`));
const routes = {
  "login + teacher list": ["LoginPage", "TypeListPage"],
  "我的业绩 (without the chart)": ["DashboardPage"],
  "form": ["RecordFormPage"],
  "detail (without the diagram)": ["RecordDetailPage"],
  "reviewer inbox": ["InboxPage"],
};
let failed = false;
for (const [name, pages] of Object.entries(routes)) {
  const kb = gzipKb(closure([entry, ...pages.map(page)]));
  console.log(`${name.padEnd(32)} ${kb.toFixed(1).padStart(7)} KB gzip`);
  if (name.startsWith("login") && kb > BUDGET_KB) failed = true;
}
for (const lazy of ["StatusRing", "DiagramViewer"]) {
  const key = page(lazy);
  const shared = closure([entry]);
  const own = [...closure([key])].filter((k) => !shared.has(k));
  console.log(`${("on demand: " + lazy).padEnd(32)} ${gzipKb(own).toFixed(1).padStart(7)} KB gzip`);
}
if (failed) {
  console.error(`login + teacher list exceeds ${BUDGET_KB} KB`);
  process.exit(1);
}
