/**
 * Dashboard benchmark (issue #8): a seeded user with 100,000 transactions (4 accounts, 30 assets:
 * buys, sells, crypto-to-crypto trades, staking income, transfers between own accounts), then:
 *  - the first full computation of the result cache (what the recompute job does for a new user);
 *  - the pages' data path on a warm cache (`getTaxSnapshot` as the dashboard, holdings and warnings
 *    pages call it, and `listTransactions` as the transactions page does, first and deep pages, with
 *    filters): p50/p95 over repeated calls;
 *  - a new 200-row import followed by the recompute job (`recomputeForUser`): target < 3 s.
 * Targets: p95 < 500 ms on a warm cache; recompute after a new import < 3 s.
 * Run: `tsx bench/dashboard.bench.ts [rows]` (default 100000).
 */
import { withBenchDatabase } from "./bench-db";
import { dashboardLedger as ledger } from "./dashboard-ledger";
import type { LedgerEntry } from "../lib/ledger/types";

const ROWS = Number.parseInt(process.argv[2] ?? "100000", 10);
process.env.LOG_LEVEL ??= "warn";
function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((x, y) => x - y);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] as number };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

async function main(): Promise<void> {
  await withBenchDatabase(async () => {
    process.env.LOG_LEVEL ??= "warn";
    // Every size goes through the cache and the job, as for a large ledger.
    process.env.LOTWISE_INLINE_RECOMPUTE_ROWS = "0";
    const { createUserWithPassword } = await import("../lib/db/users");
    const { commitImport } = await import("../lib/db/imports");
    const { listTransactions } = await import("../lib/db/transactions");
    const { computeSnapshot, getTaxSnapshot, settingsKeyOf } = await import("../lib/server/tax-snapshot");
    const { taxSettingsFor } = await import("../lib/server/tax-context");
    const { recomputeForUser } = await import("../lib/jobs/recompute");
    const { prisma } = await import("../lib/db/prisma");

    const user = await createUserWithPassword({ email: "dash-bench@example.test", name: null, passwordHash: "x" });
    if (user === "email-taken") throw new Error("unexpected");
    const end = Date.UTC(2026, 9, 1);
    const entries = ledger(ROWS, 8080, Date.UTC(2021, 0, 1), end, "b");
    const byAccount = new Map<string, LedgerEntry[]>();
    for (const e of entries) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), e]);
    const [, seedMs] = await timed(async () => {
      for (const [account, list] of byAccount) await commitImport(user.id, { walletName: account, exchange: null, fileName: `${account}.csv`, format: "universal", rowsRead: list.length, skippedRows: 0, entries: list });
    });
    console.log(`seeded ${entries.length.toLocaleString("en-US")} transactions in ${(seedMs / 1000).toFixed(1)} s`);

    const settings = await taxSettingsFor(user.id);
    const [first, fullMs] = await timed(() => computeSnapshot(user.id, { jurisdiction: settings.jurisdiction, method: settings.method, currency: settings.currency, timeZone: settings.timeZone }));
    console.log(`first computation (load ledger, prices, engine, valuation, value series, store): ${fmt(fullMs)}; ${first.result.disposals.length.toLocaleString("en-US")} disposal lines, ${first.result.warnings.length} warnings, key ${settingsKeyOf(first.settings)}`);

    const snapshotMs: number[] = [];
    for (let i = 0; i < 60; i++) {
      const [state, ms] = await timed(() => getTaxSnapshot(user.id));
      if (state.status !== "fresh") throw new Error(`expected a fresh cached result, got ${state.status}`);
      snapshotMs.push(ms);
    }
    const txMs: number[] = [];
    const wallet = await prisma.wallet.findFirstOrThrow({ where: { userId: user.id, name: "Kraken" } });
    const queries = [
      { page: 1, pageSize: 50, filter: {} },
      { page: 1000, pageSize: 50, filter: {} },
      { page: 1, pageSize: 50, filter: { walletId: wallet.id, asset: "A07", sort: "oldest" as const } },
      { page: 3, pageSize: 50, filter: { kind: "trade", from: new Date(Date.UTC(2023, 0, 1)), to: new Date(Date.UTC(2024, 0, 1)) } },
      { page: 1, pageSize: 50, filter: { search: "0xb1" } },
      { page: 1, pageSize: 50, filter: { sort: "value" as const } },
    ];
    for (let i = 0; i < 10; i++) for (const q of queries) txMs.push((await timed(() => listTransactions(user.id, q)))[1]);
    const snap = stats(snapshotMs);
    const tx = stats(txMs);
    console.log(`cached result for a page (dashboard, holdings, warnings): p50 ${fmt(snap.p50)}, p95 ${fmt(snap.p95)}, max ${fmt(snap.max)} over ${snapshotMs.length} calls`);
    console.log(`transactions page query (first, deep, filtered, searched, by value): p50 ${fmt(tx.p50)}, p95 ${fmt(tx.p95)}, max ${fmt(tx.max)} over ${txMs.length} calls`);

    // A new import: 200 rows in the last months, then the job brings the cached result up to date.
    const fresh = ledger(200, 9191, end - 90 * 86_400_000, end, "n");
    await commitImport(user.id, { walletName: "Coinbase", exchange: null, fileName: "new.csv", format: "universal", rowsRead: fresh.length, skippedRows: 0, entries: fresh });
    const stale = await getTaxSnapshot(user.id, {}, { requestRecompute: async () => {} });
    const [, recomputeMs] = await timed(() => recomputeForUser(user.id));
    const after = await getTaxSnapshot(user.id, {}, { requestRecompute: async () => {} });
    if (after.status !== "fresh" || stale.status !== "stale") throw new Error(`expected stale then fresh, got ${stale.status} then ${after.status}`);
    console.log(`recompute after a 200-row import (job): ${fmt(recomputeMs)}; ${after.snapshot.entryCount.toLocaleString("en-US")} rows`);
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`${verdict(snap.p95 < 500)} cached result p95 < 500 ms`);
    console.log(`${verdict(tx.p95 < 500)} transactions query p95 < 500 ms`);
    console.log(`${verdict(recomputeMs < 3000)} recompute after a new import < 3 s`);
    await prisma.$disconnect();
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
