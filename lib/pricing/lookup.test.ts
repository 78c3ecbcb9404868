import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { CandleIndex, DAY_MS, HOUR_MS, type Interval } from "./candle-store";
import { createPriceLookup } from "./lookup";
import { DEFAULT_ROUTING } from "./routes";

/**
 * The synchronous lookup over a hand-built candle index: bridge arithmetic, source and interval
 * preference, manual prices first, null (never zero) when nothing prices the instant.
 */

const DAY = Date.UTC(2024, 2, 1); // 2024-03-01
const AT = new Date(DAY + 10 * HOUR_MS + 30 * 60_000); // 10:30 UTC

function index(sources = ["kraken", "binance"], intervals: Interval[] = ["1h", "1d"]) {
  const ix = new CandleIndex({ sources, intervals }, DEFAULT_ROUTING);
  const put = (source: string, pair: string, interval: Interval, openTime: number, close: string) => {
    const c = new Decimal(close);
    ix.add({ source, pair, interval }, [{ openTime, open: c, high: c, low: c, close: c }]);
  };
  return { ix, put };
}

const q = (lookup: ReturnType<typeof createPriceLookup>, asset: string, currency: string, at = AT) => {
  const r = lookup(asset, currency, at);
  return r ? [r.price.toFixed(), r.source] : null;
};

describe("createPriceLookup", () => {
  it("prices from the direct pair's daily close, naming source, pair, interval and candle", () => {
    const { ix, put } = index();
    put("kraken", "ETH/USD", "1d", DAY, "3400.5");
    expect(q(createPriceLookup({ candles: ix }), "ETH", "USD")).toEqual(["3400.5", "kraken ETH/USD 1d 2024-03-01"]);
  });

  it("prefers the first configured source, and an hourly close over a daily one", () => {
    const { ix, put } = index();
    put("binance", "ETH/USD", "1d", DAY, "3399");
    expect(q(createPriceLookup({ candles: ix }), "ETH", "USD")).toEqual(["3399", "binance ETH/USD 1d 2024-03-01"]);
    put("kraken", "ETH/USD", "1d", DAY, "3400");
    expect(q(createPriceLookup({ candles: ix }), "ETH", "USD")).toEqual(["3400", "kraken ETH/USD 1d 2024-03-01"]);
    put("binance", "ETH/USD", "1h", DAY + 10 * HOUR_MS, "3350.25");
    expect(q(createPriceLookup({ candles: ix }), "ETH", "USD")).toEqual(["3350.25", "binance ETH/USD 1h 2024-03-01T10:00Z"]);
  });

  it("bridges through BTC when there is no fiat pair: ETH/BTC x BTC/USD, exactly", () => {
    const { ix, put } = index();
    put("binance", "ETH/BTC", "1d", DAY, "0.05123");
    put("kraken", "BTC/USD", "1d", DAY, "61234.56");
    expect(q(createPriceLookup({ candles: ix }), "ETH", "USD")).toEqual(["3137.0465088", "binance ETH/BTC 1d 2024-03-01 × kraken BTC/USD 1d 2024-03-01"]);
  });

  it("bridges through a stablecoin only with a real USDT/USD close, never at par", () => {
    const { ix, put } = index();
    put("binance", "SOL/USDT", "1d", DAY, "130");
    const lookup = createPriceLookup({ candles: ix });
    expect(lookup("SOL", "USD", AT)).toBeNull();
    const { ix: ix2, put: put2 } = index();
    put2("binance", "SOL/USDT", "1d", DAY, "130");
    put2("kraken", "USDT/USD", "1d", DAY, "0.9995");
    expect(q(createPriceLookup({ candles: ix2 }), "SOL", "USD")).toEqual(["129.935", "binance SOL/USDT 1d 2024-03-01 × kraken USDT/USD 1d 2024-03-01"]);
  });

  it("converts through a fiat pair, inverted when the market is quoted the other way", () => {
    const { ix, put } = index();
    put("kraken", "ETH/USD", "1d", DAY, "3400");
    put("kraken", "GBP/USD", "1d", DAY, "1.25");
    const lookup = createPriceLookup({ candles: ix });
    expect(q(lookup, "ETH", "GBP")).toEqual(["2720", "kraken ETH/USD 1d 2024-03-01 × 1 / kraken GBP/USD 1d 2024-03-01"]);
    expect(q(lookup, "USD", "GBP")).toEqual(["0.8", "1 / kraken GBP/USD 1d 2024-03-01"]);
    expect(q(lookup, "GBP", "USD")).toEqual(["1.25", "kraken GBP/USD 1d 2024-03-01"]);
  });

  it("uses the candle of the instant's own day or hour, never a neighbour's", () => {
    const { ix, put } = index();
    put("kraken", "ETH/USD", "1d", DAY - DAY_MS, "3300");
    put("kraken", "ETH/USD", "1d", DAY + DAY_MS, "3500");
    put("kraken", "ETH/USD", "1h", DAY + 9 * HOUR_MS, "3390");
    expect(createPriceLookup({ candles: ix })("ETH", "USD", AT)).toBeNull();
  });

  it("manual prices win, are marked manual, and apply on their own UTC day only", () => {
    const { ix, put } = index();
    put("kraken", "ETH/USD", "1d", DAY, "3400");
    put("kraken", "ETH/USD", "1d", DAY + DAY_MS, "3500");
    const lookup = createPriceLookup({
      candles: ix,
      manual: [{ asset: "ETH", currency: "USD", time: new Date(DAY + 9 * HOUR_MS), price: new Decimal("3333.33"), transactionId: "tx1" }],
    });
    expect(q(lookup, "eth", "usd")).toEqual(["3333.33", "manual: set for transaction tx1 (2024-03-01 09:00 UTC)"]);
    expect(q(lookup, "ETH", "USD", new Date(DAY + DAY_MS + HOUR_MS))).toEqual(["3500", "kraken ETH/USD 1d 2024-03-02"]);
  });

  it("a manual price in another currency is converted at the market rate", () => {
    const { ix, put } = index();
    put("kraken", "GBP/USD", "1d", DAY, "1.25");
    const lookup = createPriceLookup({ candles: ix, manual: [{ asset: "FOO", currency: "USD", time: new Date(DAY), price: new Decimal("2.5"), note: "price CSV prices.csv" }] });
    expect(q(lookup, "FOO", "GBP")).toEqual(["2", "manual: price CSV prices.csv (2024-03-01) in USD, converted at 1 / kraken GBP/USD 1d 2024-03-01"]);
  });

  it("returns null, never zero, when no route prices the instant", () => {
    const { ix } = index();
    const lookup = createPriceLookup({ candles: ix });
    expect(lookup("NOCOIN", "USD", AT)).toBeNull();
    expect(lookup("ETH", "USD", new Date(Number.NaN))).toBeNull();
  });

  it("answers repeated questions from its cache with the same quote", () => {
    const { ix, put } = index();
    put("binance", "ETH/BTC", "1d", DAY, "0.05");
    put("kraken", "BTC/USD", "1d", DAY, "60000");
    const lookup = createPriceLookup({ candles: ix });
    const a = lookup("ETH", "USD", AT);
    expect(lookup("ETH", "USD", new Date(AT.getTime() + 60_000))).toBe(a);
    expect(a?.price.toFixed()).toBe("3000");
  });
});
