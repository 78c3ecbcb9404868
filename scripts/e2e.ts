/**
 * `npm run test:e2e`: a fresh embedded Postgres on its own port and folder, migrations, a production
 * build, then Playwright against `next start` on its own port. Everything is removed afterwards.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { freePort, migrateDeploy, run, startEmbeddedPostgres } from "./db";
import { ensureBuild } from "./build";
import { findChromium } from "./browser";
import { startMockExchange } from "../e2e/mock-exchange/server";

const log = (line: string) => console.log(`[e2e] ${line}`);

async function main(): Promise<number> {
  const browser = findChromium();
  if ("error" in browser) {
    console.error(`[e2e] ${browser.error}`);
    return 1;
  }
  log(`Browser: ${browser.source}${browser.path ? ` (${browser.path})` : ""}`);

  await ensureBuild(process.env, log);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-e2e-"));
  const [pgPort, webPort] = [await freePort(), await freePort()];
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: pgPort, database: "lotwise_e2e", ephemeral: true, log });
  const mock = await startMockExchange({ slowMs: 15_000 });
  try {
    await migrateDeploy(db.url);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      LOTWISE_DATA_DIR: dataDir,
      E2E_PORT: String(webPort),
      E2E_CHROMIUM_PATH: browser.path ?? "",
      // The app's own log, which the secret-leak tests search.
      E2E_LOG_FILE: path.join(dataDir, "app.log"),
      LOTWISE_EXCHANGE_MOCK_URL: mock.url,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    await run(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...process.argv.slice(2)], env);
    return 0;
  } catch (e) {
    console.error(`[e2e] ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await mock.close().catch(() => {});
    await db.stop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
