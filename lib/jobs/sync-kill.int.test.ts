/**
 * A worker killed at 10 random moments of one sync (issue #10). The real worker process
 * (scripts/worker.ts, as `npm start` and `npm run worker` run it) takes the job from the real
 * pg-boss queue; the test SIGKILLs it at seeded moments (while it boots, while it waits for the job,
 * mid-page, mid-commit) and starts a new one each time. The ledger must end equal to the mock
 * exchange's history, with no duplicates, the run SUCCEEDED and its counters matching the ledger.
 *
 * Two things are sped up, nothing else is changed:
 * - pg-boss notices a dead worker when the job's heartbeat (30 s) lapses and its monitor runs
 *   (every 60 s); the test tells the queue at once, with `boss.fail()` on the job the dead worker
 *   held, which is what the monitor does.
 * - the queue retries after 5 s with backoff, at most 6 times; here after 1 s, up to 15 times
 *   (`updateQueue` on a database of its own, so no other test sees it). With the shipped limit the
 *   7th kill would end the job for good: see the note at the end of this file.
 *
 * Seeded: SYNC_KILL_SEED=<n> replays one schedule.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import { migrateDeploy } from "@/scripts/db";
import { generateDataset, startMockExchange, type MockExchangeHandle } from "@/e2e/mock-exchange/server";
import { mockCredentials } from "@/e2e/mock-exchange/keys";
import { comparable, expectedRows } from "@/e2e/mock-exchange/expected-entries";
import { prng } from "@/lib/prng";

const SEED = Number.parseInt(process.env.SYNC_KILL_SEED ?? "1010", 10);
const KILLS = 10;
const ROOT = path.resolve(__dirname, "../..");


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database of its own on the test server: the queue settings below and the worker's jobs stay here. */
const baseUrl = process.env.DATABASE_URL ?? "";
const dbName = `lotwise_kill_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(baseUrl);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let mock: MockExchangeHandle;
let boss: PgBoss;
// Imported after DATABASE_URL points at the test's own database (both read it on first use).
let db: typeof import("@/lib/db/prisma");
let queue: typeof import("./queue");

beforeAll(async () => {
  if (!baseUrl) throw new Error("DATABASE_URL is not set: run through scripts/with-test-db.ts");
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  await migrateDeploy(dbUrl);
  process.env.DATABASE_URL = dbUrl;
  mock = await startMockExchange();
  process.env.LOTWISE_EXCHANGE_MOCK_URL = mock.url;
  db = await import("@/lib/db/prisma");
  queue = await import("./queue");
  boss = await queue.getBoss();
  await boss.updateQueue(queue.QUEUES.sync, { retryLimit: 15, retryDelay: 1, retryBackoff: false });
}, 120_000);

afterAll(async () => {
  for (const child of running) child.kill("SIGKILL");
  await boss?.stop({ graceful: false }).catch(() => {});
  await db?.prisma.$disconnect().catch(() => {});
  await mock?.close().catch(() => {});
  process.env.DATABASE_URL = baseUrl;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => {});
});

interface Worker {
  child: ChildProcess;
  log: string[];
  exited: Promise<unknown>;
}

/** Workers still running, for the cleanup after a failure. */
const running = new Set<ChildProcess>();

function startWorker(n: number): Worker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  const log: string[] = [];
  const keep = (b: Buffer) => log.push(...b.toString().split("\n").filter(Boolean).map((l) => `[worker ${n}] ${l}`));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log, exited: new Promise((resolve) => child.on("exit", resolve)) };
}

async function syncJob(runId: string) {
  const jobs = await boss.findJobs<{ runId: string }>(queue.QUEUES.sync, { data: { runId } });
  expect(jobs).toHaveLength(1);
  return jobs[0] as (typeof jobs)[number];
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const sorted = <T extends { externalId: string }>(rows: T[]) => [...rows].sort((a, b) => a.externalId.localeCompare(b.externalId));

describe("a worker SIGKILLed 10 times during one sync", { timeout: 240_000 }, () => {
  it("ends with exactly the exchange's rows, once each, and the run SUCCEEDED", async () => {
    const { createUserWithPassword } = await import("@/lib/db/users");
    const { createConnection } = await import("@/lib/db/connections");
    const { startOrJoinSync } = await import("@/lib/db/sync");
    const { prisma } = db;

    const dataset = generateDataset({ seed: SEED, trades: 30_000, markets: ["BTC/USDT", "ETH/USDT", "ETH/BTC"], deposits: 25, withdrawals: 15, rewards: 120 });
    const expected = sorted(expectedRows("binance", dataset));
    const user = await createUserWithPassword({ email: `kill-${SEED}@example.test`, name: null, passwordHash: "x" });
    if (user === "email-taken") throw new Error("unexpected");
    const creds = mockCredentials("binance", "ro-", `kill${SEED}`);
    mock.state.setDataset(creds.apiKey, dataset);
    const conn = await createConnection(user.id, { exchange: "binance", label: "Binance", creds, verifiedBy: "test" });
    const wallet = await prisma.wallet.findFirstOrThrow({ where: { userId: user.id } });

    // "Sync now", as the connections page's action does it.
    const started = await startOrJoinSync(user.id, conn.id, "manual");
    if (!started || started.joined) throw new Error("expected a new run");
    const runId = started.run.id;
    await queue.enqueueSync({ userId: user.id, runId, connectionId: conn.id });

    const rng = prng(SEED);
    const logs: string[] = [];
    const kills: { n: number; after: "spawn" | "pickup" | "page"; ms: number; jobState: string; created: number }[] = [];
    try {
      for (let n = 1; n <= KILLS; n++) {
        const w = startWorker(n);
        const spawnedAt = Date.now();
        // Moments are picked relative to what the worker is doing, so they land in the same phase
        // however long a boot takes on a busy machine: while it boots; once it holds the job (loading
        // markets, first requests); or after it stored a page (mid-fetch, mid-commit).
        const roll = rng();
        const after = roll < 0.2 ? "spawn" : roll < 0.5 ? "pickup" : "page";
        if (after === "spawn") {
          await sleep(rng() * 1_500);
        } else {
          const { fetched } = await until(`worker ${n} to take the job`, 90_000, async () => {
            const job = await syncJob(runId);
            const held = job.state === "active" && job.startedOn.getTime() >= spawnedAt - 1_000;
            return held && (await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } }));
          });
          if (after === "page") await until(`worker ${n} to store a page`, 90_000, async () => (await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } })).fetched > fetched);
          await sleep(rng() * (after === "page" ? 800 : 1_500));
        }
        w.child.kill("SIGKILL");
        await w.exited;
        logs.push(...w.log);
        const job = await syncJob(runId);
        const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
        kills.push({ n, after, ms: Date.now() - spawnedAt, jobState: job.state, created: run.created });
        // The run must not have ended under a worker that was then killed.
        expect(run.status, `kill ${n}: ${JSON.stringify(kills.at(-1))}`).not.toMatch(/SUCCEEDED|FAILED/);
        // The dead worker's job: what pg-boss's monitor does once the heartbeat lapses.
        if (job.state === "active") await boss.fail(queue.QUEUES.sync, job.id);
      }

      // The last worker runs undisturbed until the job is done.
      const last = startWorker(KILLS + 1);
      try {
        await until("the sync to finish", 90_000, async () => {
          const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "SUCCEEDED" || run.status === "FAILED" ? run : null;
        });
        await until("the job to complete", 10_000, async () => (await syncJob(runId)).state === "completed");
      } finally {
        last.child.kill("SIGTERM");
        await last.exited;
        logs.push(...last.log);
      }
    } catch (e) {
      console.error(`kills so far: ${JSON.stringify(kills)}\n${logs.slice(-40).join("\n")}`);
      throw e;
    }

    const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
    const job = await syncJob(runId);
    console.info(`[sync-kill] seed ${SEED}: ${kills.map((k) => `${k.after}+${k.ms}ms/${k.jobState}/${k.created}`).join(", ")}; job retried ${job.retryCount} times`);
    expect(run.status).toBe("SUCCEEDED");

    // The kills happened during the sync: some while a worker held the job, some with part of the history stored.
    expect(kills.filter((k) => k.jobState === "active").length).toBeGreaterThanOrEqual(kills.filter((k) => k.after !== "spawn").length);
    expect(kills.some((k) => k.created > 0 && k.created < expected.length)).toBe(true);
    expect(job.retryCount).toBe(kills.filter((k) => k.jobState === "active").length);

    // Exactly the exchange's rows, once each, and counters that agree with the ledger.
    const rows = await prisma.transaction.findMany({ where: { walletId: wallet.id } });
    const stored = sorted(rows.map((r) => comparable({ ...r, sentAmount: r.sentAmount?.toFixed() ?? null, receivedAmount: r.receivedAmount?.toFixed() ?? null, feeAmount: r.feeAmount?.toFixed() ?? null })));
    expect(new Set(stored.map((r) => r.externalId)).size).toBe(stored.length);
    expect(stored).toEqual(expected);
    expect(run.created).toBe(expected.length);
    expect(Object.values(run.createdByKind as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(run.balanceDiffs).toEqual([]);
    // One run for the connection: the restarts resumed it rather than starting others.
    expect(await prisma.syncRun.count({ where: { connectionId: conn.id } })).toBe(1);
  });
});

// Note for the queue's owner: with the shipped settings (retryLimit 6) a seventh death ends the
// job as `failed`, and nothing then finishes its SyncRun: it stays RUNNING, and since
// startOrJoinSync joins any active run, "Sync now" joins the dead run from then on.
