import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ohlcvCandles, startMockExchange, type MockExchangeHandle } from "../../../e2e/mock-exchange/server";
import { EXCHANGE_IDS } from "../catalog";
import { createExchangeClient } from "../client";
import { SYNC_EXCHANGES } from "./fetch-history";

/**
 * The mock's public OHLCV routes (e2e/mock-exchange/ohlcv.ts), as ccxt 4.5.84
 * calls them, for the price service built on them: the deterministic series
 * comes back through ccxt, and each request is logged as "ohlcv".
 */

let mock: MockExchangeHandle;
beforeAll(async () => {
  mock = await startMockExchange();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.state.reset());

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe.each([
  { id: "binance" as const, symbol: "BTC/USDT" },
  { id: "kraken" as const, symbol: "ETH/USD" },
  { id: "coinbase" as const, symbol: "BTC/USD" },
  { id: "bitstamp" as const, symbol: "ETH/BTC" },
])("$id OHLCV", ({ id, symbol }) => {
  it.each([
    { timeframe: "1d", ms: DAY, n: 20 },
    { timeframe: "1h", ms: HOUR, n: 48 },
  ])("serves the $timeframe series for $symbol without a key", async ({ timeframe, ms, n }) => {
    const client = createExchangeClient(id, { apiKey: "", secret: "" }, { mockBaseUrl: mock.url });
    const since = Math.floor((Date.now() - n * ms) / ms) * ms;
    const candles = await client.fetchOHLCV(symbol, timeframe, since, 10);
    const want = ohlcvCandles(symbol, ms, since, since + 9 * ms).map((c) => [c.time, c.open, c.high, c.low, c.close]);
    expect(candles.map((c) => c.slice(0, 5).map((v, i) => (i === 0 ? v : String(v))))).toEqual(want);
    const ohlcv = mock.state.requests.filter((r) => r.category === "ohlcv");
    expect(ohlcv.length).toBeGreaterThan(0);
    expect(ohlcv.every((r) => r.apiKey === undefined)).toBe(true);
  });
});

describe("API sync coverage", () => {
  it("every exchange in the catalog has a history plan (KuCoin included)", () => {
    expect([...SYNC_EXCHANGES].sort()).toEqual([...EXCHANGE_IDS].sort());
  });
});
