import Decimal from "decimal.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ohlcvCandles, startMockExchange, type MockExchangeHandle } from "@/e2e/mock-exchange/server";
// The database and the price service together, as the jobs wire them (lib/jobs/warm-prices.ts).
import { prismaCandleStore } from "@/lib/db/candles";
import { commitImport } from "@/lib/db/imports";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { deleteManualPrice, deleteTransactionPrices, importManualPrices, listManualPrices, manualPricesForLookup, setManualPrice } from "@/lib/db/manual-prices";
import { prisma } from "@/lib/db/prisma";
import { createUserWithPassword } from "@/lib/db/users";
import { renderAuditCsv } from "@/lib/reports/audit";
import { reportMetaFor } from "@/lib/reports/report-meta";
import { computeTax } from "@/lib/tax/engine";
import { resultJsonText } from "@/lib/tax/result-json";
import { ledger } from "@/lib/tax/testing";
import type { TaxResult, TaxSettings } from "@/lib/tax/types";
import { HOUR_MS } from "@/lib/pricing/candle-store";
import { createPriceLookup } from "@/lib/pricing/lookup";
import { priceCsvRows } from "@/lib/pricing/manual";
import { neededPrices } from "@/lib/pricing/needs";
import { createOhlcvSources } from "@/lib/pricing/ohlcv-source";
import { warmPrices, type WarmResult } from "@/lib/pricing/warm";

/**
 * A year (2025) of crypto-to-crypto trades and staking income with no fiat values, priced from the
 * mock exchange's OHLCV through the Postgres candle cache: the first computation fetches, the
 * second asks no exchange and gives the same result; a manual price wins and says so; an asset no
 * exchange lists is flagged missing, never valued at zero silently.
 */

let mock: MockExchangeHandle;
let userId: string;
const settings: TaxSettings = { jurisdiction: "us", year: 2025 };

const STAKING = Array.from({ length: 12 }, (_, m) => ({ date: `2025-${String(m + 1).padStart(2, "0")}-15 08:00:00`, received: "0.05 ETH", label: "staking", hash: `stake-${m + 1}` }));
const ROWS = [
  { date: "2025-01-05 09:15:00", sent: "30000 USD", received: "1 BTC", hash: "buy-btc" },
  { date: "2025-02-10 14:30:00", sent: "0.5 BTC", received: "7 ETH", hash: "btc-eth" },
  { date: "2025-06-20 16:45:00", sent: "2 ETH", received: "30 SOL", hash: "eth-sol" },
  { date: "2025-09-03 11:20:00", sent: "10 SOL", received: "0.3 ETH", fee: "0.0001 BTC", hash: "sol-eth" },
  { date: "2025-11-20 12:00:00", received: "100 NOMARKETCOIN", label: "airdrop", hash: "airdrop" },
  ...STAKING,
];

const sources = () => createOhlcvSources(["kraken", "coinbase", "bitstamp", "binance"], { mockBaseUrl: mock.url, retry: { baseDelayMs: 1 } });
const ohlcvCalls = () => mock.state.requests.filter((r) => r.category === "ohlcv");
const MARKET_SOURCE = /^(kraken|coinbase|bitstamp|binance) [A-Z]+\/USD 1[hd] \d{4}-\d{2}-\d{2}(T\d{2}:00Z)?$/;
/** Hourly close of a mock market at the hour containing `at` (all mock exchanges serve the same series). */
const hourClose = (pair: string, at: Date) => {
  const open = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  return (ohlcvCandles(pair, HOUR_MS, open, open)[0] as { close: string }).close;
};

async function compute(opts: { manual?: boolean } = {}): Promise<{ result: TaxResult; warm: WarmResult; entries: Awaited<ReturnType<typeof loadLedgerEntries>> }> {
  const entries = await loadLedgerEntries(userId);
  const manual = opts.manual ? await manualPricesForLookup(userId) : [];
  const warm = await warmPrices(neededPrices(entries, settings), { store: prismaCandleStore, sources: sources(), manual });
  const result = computeTax(entries, { ...settings, prices: createPriceLookup(warm) });
  return { result, warm, entries };
}

