import { defineConfig, devices } from "@playwright/test";

// scripts/e2e.ts starts a fresh database, builds the app and sets these before calling Playwright.
const port = process.env.E2E_PORT ?? "3100";
const executablePath = process.env.E2E_CHROMIUM_PATH || undefined;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      // No network here: stop Chromium's background calls home (offline-toolchain notes).
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // The server's output goes to a file the secret-leak tests read (scripts/e2e.ts sets it).
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1${process.env.E2E_LOG_FILE ? ` >> "${process.env.E2E_LOG_FILE}" 2>&1` : ""}`,
    url: `http://127.0.0.1:${port}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
