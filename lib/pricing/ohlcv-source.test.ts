import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ohlcvCandles, startMockExchange, type MockExchangeHandle } from "../../e2e/mock-exchange/server";
import { DAY_MS, dayOf, HOUR_MS } from "./candle-store";
import { ccxtOhlcvSource, DEFAULT_PRICE_SOURCES, ohlcvSourcesFromEnv, priceSourcesFromEnv } from "./ohlcv-source";

let mock: MockExchangeHandle;
beforeAll(async () => {
  mock = await startMockExchange();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.state.reset());

const today = dayOf(Date.now()) * DAY_MS;
const ohlcvCalls = () => mock.state.requests.filter((r) => r.category === "ohlcv");
const asText = (cs: { openTime: number; close: { toFixed(): string } }[]) => cs.map((c) => [c.openTime, c.close.toFixed()]);

describe("ccxt public OHLCV source", () => {
  it("pages through a long range at the exchange's own limit (Coinbase: 300 candles), exact decimal strings", async () => {
    const src = ccxtOhlcvSource("coinbase", { mockBaseUrl: mock.url });
    expect(src.pageLimit).toBe(300);
    const from = today - 700 * DAY_MS;
    const to = today - DAY_MS;
    const got = await src.fetchCandles("BTC/USD", "1d", from, to);
    expect(ohlcvCalls()).toHaveLength(3);
    expect(src.requests).toBe(3);
    expect(asText(got)).toEqual(ohlcvCandles("BTC/USD", DAY_MS, from, to).map((c) => [c.time, c.close]));
    expect(got[0]?.high.toFixed()).toBe(ohlcvCandles("BTC/USD", DAY_MS, from, from)[0]?.high);
  });

  it("returns closed candles only: the running hour is left out", async () => {
    const now = Date.now();
    const src = ccxtOhlcvSource("binance", { mockBaseUrl: mock.url, now: () => now });
    const got = await src.fetchCandles("ETH/USDT", "1h", now - 5 * HOUR_MS, now + HOUR_MS);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((c) => c.openTime + HOUR_MS <= now)).toBe(true);
    expect(got.at(-1)?.openTime).toBe(Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS);
  });

  it("keeps only the asked range when Kraken answers with its latest 720 candles instead", async () => {
    const src = ccxtOhlcvSource("kraken", { mockBaseUrl: mock.url });
    expect(src.lookbackCandles).toBe(720);
    expect(await src.fetchCandles("ETH/USD", "1d", today - 900 * DAY_MS, today - 800 * DAY_MS)).toEqual([]);
    expect(ohlcvCalls()).toHaveLength(1);
  });

  it("knows which markets a source lists, loading them once", async () => {
    const src = ccxtOhlcvSource("bitstamp", { mockBaseUrl: mock.url });
    expect(await src.listsMarket("ETH/BTC")).toBe(true);
    expect(await src.listsMarket("ETH/GBP")).toBe(false);
    expect(mock.state.requests.map((r) => r.path)).toEqual(["/api/v2/markets/"]);
  });

  it("retries network errors with backoff, then gives up", async () => {
    const sleeps: number[] = [];
    // Nothing listens on port 9 (discard) on loopback: every request fails at the connection.
    const src = ccxtOhlcvSource("binance", { mockBaseUrl: "http://127.0.0.1:9", retry: { attempts: 3, baseDelayMs: 10 }, sleep: async (ms) => void sleeps.push(ms) });
    await expect(src.listsMarket("BTC/USD")).rejects.toThrow();
    expect(sleeps).toEqual([10, 20]);
  });
});

describe("LOTWISE_PRICE_SOURCES", () => {
  it.each([
    { value: undefined, want: [...DEFAULT_PRICE_SOURCES] },
    { value: "", want: [...DEFAULT_PRICE_SOURCES] },
    { value: " Binance , kraken,binance", want: ["binance", "kraken"] },
    { value: "none", want: [] },
  ])("$value -> $want", ({ value, want }) => {
    expect(priceSourcesFromEnv({ LOTWISE_PRICE_SOURCES: value })).toEqual(want);
  });

  it("builds the named sources, served by the mock when LOTWISE_EXCHANGE_MOCK_URL is set", async () => {
    const [src, ...rest] = ohlcvSourcesFromEnv({ LOTWISE_PRICE_SOURCES: "bitstamp", LOTWISE_EXCHANGE_MOCK_URL: mock.url });
    expect([src?.id, rest.length]).toEqual(["bitstamp", 0]);
    expect(await src?.fetchCandles("ETH/BTC", "1d", today - 3 * DAY_MS, today - DAY_MS)).toHaveLength(3);
    expect(ohlcvCalls().map((r) => r.exchange)).toEqual(["bitstamp"]);
  });

  it("refuses an unknown exchange, naming it", () => {
    expect(() => priceSourcesFromEnv({ LOTWISE_PRICE_SOURCES: "kraken,coingecko" })).toThrow(/"coingecko"/);
  });
});
