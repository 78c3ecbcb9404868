/**
 * Load bench (issue #10): the production build under 50 concurrent signed-in users.
 *
 * 1. Builds the app into its own folder (LOTWISE_DIST_DIR=.next-bench, reused while the sources are
 *    unchanged; `.next` is never touched), starts a throwaway Postgres (bench-db.ts) and migrates it.
 * 2. Seeds 50 users, each with a 2,000-row ledger across three accounts (Coinbase buys and sells,
 *    Binance trades against USDT with deposits and withdrawals, a hardware wallet with staking
 *    rewards), stored through lib/db's own import path (`commitImport`).
 * 3. Starts the web server on a free port the way `npm start` does (bench/app-server.ts) and signs
 *    every user in the way a browser does (GET /api/auth/csrf, POST /api/auth/callback/credentials,
 *    keep the session cookie), then opens each user's dashboard once, so the run measures the
 *    steady state (the first view computes and caches the tax result; that cold time is printed too).
 * 4. Runs autocannon for 60 s with 50 connections, connection i signed in as user i, each cycling
 *    /dashboard, /transactions and a filtered /transactions page. Prints requests/s, p50/p95/p99
 *    overall and per page, non-2xx responses and errors, and PASS/MISS for "zero errors" and
 *    "p95 < 1 s".
 *
 * Run: `npm run bench -- load`; with options, `node --conditions=react-server --import tsx bench/load.bench.ts`
 * [--duration <s>] [--users <n>] [--rows <n>] [--warmup <s>] [--cpu-prof <dir>] (bench/run.ts passes none through).
 * Also prints the server's CPU time per request, steadier than requests/s on a shared machine.
 * Bounded: the whole run is abandoned after 20 minutes; processes and temp folders are removed on
 * every exit path (the .next-bench build stays, as .next does for `npm start`).
 */
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import Decimal from "decimal.js";
import { ledgerEntry, type LedgerEntry } from "../lib/ledger/types";
import { buildApp, signIn, startAppServer, stopAllAppServers } from "./app-server";
import { stopBenchDatabases, withBenchDatabase } from "./bench-db";
import { prng } from "./prng";

/** The part of autocannon 8's API used here (the package ships no types). */
interface CannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
}
interface CannonResult {
  duration: number;
  requests: { total: number; average: number };
  throughput: { average: number };
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface CannonInstance extends PromiseLike<CannonResult> {
  on(event: "response", fn: (client: object, statusCode: number, bytes: number, responseTime: number) => void): void;
  stop(): void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  timeout: number;
  requests: CannonRequest[];
  setupClient: (client: { setRequests(requests: CannonRequest[]): void }) => void;
}) => CannonInstance;
const autocannon = createRequire(__filename)("autocannon") as Autocannon;

process.env.LOTWISE_DIST_DIR = ".next-bench";
process.env.NEXT_TELEMETRY_DISABLED = "1";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number.parseInt(process.argv[i + 1] ?? "", 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
const USERS = flag("users", 50);
const ROWS = flag("rows", 2_000);
const DURATION = flag("duration", 60);
// --warmup <s>: that long of the same load first, not counted (lets V8 optimise the hot paths, as on a server that has been up a while).
const WARMUP = flag("warmup", 0);
export const PASSWORD = "bench-password-123";
const PAGES = ["/dashboard", "/transactions", "/transactions?page=3&asset=BTC&sort=value&from=2022-01-01&to=2024-06-30"] as const;
const HARD_LIMIT_MS = 20 * 60_000;
// --cpu-prof <dir>: a V8 profile of the server (written when it stops), to see where a slow page spends its time.
const CPU_PROF = (() => {
  const i = process.argv.indexOf("--cpu-prof");
  return i >= 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1] as string) : undefined;
})();

const log = (line: string) => console.log(`[load] ${line}`);

// ---------------------------------------------------------------- a realistic ledger

const ASSETS = { BTC: 30_000, ETH: 1_800, SOL: 60 } as const;
type Asset = keyof typeof ASSETS;

