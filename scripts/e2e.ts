/**
 * `npm run test:e2e`: a fresh embedded Postgres on its own port and folder, migrations, a production
 * build, then Playwright against `next start` on its own port. Everything is removed afterwards.
 *
 * Two of everything, as when Lotwise is scaled past one machine (ARCHITECTURE.md): Playwright's
 * `next start` (E2E_PORT) and a second one on E2E_PORT_2, same build, database and AUTH_SECRET; two
 * sync workers on the same queue. Every process writes to E2E_LOG_FILE (the secret-leak tests read
 * it); each worker also to its own file (E2E_WORKER_LOGS, comma-separated), so a spec can tell which
 * worker ran a job. Set LOTWISE_DIST_DIR to build and serve from a folder other than .next.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import crypto from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { freePort, migrateDeploy, run, startEmbeddedPostgres } from "./db";
import { ensureBuild } from "./build";
import { findChromium } from "./browser";
import { generateDataset, startMockExchange, type GenerateDatasetOptions } from "../e2e/mock-exchange/server";
import { mockCredentials } from "../e2e/mock-exchange/keys";
import { stopChild, waitForHttp } from "./child-process";

const log = (line: string) => console.log(`[e2e] ${line}`);

/** The account e2e/scale-out.spec.ts syncs from two web servers at once (the spec regenerates it to know the expected rows). */
const SCALE_OUT_DATASET: GenerateDatasetOptions = { seed: 11, trades: 2500, markets: ["BTC/USDT", "ETH/USDT", "ETH/BTC"], deposits: 8, withdrawals: 5, rewards: 40 };

/** A sync worker, as `npm start` runs it; its output goes to the shared log and to its own. */
function startWorker(env: NodeJS.ProcessEnv, sharedLog: string, ownLog: string): ChildProcess {
  const [shared, own] = [fs.openSync(sharedLog, "a"), fs.openSync(ownLog, "a")];
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const tee = (chunk: Buffer) => {
    fs.writeSync(shared, chunk);
    fs.writeSync(own, chunk);
  };
  worker.stdout?.on("data", tee);
  worker.stderr?.on("data", tee);
  // "close", not "exit": output can still arrive between the two.
  worker.on("close", () => {
    fs.closeSync(shared);
    fs.closeSync(own);
  });
  return worker;
}

/** Workers get 12 s to finish or hand back their job. */
const stop = (child: ChildProcess) => stopChild(child, 12_000);

async function main(): Promise<number> {
  const browser = findChromium();
  if ("error" in browser) {
    console.error(`[e2e] ${browser.error}`);
    return 1;
  }
  log(`Browser: ${browser.source}${browser.path ? ` (${browser.path})` : ""}`);

  await ensureBuild(process.env, log);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-e2e-"));
  const [pgPort, webPort, webPort2] = [await freePort(), await freePort(), await freePort()];
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: pgPort, database: "lotwise_e2e", ephemeral: true, log });
  const mock = await startMockExchange({ slowMs: 15_000 });
  // An account with history for the sync journey (e2e/sync.spec.ts uses the same key).
  const syncKey = mockCredentials("binance", "ro-", "e2esync").apiKey;
  mock.state.setDataset(syncKey, generateDataset({ seed: 7, trades: 1500, markets: ["BTC/USDT", "ETH/USDT", "ETH/BTC"], deposits: 6, withdrawals: 4, rewards: 30 }));
  mock.state.setDataset(mockCredentials("binance", "ro-", "e2escale").apiKey, generateDataset(SCALE_OUT_DATASET));
  const children: ChildProcess[] = [];
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
      E2E_PORT_2: String(webPort2),
      E2E_WORKER_LOGS: [1, 2].map((n) => path.join(dataDir, `worker-${n}.log`)).join(","),
      E2E_SCALE_DATASET: JSON.stringify(SCALE_OUT_DATASET),
    };
    const sharedLog = env.E2E_LOG_FILE as string;
    // Two sync workers competing for the one queue, each writing to the log the leak tests read.
    for (const own of (env.E2E_WORKER_LOGS as string).split(",")) children.push(startWorker(env, sharedLog, own));
    // The second web server (Playwright starts the first on E2E_PORT).
    const webLog = fs.openSync(sharedLog, "a");
    const web2 = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(webPort2), "-H", "127.0.0.1"], { env, stdio: ["ignore", webLog, webLog] });
    web2.on("close", () => fs.closeSync(webLog));
    children.push(web2);
    await waitForHttp(`http://127.0.0.1:${webPort2}/signin`, web2, 120_000);
    await run(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...process.argv.slice(2)], env);
    return 0;
  } catch (e) {
    console.error(`[e2e] ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await Promise.all(children.map(stop));
    await mock.close().catch(() => {});
    await db.stop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
