/** Which Chromium the e2e suite drives: CHROMIUM_PATH, Debian's, or Playwright's own download. */
import fs from "node:fs";

export function findChromium(): { path: string | undefined; source: string } | { error: string } {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? { path: fromEnv, source: "CHROMIUM_PATH" } : { error: `CHROMIUM_PATH=${fromEnv} does not exist.` };
  if (fs.existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", source: "Debian chromium" };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require("@playwright/test") as typeof import("@playwright/test");
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return { path: undefined, source: "Playwright's Chromium" };
  } catch {
    // fall through to the error below
  }
  return {
    error:
      "No Chromium found for the e2e tests. Install Debian's (`apt-get install -y chromium`, which .ci/run does), " +
      "or Playwright's (`npx playwright install chromium`), or set CHROMIUM_PATH.",
  };
}