/** About `rows` entries across three accounts, 2021-2024; sells and withdrawals never exceed what the account holds. */
export function ledgerFor(user: number, rows: number): Record<string, LedgerEntry[]> {
  const rnd = prng(1_000 + user);
  const start = Date.UTC(2021, 0, 1);
  const span = Date.UTC(2024, 11, 31) - start;
  const times = Array.from({ length: rows }, () => start + Math.floor(rnd() * span)).sort((a, b) => a - b);
  const held: Record<string, Record<string, Decimal>> = { Coinbase: {}, Binance: {}, Ledger: {} };
  const has = (acct: string, a: string) => held[acct]?.[a] ?? new Decimal(0);
  const move = (acct: string, a: string, d: Decimal) => ((held[acct] as Record<string, Decimal>)[a] = has(acct, a).plus(d));
  const price = (a: Asset, t: number) => new Decimal(ASSETS[a]).mul(1 + 0.6 * Math.sin((t - start) / 9e9 + a.length)).toDecimalPlaces(2);
  const byAccount: Record<string, LedgerEntry[]> = { Coinbase: [], Binance: [], Ledger: [] };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  times.forEach((t, i) => {
    const time = new Date(t);
    const asset = pick(Object.keys(ASSETS) as Asset[]);
    const p = price(asset, t);
    const qty = new Decimal(rnd() * 2).div(ASSETS[asset] / 1_000).toDecimalPlaces(8).plus("0.0001");
    const usd = qty.mul(p).toDecimalPlaces(2);
    const id = `bench:${user}:${i}`;
    const roll = rnd();
    if (roll < 0.35) {
      // Coinbase: buy with USD, or sell part of what is held there.
      const sell = roll < 0.12 && has("Coinbase", asset).gt(qty);
      move("Coinbase", asset, sell ? qty.neg() : qty);
      byAccount.Coinbase?.push(
        ledgerEntry({ externalId: id, time, account: "Coinbase", kind: sell ? "sell" : "buy", sentAsset: sell ? asset : "USD", sentAmount: sell ? qty : usd, receivedAsset: sell ? "USD" : asset, receivedAmount: sell ? usd : qty, feeAsset: "USD", feeAmount: usd.mul("0.005").toDecimalPlaces(2).plus("0.01"), fiatValue: usd, fiatCurrency: "USD" }),
      );
    } else if (roll < 0.8) {
      // Binance: USDT deposits, trades against USDT, some withdrawals to the hardware wallet.
      const usdt = has("Binance", "USDT");
      if (usdt.lt(usd) || roll < 0.4) {
        move("Binance", "USDT", usd.mul(5));
        byAccount.Binance?.push(ledgerEntry({ externalId: id, time, account: "Binance", kind: "deposit", receivedAsset: "USDT", receivedAmount: usd.mul(5), fiatValue: usd.mul(5), fiatCurrency: "USD" }));
      } else if (roll < 0.7 || has("Binance", asset).lt(qty)) {
        move("Binance", "USDT", usd.neg());
        move("Binance", asset, qty);
        byAccount.Binance?.push(ledgerEntry({ externalId: id, time, account: "Binance", kind: "trade", sentAsset: "USDT", sentAmount: usd, receivedAsset: asset, receivedAmount: qty, feeAsset: asset, feeAmount: qty.mul("0.001").toDecimalPlaces(8), fiatValue: usd, fiatCurrency: "USD" }));
        move("Binance", asset, qty.mul("0.001").toDecimalPlaces(8).neg());
      } else {
        const out = has("Binance", asset).div(2).toDecimalPlaces(8);
        move("Binance", asset, out.neg());
        move("Ledger", asset, out);
        byAccount.Binance?.push(ledgerEntry({ externalId: id, time, account: "Binance", kind: "withdrawal", sentAsset: asset, sentAmount: out, txHash: `0x${user.toString(16)}${i.toString(16).padStart(8, "0")}` }));
        byAccount.Ledger?.push(ledgerEntry({ externalId: `${id}:in`, time: new Date(t + 600_000), account: "Ledger", kind: "deposit", receivedAsset: asset, receivedAmount: out, txHash: `0x${user.toString(16)}${i.toString(16).padStart(8, "0")}` }));
      }
    } else {
      // Hardware wallet: staking rewards on what it holds (or a small airdrop when it holds nothing).
      const reward = has("Ledger", asset).gt(0) ? has("Ledger", asset).mul("0.0004").toDecimalPlaces(8).plus("0.00000001") : qty.div(100).toDecimalPlaces(8);
      move("Ledger", asset, reward);
      byAccount.Ledger?.push(ledgerEntry({ externalId: id, time, account: "Ledger", kind: "income", label: has("Ledger", asset).gt(reward) ? "staking" : "airdrop", receivedAsset: asset, receivedAmount: reward, fiatValue: reward.mul(p).toDecimalPlaces(2), fiatCurrency: "USD" }));
    }
  });
  return byAccount;
}

