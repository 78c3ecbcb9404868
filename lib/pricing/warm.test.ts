import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ohlcvCandles, startMockExchange, type MockExchangeHandle } from "../../e2e/mock-exchange/server";
import type { ExchangeId } from "../exchanges/catalog";
import { D } from "../tax/decimal";
import { DAY_MS, dayOf, HOUR_MS, MemoryCandleStore, type Interval } from "./candle-store";
import { createPriceLookup } from "./lookup";
import type { PriceNeed } from "./needs";
import { createOhlcvSources, type OhlcvSource } from "./ohlcv-source";
import { warmPrices, type WarmOptions } from "./warm";

/**
 * The warm-up against the mock exchange's public OHLCV routes (e2e/mock-exchange/ohlcv.ts): which
 * requests it makes on an empty cache, that a second run makes none, source preference, bridges,
 * empty answers and errors. Every mock exchange serves the same deterministic series, so expected
 * prices come from `ohlcvCandles`.
 */

let mock: MockExchangeHandle;
beforeAll(async () => {
  mock = await startMockExchange();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.state.reset());

const today = dayOf(Date.now());
/** Start of the UTC day `k` days ago. */
const ago = (k: number) => (today - k) * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const need = (asset: string, ms: number, currency = "USD"): PriceNeed => ({ asset, currency, time: new Date(ms) });
const sources = (ids: ExchangeId[]) => createOhlcvSources(ids, { mockBaseUrl: mock.url, retry: { baseDelayMs: 1 } });
const ohlcvCalls = () => mock.state.requests.filter((r) => r.category === "ohlcv");
const close = (pair: string, interval: Interval, ms: number) => {
  const len = interval === "1d" ? DAY_MS : HOUR_MS;
  const open = Math.floor(ms / len) * len;
  return (ohlcvCandles(pair, len, open, open)[0] as { close: string }).close;
};
const daily = (store: MemoryCandleStore, ids: ExchangeId[], extra: Partial<WarmOptions> = {}): WarmOptions => ({ store, sources: sources(ids), intervals: ["1d"], ...extra });

/** A source that pretends not to list some markets (to force a bridge). */
function hiding(source: OhlcvSource, hidden: readonly string[]): OhlcvSource {
  return {
    id: source.id,
    lookbackCandles: source.lookbackCandles,
    get pageLimit() {
      return source.pageLimit;
    },
    get requests() {
      return source.requests;
    },
    listsMarket: async (pair) => !hidden.includes(pair) && source.listsMarket(pair),
    fetchCandles: (pair, interval, from, to) => source.fetchCandles(pair, interval, from, to),
  };
}

describe("warmPrices against the mock OHLCV endpoints", () => {
  it("fetches a day range in one batched request on an empty cache, and asks nothing the second time", async () => {
    const store = new MemoryCandleStore();
    const needs = [need("ETH", ago(100) + 10 * HOUR_MS), need("ETH", ago(99) + HOUR_MS), need("ETH", ago(50))];
    const first = await warmPrices(needs, daily(store, ["kraken", "binance"]));
    expect(first.report).toMatchObject({ needs: 3, priced: 3, unpriced: [], requests: 1, errors: [] });
    expect(ohlcvCalls().map((r) => r.exchange)).toEqual(["kraken"]);
    expect(store.coverageCount).toBe(51); // days 100..50 ago, fetched as one span
    const lookup = createPriceLookup(first);
    const q = lookup("ETH", "USD", new Date(ago(100) + 10 * HOUR_MS));
    expect([q?.price.toFixed(), q?.source]).toEqual([close("ETH/USD", "1d", ago(100)), `kraken ETH/USD 1d ${iso(ago(100))}`]);

    mock.state.reset();
    const second = await warmPrices(needs, daily(store, ["kraken", "binance"]));
    expect(second.report).toMatchObject({ requests: 0, candlesFetched: 0, priced: 3 });
    expect(mock.state.requests).toEqual([]); // not even a market list
    const again = createPriceLookup(second);
    for (const n of needs) expect(again("ETH", "USD", n.time)).toEqual(lookup("ETH", "USD", n.time));
  });

  it("asks the sources in the configured order and stops at the first that has the candles", async () => {
    const first = await warmPrices([need("BTC", ago(20))], daily(new MemoryCandleStore(), ["binance", "kraken"]));
    expect(createPriceLookup(first)("BTC", "USD", new Date(ago(20)))?.source).toBe(`binance BTC/USD 1d ${iso(ago(20))}`);
    expect(new Set(mock.state.requests.map((r) => r.exchange))).toEqual(new Set(["binance"]));
  });

  it("does not ask Kraken for candles older than the 720 it serves, and takes the next source", async () => {
    const store = new MemoryCandleStore();
    const needs = [need("ETH", ago(800))];
    const first = await warmPrices(needs, daily(store, ["kraken", "coinbase"]));
    expect(ohlcvCalls().map((r) => r.exchange)).toEqual(["coinbase"]);
    expect(createPriceLookup(first)("ETH", "USD", new Date(ago(800)))?.source).toBe(`coinbase ETH/USD 1d ${iso(ago(800))}`);
    mock.state.reset();
    expect((await warmPrices(needs, daily(store, ["kraken", "coinbase"]))).report.requests).toBe(0);
  });

  it("converts through a fiat pair when the asset has no market in the reporting currency (ETH/USD x 1 / GBP/USD)", async () => {
    const at = ago(30) + 5 * HOUR_MS;
    const w = await warmPrices([need("ETH", at, "GBP"), need("EUR", at, "GBP")], daily(new MemoryCandleStore(), ["kraken"]));
    const lookup = createPriceLookup(w);
    const eth = lookup("ETH", "GBP", new Date(at));
    const gbpusd = close("GBP/USD", "1d", at);
    expect(eth?.source).toBe(`kraken ETH/USD 1d ${iso(at)} × 1 / kraken GBP/USD 1d ${iso(at)}`);
    expect(eth?.price.toFixed()).toBe(new D(close("ETH/USD", "1d", at)).times(new D(1).div(gbpusd)).toFixed());
    const eur = lookup("EUR", "GBP", new Date(at));
    expect(eur?.source).toBe(`kraken EUR/USD 1d ${iso(at)} × 1 / kraken GBP/USD 1d ${iso(at)}`);
    // ETH/GBP, EUR/GBP and GBP/EUR are not listed on the mock: asked for nothing, only their absence noted.
    expect(w.report.requests).toBe(3); // ETH/USD, GBP/USD, EUR/USD
  });

  it("bridges through BTC when no fiat route is allowed (ETH/BTC x BTC/GBP)", async () => {
    const at = ago(12);
    const w = await warmPrices([need("ETH", at, "GBP")], daily(new MemoryCandleStore(), ["kraken"], { routing: { fiatBridges: [], cryptoBridges: ["USDT", "USDC", "BTC", "ETH"] } }));
    const q = createPriceLookup(w)("ETH", "GBP", new Date(at));
    expect(q?.source).toBe(`kraken ETH/BTC 1d ${iso(at)} × kraken BTC/GBP 1d ${iso(at)}`);
    expect(q?.price.toFixed()).toBe(new D(close("ETH/BTC", "1d", at)).times(close("BTC/GBP", "1d", at)).toFixed());
  });

  it("bridges through USDT only with a real USDT/USD market, never at par", async () => {
    const at = ago(8);
    const noSolUsd = sources(["kraken"]).map((s) => hiding(s, ["SOL/USD"]));
    const w = await warmPrices([need("SOL", at)], { store: new MemoryCandleStore(), sources: noSolUsd, intervals: ["1d"] });
    const q = createPriceLookup(w)("SOL", "USD", new Date(at));
    expect(q?.source).toBe(`kraken SOL/USDT 1d ${iso(at)} × kraken USDT/USD 1d ${iso(at)}`);
    expect(q?.price.toFixed()).toBe(new D(close("SOL/USDT", "1d", at)).times(close("USDT/USD", "1d", at)).toFixed());

    const noUsdtUsd = sources(["kraken"]).map((s) => hiding(s, ["USDT/USD"]));
    const u = await warmPrices([need("USDT", at)], { store: new MemoryCandleStore(), sources: noUsdtUsd, intervals: ["1d"] });
    expect(u.report.unpriced.map((g) => g.asset)).toEqual(["USDT"]);
    expect(createPriceLookup(u)("USDT", "USD", new Date(at))).toBeNull();
  });

  it("prefers an hourly close, and falls back to the daily one where no source serves hours", async () => {
    const recent = ago(10) + 10 * HOUR_MS + 30 * 60_000;
    const old = ago(100) + 10 * HOUR_MS;
    const w = await warmPrices([need("ETH", recent), need("ETH", old)], { store: new MemoryCandleStore(), sources: sources(["kraken"]) });
    const lookup = createPriceLookup(w);
    const h = lookup("ETH", "USD", new Date(recent));
    expect([h?.price.toFixed(), h?.source]).toEqual([close("ETH/USD", "1h", recent), `kraken ETH/USD 1h ${iso(recent)}T10:00Z`]);
    expect(lookup("ETH", "USD", new Date(old))?.source).toBe(`kraken ETH/USD 1d ${iso(old)}`); // 1h: past Kraken's 720 hours
    expect(w.report.requests).toBe(2);
  });

  it("records that no exchange lists an asset, so the next run asks nothing; the lookup says null", async () => {
    const store = new MemoryCandleStore();
    const needs = [need("NOSUCHCOIN", ago(3)), need("NOSUCHCOIN", ago(2))];
    const first = await warmPrices(needs, daily(store, ["kraken", "binance"]));
    expect(ohlcvCalls()).toEqual([]);
    expect(first.report.unpriced).toEqual([{ asset: "NOSUCHCOIN", currency: "USD", instants: 2, first: new Date(ago(3)), last: new Date(ago(2)) }]);
    expect(createPriceLookup(first)("NOSUCHCOIN", "USD", new Date(ago(3)))).toBeNull();
    mock.state.reset();
    const second = await warmPrices(needs, daily(store, ["kraken", "binance"]));
    expect(mock.state.requests).toEqual([]);
    expect(second.report.unpriced.map((u) => u.instants)).toEqual([2]);
  });

  it("reports a failing fetch, caches nothing for it, and asks again next time", async () => {
    const store = new MemoryCandleStore();
    const needs = [need("XRP", ago(4))]; // XRP/USDT is listed, but the mock has no XRP series
    const first = await warmPrices(needs, daily(store, ["binance"]));
    expect(first.report.errors).toEqual([{ source: "binance", pair: "XRP/USDT", interval: "1d", message: expect.stringContaining("Invalid symbol") }]);
    expect(first.report.unpriced.map((u) => u.asset)).toEqual(["XRP"]);
    const second = await warmPrices(needs, daily(store, ["binance"]));
    expect(second.report.requests).toBe(1);
  });

  it("batches: one request per pair for 200 days of three assets", async () => {
    const needs: PriceNeed[] = [];
    for (let k = 600; k > 0; k -= 3) for (const a of ["BTC", "ETH", "SOL"]) needs.push(need(a, ago(k) + 7 * HOUR_MS));
    const w = await warmPrices(needs, daily(new MemoryCandleStore(), ["binance"]));
    expect(w.report).toMatchObject({ needs: 600, priced: 600, requests: 3, errors: [] });
  });

  it("manual prices take their instants off the market; one in another currency only needs the rate", async () => {
    const at = ago(5) + HOUR_MS;
    const manual = [
      { asset: "ETH", currency: "USD", time: new Date(ago(5)), price: new D("1234.5"), note: "my price" },
      { asset: "FOO", currency: "USD", time: new Date(ago(5)), price: new D("2.5") },
    ];
    const w = await warmPrices([need("ETH", at), need("FOO", at, "GBP")], daily(new MemoryCandleStore(), ["kraken"], { manual }));
    expect(w.report).toMatchObject({ needs: 2, manual: 2 });
    expect(ohlcvCalls().map((r) => r.path)).toEqual(["/0/public/OHLC"]); // GBP/USD only
    const lookup = createPriceLookup(w);
    expect(lookup("ETH", "USD", new Date(at))?.source).toBe(`manual: my price (${iso(at)})`);
    expect(lookup("FOO", "GBP", new Date(at))?.source).toBe(`manual: set by hand (${iso(at)}) in USD, converted at 1 / kraken GBP/USD 1d ${iso(at)}`);
  });

  it("offline reads the cache only", async () => {
    const w = await warmPrices([need("ETH", ago(6))], daily(new MemoryCandleStore(), ["kraken"], { offline: true }));
    expect(mock.state.requests).toEqual([]);
    expect(w.report.unpriced.map((u) => u.asset)).toEqual(["ETH"]);
  });

  it("never covers today: its candles are not all closed yet", async () => {
    const store = new MemoryCandleStore();
    const t = Date.now() - 2 * HOUR_MS;
    await warmPrices([need("ETH", t)], { store, sources: sources(["binance"]), intervals: ["1h"] });
    const second = await warmPrices([need("ETH", t)], { store, sources: sources(["binance"]), intervals: ["1h"] });
    expect(second.report.requests > 0).toBe(dayOf(t) === today);
  });
});
