import { expect, test } from "@playwright/test";

// The built app is what Flask serves: index.html at / and at client routes, hashed bundles cached,
// unknown API paths still the JSON envelope.
test("the built app is served at / and at client routes; /api stays JSON", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/");
  await expect(page).toHaveTitle("人事业绩填报与审核平台");
  await expect(page.locator("#root")).not.toBeEmpty();

  const deep = await request.get("/records/1");
  expect(deep.status()).toBe(200);
  expect(await deep.text()).toContain('<div id="root">');

  const html = await (await request.get("/")).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toContain("immutable");

  const missing = await request.get("/api/v1/no-such-thing");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ code: "not_found", status: 404, message: "请求的资源不存在" });
  expect(errors).toEqual([]);
});