// ---------------------------------------------------------------- clean-up

/** Everything to undo on any exit path, newest first. */
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  for (const undo of cleanups.splice(0).reverse()) await undo().catch(() => {});
  await stopAllAppServers();
  await stopBenchDatabases();
}

// ---------------------------------------------------------------- statistics

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
const ms = (n: number) => `${Math.round(n)} ms`;

// ---------------------------------------------------------------- the run

async function main(): Promise<number> {
  const t0 = Date.now();
  await buildApp({ distDir: ".next-bench", log });
  log(`build ready in .next-bench (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  return withBenchDatabase(async (url) => {
    const { hashPassword } = await import("../lib/auth/password");
    const { createUserWithPassword } = await import("../lib/db/users");
    const { commitImport } = await import("../lib/db/imports");
    const { prisma } = await import("../lib/db/prisma");
    const { loadMasterKey } = await import("../lib/crypto/master-key");

    // Seed: one password hash shared by every user (argon2 is slow by design; the login still verifies it).
    const t1 = Date.now();
    const passwordHash = await hashPassword(PASSWORD);
    const users: { id: string; email: string }[] = [];
    for (let u = 0; u < USERS; u++) {
      const email = `load-${u}@example.test`;
      const created = await createUserWithPassword({ email, name: `Load ${u}`, passwordHash });
      if (created === "email-taken") throw new Error("unexpected");
      for (const [account, entries] of Object.entries(ledgerFor(u, ROWS))) {
        await commitImport(created.id, { walletName: account, exchange: account === "Ledger" ? null : account.toLowerCase(), fileName: `${account}.csv`, format: "bench", rowsRead: entries.length, skippedRows: 0, entries });
      }
      users.push({ id: created.id, email });
    }
    const stored = await prisma.transaction.count();
    await prisma.$disconnect();
    log(`seeded ${USERS} users, ${stored.toLocaleString("en-US")} transactions (${(stored / USERS).toFixed(0)} each) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

    const dataDir = process.env.LOTWISE_DATA_DIR as string;
    const master = loadMasterKey({ env: process.env, dataDir });
    if (!master.ok) throw new Error(master.error);
    const server = await startAppServer({ databaseUrl: url, dataDir, distDir: ".next-bench", cpuProfDir: CPU_PROF });
    const base = server.url;
    try {
      log(`app server on ${base}`);

      const t2 = Date.now();
      const cookies: string[] = [];
      for (const u of users) cookies.push(await signIn(base, u.email, PASSWORD));
      log(`signed in ${cookies.length} users in ${((Date.now() - t2) / 1000).toFixed(1)} s`);

      // Warm-up: each user's first dashboard computes and caches their tax result.
      const cold: number[] = [];
      for (const cookie of cookies) {
        const s = performance.now();
        const res = await fetch(`${base}/dashboard`, { headers: { cookie }, redirect: "manual" });
        await res.arrayBuffer();
        cold.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`warm-up: /dashboard answered ${res.status} ${res.headers.get("location") ?? ""}`);
      }
      cold.sort((a, b) => a - b);
      log(`first dashboard per user (computes the tax result): p50 ${ms(percentile(cold, 50))}, max ${ms(cold.at(-1) ?? 0)}`);

      // One user, one request at a time: what each page costs without queueing behind others.
      const alone = new Map<string, number>();
      for (const page of PAGES) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const s = performance.now();
          await (await fetch(`${base}${page}`, { headers: { cookie: cookies[0] as string } })).arrayBuffer();
          times.push(performance.now() - s);
        }
        alone.set(page, percentile(times.sort((a, b) => a - b), 50));
      }

      // Connection i is signed in as user i and cycles through the pages.
      const browse = (duration: number) => {
        let nextClient = 0;
        return autocannon({
          url: base,
          connections: USERS,
          pipelining: 1,
          duration,
          timeout: 30,
          requests: PAGES.map((p) => ({ method: "GET", path: p })),
          setupClient: (client) => {
            const cookie = cookies[nextClient++ % cookies.length] as string;
            client.setRequests(PAGES.map((p) => ({ method: "GET", path: p, headers: { cookie, accept: "text/html" } })));
          },
        });
      };

      if (WARMUP > 0) {
        const warm = browse(WARMUP);
        cleanups.push(async () => warm.stop());
        const w = await warm;
        log(`warm-up: ${WARMUP} s of the same load, not counted (${w.requests.total} requests, ${w.errors + w.non2xx} failed)`);
      }

      // The run: connection i is user i, cycling through the pages; responses come back in order
      // (one request in flight per connection), so the n-th response of a connection is PAGES[n % 3].
      const latencies: number[] = [];
      const perPage = new Map<string, number[]>(PAGES.map((p) => [p, []]));
      const bytesPerPage = new Map<string, number>(PAGES.map((p) => [p, 0]));
      const statuses = new Map<number, number>();
      const counts = new WeakMap<object, number>();
      log(`autocannon: ${USERS} connections, ${DURATION} s, pages ${PAGES.join(" | ")}`);
      const instance = browse(DURATION);
      cleanups.push(async () => instance.stop());
      const cpuBefore = server.cpuSeconds();
      instance.on("response", (client: object, statusCode: number, bytes: number, responseTime: number) => {
        const n = counts.get(client) ?? 0;
        counts.set(client, n + 1);
        latencies.push(responseTime);
        const page = PAGES[n % PAGES.length] as string;
        perPage.get(page)?.push(responseTime);
        bytesPerPage.set(page, (bytesPerPage.get(page) ?? 0) + bytes);
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      });
      const result = await instance;
      const serverCpu = server.cpuSeconds() - cpuBefore;

      latencies.sort((a, b) => a - b);
      const p95 = percentile(latencies, 95);
      console.log("");
      log(`requests: ${result.requests.total.toLocaleString("en-US")} in ${result.duration} s = ${result.requests.average.toFixed(1)} req/s (${(result.throughput.average / 1024).toFixed(0)} KiB/s)`);
      if (Number.isFinite(serverCpu)) log(`server CPU: ${serverCpu.toFixed(1)} s = ${((serverCpu * 1000) / Math.max(1, latencies.length)).toFixed(1)} ms per request (machine load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${os.availableParallelism()} cores)`);
      log(`latency: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(p95)}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)} (autocannon: p50 ${result.latency.p50}, p97.5 ${result.latency.p97_5}, p99 ${result.latency.p99} ms)`);
      for (const [page, times] of perPage) {
        times.sort((a, b) => a - b);
        const kib = times.length ? (bytesPerPage.get(page) ?? 0) / times.length / 1024 : 0;
        log(`  ${page.padEnd(70)} n=${String(times.length).padStart(5)}  p50 ${ms(percentile(times, 50)).padStart(8)}  p95 ${ms(percentile(times, 95)).padStart(8)}  p99 ${ms(percentile(times, 99)).padStart(8)}  alone ${ms(alone.get(page) ?? Number.NaN).padStart(7)}  ${kib.toFixed(0)} KiB`);
      }
      log(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}; non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`);
      const serverErrors = server.output.filter((l) => /error|⨯/i.test(l));
      if (serverErrors.length > 0) log(`server log (errors, last 10):\n${serverErrors.slice(-10).join("\n")}`);

      const zeroErrors = result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && latencies.length > 0;
      const fast = p95 < 1_000;
      console.log("");
      console.log(`${zeroErrors ? "PASS" : "MISS"} zero errors (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
      console.log(`${fast ? "PASS" : "MISS"} p95 < 1 s (p95 ${ms(p95)})`);
      return zeroErrors && fast ? 0 : 1;
    } finally {
      await server.stop();
    }
  });
}

function abandon(why: string, code: number) {
  console.error(`[load] ${why}: stopping the server and the database`);
  void cleanUp().finally(() => process.exit(code));
}

// Run as a bench; other scripts may import the seed (ledgerFor) without starting one.
if (require.main === module) {
  setTimeout(() => abandon(`abandoned after ${HARD_LIMIT_MS / 60_000} minutes`, 2), HARD_LIMIT_MS).unref();
  process.once("SIGINT", () => abandon("interrupted", 130));
  process.once("SIGTERM", () => abandon("terminated", 143));

  main().then(
    async (code) => {
      await cleanUp();
      process.exit(code);
    },
    async (e: unknown) => {
      console.error(e);
      await cleanUp();
      process.exit(1);
    },
  );
}