async function newUser(tag: string): Promise<string> {
  const u = await createUserWithPassword({ email: `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: null, passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  return u.id;
}

beforeAll(async () => {
  mock = await startMockExchange();
  userId = await newUser("prices");
  // Named ids (the universal CSV's are fingerprints), so the test can point at rows.
  const entries = ledger(ROWS, "Kraken").map((e) => ({ ...e, externalId: e.txHash ?? e.externalId }));
  await commitImport(userId, { walletName: "Kraken", exchange: "kraken", fileName: "ledger.csv", format: "universal", rowsRead: entries.length, skippedRows: 0, entries });
});
afterAll(async () => {
  await mock.close();
  await prisma.$disconnect();
});
beforeEach(() => mock.state.reset());

describe("a year priced from exchange candles through the Postgres cache", () => {
  let first: TaxResult;

  it("on an empty cache: asks the exchanges, values every disposal and income, records each price's source", async () => {
    const { result, warm, entries } = await compute();
    first = result;
    expect(warm.report.requests).toBeGreaterThan(0);
    expect(ohlcvCalls().length).toBe(warm.report.requests);
    expect(warm.report.errors).toEqual([]);

    expect(result.disposals.map((d) => [d.disposalId, d.asset, d.priceMissing])).toEqual([
      ["btc-eth", "BTC", false],
      ["eth-sol", "ETH", false],
      ["sol-eth:fee", "BTC", false],
      ["sol-eth", "SOL", false],
    ]);
    for (const d of result.disposals) {
      expect(d.proceeds.isZero()).toBe(false);
      expect(d.prices.map((p) => p.source)).toEqual([expect.stringMatching(MARKET_SOURCE)]);
    }
    // Proceeds of a crypto-to-crypto trade: what was received, at the market close of that hour.
    const btcEth = result.disposals.find((d) => d.disposalId === "btc-eth");
    expect(btcEth?.proceeds.toFixed()).toBe(new Decimal(hourClose("ETH/USD", new Date("2025-02-10T14:30:00Z"))).times(7).toFixed());
    expect(btcEth?.prices[0]?.source).toMatch(/ ETH\/USD 1h 2025-02-10T14:00Z$/);

    const staking = result.income.filter((i) => i.type === "staking");
    expect(staking).toHaveLength(12);
    for (const inc of staking) {
      expect(inc.valueMissing).toBe(false);
      expect(inc.value.toFixed()).toBe(new Decimal(hourClose("ETH/USD", inc.receivedAt)).times("0.05").toFixed());
      expect(inc.prices[0]?.source).toMatch(MARKET_SOURCE);
    }

    // The audit trail prints each disposal's price and where it came from.
    const audit = renderAuditCsv(result, reportMetaFor(result, entries));
    for (const d of result.disposals) expect(audit).toContain(`from ${d.prices[0]?.source}`);

    // Cached in Postgres, including the empty answers (no exchange lists NOMARKETCOIN/USD).
    expect(await prisma.priceCandle.count()).toBeGreaterThan(0);
    expect(await prisma.priceCoverage.count({ where: { pair: "NOMARKETCOIN/USD" } })).toBeGreaterThan(0);
  });

  it("the same year again, from a fresh lookup: no exchange is asked, the result is identical", async () => {
    const { result, warm } = await compute();
    expect(warm.report.requests).toBe(0);
    expect(mock.state.requests).toEqual([]);
    expect(resultJsonText(result)).toBe(resultJsonText(first));
  });

  it("an asset no exchange lists: flagged missing-price with how to fix it, never a silent zero", async () => {
    const { result } = await compute();
    const airdrop = result.income.find((i) => i.id === "airdrop");
    expect([airdrop?.valueMissing, airdrop?.value.toFixed()]).toEqual([true, "0"]);
    const w = result.warnings.filter((x) => x.code === "missing-price");
    expect(w.map((x) => [x.asset, x.entries])).toEqual([["NOMARKETCOIN", ["airdrop"]]]);
    expect(w[0]?.message).toMatch(/price file|price CSV|manual price/i);
  });

  it("a price set by hand for a transaction wins over the market, and is marked manual", async () => {
    const tx = await prisma.transaction.findFirstOrThrow({ where: { userId, externalId: "stake-3" }, select: { id: true } });
    // Addressed as a warning names it: account (wallet name) and externalId.
    const set = await setManualPrice(userId, { transaction: { account: "Kraken", externalId: "stake-3" }, asset: "eth", currency: "USD", price: "1234.5", note: "my valuation" });
    expect(set).toMatchObject({ ok: true, price: { asset: "ETH", currency: "USD", price: "1234.5", transactionId: tx.id, time: "2025-03-15T08:00:00.000Z" } });

    const { result, warm } = await compute({ manual: true });
    expect(warm.report).toMatchObject({ requests: 0, manual: 1 });
    const inc = result.income.find((i) => i.id === "stake-3");
    expect([inc?.value.toFixed(), inc?.prices[0]?.source]).toEqual(["61.725", "manual: my valuation (2025-03-15 08:00 UTC)"]);
    // Only that day: the other months keep their market price.
    expect(result.income.find((i) => i.id === "stake-4")?.prices[0]?.source).toMatch(MARKET_SOURCE);

    // Another user can neither price nor delete it.
    const other = await newUser("other");
    expect(await setManualPrice(other, { transaction: { id: tx.id }, asset: "ETH", currency: "USD", price: "1" })).toEqual({ ok: false, error: "transaction-not-found" });
    expect(await setManualPrice(other, { transaction: { account: "Kraken", externalId: "stake-3" }, asset: "ETH", currency: "USD", price: "1" })).toEqual({ ok: false, error: "transaction-not-found" });
    const [mine] = await listManualPrices(userId);
    expect(await deleteManualPrice(other, mine?.id ?? "")).toBe(false);
    expect(await setManualPrice(userId, { transaction: { id: tx.id }, asset: "SOL", currency: "USD", price: "1" })).toEqual({ ok: false, error: "asset-not-in-transaction" });
    expect(await setManualPrice(userId, { transaction: { id: tx.id }, asset: "ETH", currency: "USD", price: "-1" })).toEqual({ ok: false, error: "invalid-price" });
    expect(await setManualPrice(userId, { transaction: { id: tx.id }, asset: "ETH", currency: "XYZ", price: "1" })).toEqual({ ok: false, error: "invalid-currency" });
  });

  it("an imported price CSV prices the asset no exchange lists; the warning goes away", async () => {
    const parsed = priceCsvRows("Date,Asset,Currency,Price\n2025-11-20,NOMARKETCOIN,USD,0.42\n2025-11-21,NOMARKETCOIN,USD,0.40\n");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(await importManualPrices(userId, parsed.rows, { note: "price CSV coins.csv" })).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await importManualPrices(userId, [{ ...(parsed.rows[0] as (typeof parsed.rows)[number]), price: new Decimal("0.43") }, parsed.rows[1] as (typeof parsed.rows)[number]], { note: "price CSV coins.csv" })).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
    });

    const { result } = await compute({ manual: true });
    const airdrop = result.income.find((i) => i.id === "airdrop");
    expect([airdrop?.valueMissing, airdrop?.value.toFixed(), airdrop?.prices[0]?.source]).toEqual([false, "43", "manual: price CSV coins.csv (2025-11-20)"]);
    expect(result.warnings.filter((x) => x.code === "missing-price")).toEqual([]);
  });

  it("deleting the hand-set price gives the market price back, still from the cache", async () => {
    const tx = await prisma.transaction.findFirstOrThrow({ where: { userId, externalId: "stake-3" }, select: { id: true } });
    const mine = (await listManualPrices(userId)).find((p) => p.transactionId === tx.id);
    expect(await deleteManualPrice(userId, mine?.id ?? "")).toBe(true);
    expect(await deleteTransactionPrices(userId, tx.id)).toBe(0);
    const { result, warm } = await compute({ manual: true });
    expect(warm.report.requests).toBe(0);
    expect(result.income.find((i) => i.id === "stake-3")?.prices[0]?.source).toMatch(MARKET_SOURCE);
  });
});
