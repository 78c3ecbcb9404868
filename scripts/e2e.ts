/**
 * `npm run test:e2e`: a fresh embedded Postgres on its own port and folder, migrations, a production
 * build, then Playwright against `next start` on its own port. Everything is removed afterwards.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { freePort, migrateDeploy, run, startEmbeddedPostgres } from "./db";
import { ensureBuild } from "./build";
import { findChromium } from "./browser";
import { generateDataset, startMockExchange } from "../e2e/mock-exchange/server";
import { mockCredentials } from "../e2e/mock-exchange/keys";

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
  // An account with history for the sync journey (e2e/sync.spec.ts uses the same key).
  const syncKey = mockCredentials("binance", "ro-", "e2esync").apiKey;
  mock.state.setDataset(syncKey, generateDataset({ seed: 7, trades: 1500, markets: ["BTC/USDT", "ETH/USDT", "ETH/BTC"], deposits: 6, withdrawals: 4, rewards: 30 }));
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
    // The sync worker, as `npm start` runs it, writing to the same log the leak tests read.
    const workerLog = fs.openSync(env.E2E_LOG_FILE as string, "a");
    const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { env, stdio: ["ignore", workerLog, workerLog] });
    try {
      await run(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...process.argv.slice(2)], env);
    } finally {
      worker.kill("SIGTERM");
    }
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
