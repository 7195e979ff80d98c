import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support";

// axe (WCAG rules) on the pages a newcomer meets. No serious or critical violation is allowed.
test("login page", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /登\s*录/ })).toBeVisible();
  await expectAccessible(page, "login");
});
