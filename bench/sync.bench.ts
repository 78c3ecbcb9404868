/**
 * Exchange sync benchmark: a 50,000-trade Binance account (4 markets, plus deposits, withdrawals
 * and asset-dividend rewards) served by the in-process mock exchange, read with `fetchHistory`
 * through real ccxt into a sink that only counts rows per page (the job layer swaps in the
 * database sink: one transaction per page). Prints total seconds, rows/s, pages, peak RSS, and
 * RSS after 25% and 100% of the rows: pages stream through, so memory must stay flat (the
 * mock's own copy of the dataset is resident from the start).
 * Run: `tsx bench/sync.bench.ts [trades]` (default 50000).
 */
import { createExchangeClient } from "../lib/exchanges/client";
import { fetchHistory } from "../lib/exchanges/sync/fetch-history";
import { withBenchDatabase } from "./bench-db";
import { createLogger } from "../lib/log";
import { generateDataset, mockCredentials, startMockExchange } from "../e2e/mock-exchange/server";

const TRADES = Number.parseInt(process.argv[2] ?? "50000", 10);
const DAY = 86_400_000;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rss = () => process.memoryUsage().rss;

async function main(): Promise<void> {
  const mock = await startMockExchange();
  const creds = mockCredentials("binance", "ro-", "bench");
  const dataset = generateDataset({ seed: 2024, trades: TRADES, markets: ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], deposits: 200, withdrawals: 100, rewards: 2_000 });
  mock.state.setDataset(creds.apiKey, dataset);
  const expected = (dataset.trades?.length ?? 0) + (dataset.deposits?.length ?? 0) + (dataset.withdrawals?.length ?? 0) + (dataset.rewards?.length ?? 0);
  const client = createExchangeClient("binance", creds, { mockBaseUrl: mock.url });
  global.gc?.();
  const rssStart = rss();
  console.log(`account: ${TRADES} trades, ${expected} rows in total; RSS before the sync ${mb(rssStart)} (mock dataset included)`);

  const started = process.hrtime.bigint();
  let rows = 0;
  let pages = 0;
  let rssAtQuarter: number | undefined;
  const perStream = new Map<string, number>();
  for await (const page of fetchHistory(client, "binance", { cursors: {}, account: "bench", since: new Date(Date.now() - 70 * DAY), logger: createLogger({ level: "warn" }) })) {
    // The sink: count and drop. A database sink writes page.entries + page.cursor in one transaction here.
    pages++;
    rows += page.entries.length;
    perStream.set(page.stream, (perStream.get(page.stream) ?? 0) + page.entries.length);
    if (rssAtQuarter === undefined && rows >= expected / 4) rssAtQuarter = rss();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssEnd = rss();

  if (rows !== expected) {
    console.error(`FAIL: synced ${rows} rows, the account has ${expected}`);
    process.exit(1);
  }
  console.log(`synced ${rows} rows in ${pages} pages: ${seconds.toFixed(2)} s, ${Math.round(rows / seconds)} rows/s`);
  console.log(`streams: ${[...perStream].map(([s, n]) => `${s}=${n}`).join(", ")}`);
  console.log(`RSS after 25%: ${mb(rssAtQuarter ?? 0)}, after 100%: ${mb(rssEnd)} (growth over the last 75%: ${mb(rssEnd - (rssAtQuarter ?? rssEnd))})`);
  console.log(`peak RSS (fetch only): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  // The real path: the worker's job, storing each page with its cursor in one transaction.
  await withBenchDatabase(async () => {
    process.env.LOTWISE_EXCHANGE_MOCK_URL = mock.url;
    const { createUserWithPassword } = await import("../lib/db/users");
    const { createConnection } = await import("../lib/db/connections");
    const { startOrJoinSync } = await import("../lib/db/sync");
    const { runSyncJob } = await import("../lib/jobs/sync-exchange");
    const { prisma } = await import("../lib/db/prisma");
    const user = await createUserWithPassword({ email: "bench@example.test", name: null, passwordHash: "x" });
    if (user === "email-taken") throw new Error("unexpected");
    const conn = await createConnection(user.id, { exchange: "binance", label: "Binance", creds, verifiedBy: "bench" });
    const run = await startOrJoinSync(user.id, conn.id, "manual");
    global.gc?.();
    const rssBefore = rss();
    const t0 = process.hrtime.bigint();
    await runSyncJob({ userId: user.id, runId: run!.run.id, connectionId: conn.id });
    const dbSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const done = await prisma.syncRun.findUniqueOrThrow({ where: { id: run!.run.id } });
    console.log(`sync into Postgres: ${done.status}, ${done.created} rows stored in ${dbSeconds.toFixed(2)} s (${Math.round(done.created / dbSeconds)} rows/s); RSS ${mb(rssBefore)} -> ${mb(rss())}`);
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    await prisma.$disconnect();
  });
  await mock.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
