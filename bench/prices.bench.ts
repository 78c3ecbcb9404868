/**
 * Price service benchmark: 100,000 generated ledger rows that all need a market price
 * (crypto-to-crypto trades among BTC, ETH and SOL, and staking income in ETH and SOL without a
 * fiat value), spread over the last 720 days. The mock exchange runs in-process; the candle cache
 * is in memory. Timed: (a) `neededPrices` (one dry run of the engine), (b) warming an empty cache
 * from the mock (hourly, else daily candles; default sources), (c) warming again from the cache
 * (no request), (d) `createPriceLookup` + one lookup per needed price, (e) the US engine valuing
 * every row with that lookup. Prints rows/s and peak RSS. Deterministic (seeded PRNG).
 * Run: `tsx bench/prices.bench.ts [rows]`.
 */
import Decimal from "decimal.js";
import { startMockExchange } from "../e2e/mock-exchange/server";
import { ledgerEntry, type LedgerEntry } from "../lib/ledger/types";
import { prng } from "./prng";
import { DAY_MS, dayOf, MemoryCandleStore } from "../lib/pricing/candle-store";
import { createPriceLookup } from "../lib/pricing/lookup";
import { neededPrices } from "../lib/pricing/needs";
import { createOhlcvSources, DEFAULT_PRICE_SOURCES } from "../lib/pricing/ohlcv-source";
import { warmPrices } from "../lib/pricing/warm";
import { computeTax } from "../lib/tax/engine";

const ROWS = Number.parseInt(process.argv[2] ?? "100000", 10);
const DAYS = 720;


const amount = (r: number, scale: number) => new Decimal((Math.floor(r * 1e8) + 1) * scale).div(1e8);

function entry(i: number, time: number, over: Partial<LedgerEntry>): LedgerEntry {
  return ledgerEntry({ externalId: `b${i}`, time: new Date(time), account: "Bench", kind: "trade", ...over });
}

function generate(rows: number): LedgerEntry[] {
  const rnd = prng(20251125);
  const start = (dayOf(Date.now()) - DAYS) * DAY_MS;
  const step = Math.floor(((DAYS - 1) * DAY_MS) / rows);
  // Opening balances bought with USD (no price needed): the priced rows come after.
  const out: LedgerEntry[] = [
    entry(-3, start, { kind: "buy", sentAsset: "USD", sentAmount: new Decimal(3_000_000), receivedAsset: "BTC", receivedAmount: new Decimal(100) }),
    entry(-2, start, { kind: "buy", sentAsset: "USD", sentAmount: new Decimal(2_000_000), receivedAsset: "ETH", receivedAmount: new Decimal(1000) }),
    entry(-1, start, { kind: "buy", sentAsset: "USD", sentAmount: new Decimal(1_000_000), receivedAsset: "SOL", receivedAmount: new Decimal(10_000) }),
  ];
  const pairs: [string, string, number, number][] = [
    ["BTC", "ETH", 0.001, 0.015],
    ["ETH", "SOL", 0.01, 0.2],
    ["SOL", "BTC", 0.1, 0.0003],
    ["ETH", "BTC", 0.01, 0.0007],
  ];
  for (let i = 0; i < rows; i++) {
    const t = start + DAY_MS + i * step + Math.floor(rnd() * 60_000);
    const r = rnd();
    if (r < 0.5) {
      const [sent, received, s, q] = pairs[Math.floor(rnd() * pairs.length)] as [string, string, number, number];
      const k = rnd();
      out.push(entry(i, t, { kind: "trade", sentAsset: sent, sentAmount: amount(k, s * 1e8), receivedAsset: received, receivedAmount: amount(k, q * 1e8) }));
    } else {
      const asset = r < 0.75 ? "ETH" : "SOL";
      out.push(entry(i, t, { kind: "income", receivedAsset: asset, receivedAmount: amount(rnd(), asset === "ETH" ? 1e5 : 1e6), label: "staking" }));
    }
  }
  return out;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");

async function main(): Promise<void> {
  const mock = await startMockExchange();
  try {
    const entries = generate(ROWS);
    console.log(`prices bench: ${ROWS.toLocaleString("en-US")} rows needing prices over ${DAYS} days, sources ${DEFAULT_PRICE_SOURCES.join(",")} (mock, in-process)`);

    let t0 = performance.now();
    const needs = neededPrices(entries, { jurisdiction: "us" });
    const needsMs = performance.now() - t0;
    console.log(`neededPrices:      ${seconds(needsMs)} s  (${needs.length.toLocaleString("en-US")} needs, ${rate(entries.length, needsMs)} rows/s)`);

    const store = new MemoryCandleStore();
    const sources = () => createOhlcvSources(DEFAULT_PRICE_SOURCES, { mockBaseUrl: mock.url });
    t0 = performance.now();
    const cold = await warmPrices(needs, { store, sources: sources() });
    const coldMs = performance.now() - t0;
    console.log(`warm, empty cache: ${seconds(coldMs)} s  (${cold.report.requests} OHLCV requests, ${cold.report.candlesFetched.toLocaleString("en-US")} candles, ${cold.report.priced.toLocaleString("en-US")} hours priced, ${cold.report.unpriced.length} unpriced groups, ${cold.report.errors.length} errors)`);

    mock.state.reset();
    t0 = performance.now();
    const warm = await warmPrices(needs, { store, sources: sources() });
    const warmMs = performance.now() - t0;
    console.log(`warm, warm cache:  ${seconds(warmMs)} s  (${warm.report.requests} OHLCV requests, ${mock.state.requests.length} exchange requests, ${warm.report.candlesLoaded.toLocaleString("en-US")} candles loaded)`);
    if (warm.report.requests !== 0 || mock.state.requests.length !== 0) throw new Error("a warm cache must ask no exchange");

    t0 = performance.now();
    const lookup = createPriceLookup(warm);
    let found = 0;
    for (const n of needs) if (lookup(n.asset, n.currency, n.time)) found++;
    const lookupMs = performance.now() - t0;
    console.log(`lookup only:       ${seconds(lookupMs)} s  (${found.toLocaleString("en-US")}/${needs.length.toLocaleString("en-US")} priced, ${rate(needs.length, lookupMs)} lookups/s)`);

    t0 = performance.now();
    const result = computeTax(entries, { jurisdiction: "us", prices: createPriceLookup(warm) });
    const engineMs = performance.now() - t0;
    const missing = result.warnings.filter((w) => w.code === "missing-price").length;
    console.log(`engine + lookup:   ${seconds(engineMs)} s  (${rate(entries.length, engineMs)} rows/s; ${result.disposals.length.toLocaleString("en-US")} disposal lines, ${result.income.length.toLocaleString("en-US")} income, ${missing} missing-price)`);
    console.log(`peak RSS:          ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    if (missing > 0) throw new Error(`${missing} rows left without a price`);
  } finally {
    await mock.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
