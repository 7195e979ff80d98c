import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";

// One free local port for the whole run: chosen once in the main process and inherited by the
// workers through the environment (the config is evaluated again in each of them).
const port = (process.env.E2E_PORT ??= execFileSync("python3", [
  "-c",
  "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
]).toString().trim());
const baseURL = `http://127.0.0.1:${port}`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./e2e",
  // artifacts of failed tests; screenshots of the main pages go to test-results/screenshots and
  // the server's database to test-results/e2e-server (neither is cleaned by Playwright)
  outputDir: "./test-results/e2e-output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `sh e2e/start-server.sh ${port}`,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
