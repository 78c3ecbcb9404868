import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ledgerEntry, type LedgerEntry, type TxKind } from "../ledger/types";
import { valueOverTime } from "../portfolio/valuation";
import { D } from "../tax/decimal";
import { HOUR_MS, INTERVAL_MS, MemoryCandleStore, type Candle, type Interval } from "./candle-store";
import { holdingPriceNeeds } from "./holding-needs";
import { createPriceLookup } from "./lookup";
import type { OhlcvSource } from "./ohlcv-source";
import type { PriceLookup } from "./types";
import { warmPrices } from "./warm";

let n = 0;
function row(time: string, kind: TxKind, account: string, legs: { sent?: string; received?: string; fee?: string }): LedgerEntry {
  const leg = (s: string | undefined) => (s ? { asset: s.split(" ")[1] as string, amount: new Decimal(s.split(" ")[0] as string) } : null);
  const [sent, received, fee] = [leg(legs.sent), leg(legs.received), leg(legs.fee)];
  return ledgerEntry({
    externalId: `h${++n}`,
    time: new Date(time),
    account,
    kind,
    sentAsset: sent?.asset ?? null,
    sentAmount: sent?.amount ?? null,
    receivedAsset: received?.asset ?? null,
    receivedAmount: received?.amount ?? null,
    feeAsset: fee?.asset ?? null,
    feeAmount: fee?.amount ?? null,
  });
}

const entries = [
  row("2024-03-01T09:00:00Z", "deposit", "Kraken", { received: "5000 USD" }),
  row("2024-03-02T10:00:00Z", "buy", "Kraken", { sent: "2000 USD", received: "1 ETH" }),
  row("2024-03-03T10:00:00Z", "buy", "Kraken", { sent: "100 USD", received: "2 SOL" }),
  row("2024-03-04T10:00:00Z", "sell", "Kraken", { sent: "2 SOL", received: "110 USD" }),
  row("2024-03-06T10:00:00Z", "income", "Kraken", { received: "0.5 SOL" }),
];
const list = (needs: ReturnType<typeof holdingPriceNeeds>) => needs.map((x) => `${x.asset} ${x.currency} ${x.time.toISOString()}`);

describe("holdingPriceNeeds", () => {
  it("asks each held asset's close for every day it is held, and the last closed hour for today", () => {
    expect(list(holdingPriceNeeds(entries, { currency: "USD", now: new Date("2024-03-07T15:20:00Z") }))).toEqual([
      "ETH USD 2024-03-02T23:59:59.999Z",
      "ETH USD 2024-03-03T23:59:59.999Z",
      "ETH USD 2024-03-04T23:59:59.999Z",
      "ETH USD 2024-03-05T23:59:59.999Z",
      "ETH USD 2024-03-06T23:59:59.999Z",
      "ETH USD 2024-03-07T14:59:59.999Z",
      // Nothing for SOL on 4 and 5 March: sold out.
      "SOL USD 2024-03-03T23:59:59.999Z",
      "SOL USD 2024-03-06T23:59:59.999Z",
      "SOL USD 2024-03-07T14:59:59.999Z",
    ]);
  });

  it("starts at `from`, asks nothing after the day of `now`, and nothing for the reporting currency", () => {
    const usdc = [...entries, row("2024-03-02T11:00:00Z", "buy", "Kraken", { sent: "10 USD", received: "10 USDC" })];
    expect(list(holdingPriceNeeds(usdc, { currency: "USDC", now: new Date("2024-03-04T12:00:00Z"), from: new Date("2024-03-03T18:00:00Z") }))).toEqual([
      "ETH USDC 2024-03-03T23:59:59.999Z",
      "ETH USDC 2024-03-04T11:59:59.999Z",
      "SOL USDC 2024-03-03T23:59:59.999Z",
    ]);
    expect(holdingPriceNeeds([], { currency: "USD", now: new Date("2024-03-04T12:00:00Z") })).toEqual([]);
  });

  it("in the first hour of a day, today's price is yesterday's close: asked once", () => {
    expect(list(holdingPriceNeeds(entries.slice(0, 2), { currency: "USD", now: new Date("2024-03-04T00:20:00Z") }))).toEqual(["ETH USD 2024-03-02T23:59:59.999Z", "ETH USD 2024-03-03T23:59:59.999Z"]);
  });

  it("lists exactly the questions valueOverTime asks", () => {
    const now = new Date("2024-03-09T08:45:00Z");
    const asked = new Set<string>();
    const spy: PriceLookup = (asset, currency, time) => {
      asked.add(`${asset} ${currency} ${time.toISOString()}`);
      return null;
    };
    valueOverTime(entries, { prices: spy, currency: "EUR", at: now });
    const needs = list(holdingPriceNeeds(entries, { currency: "EUR", now }));
    expect(new Set(needs).size).toBe(needs.length);
    expect([...needs].sort()).toEqual([...asked].sort());
  });
});

/** An exchange in memory: every X/USD market, closes that rise by 1 per hour; only closed candles. */
function fakeSource(now: number): OhlcvSource {
  let requests = 0;
  return {
    id: "fake",
    pageLimit: 1000,
    lookbackCandles: null,
    get requests() {
      return requests;
    },
    listsMarket: async (pair) => pair.endsWith("/USD"),
    fetchCandles: async (_pair: string, interval: Interval, fromMs: number, toMs: number): Promise<Candle[]> => {
      requests++;
      const len = INTERVAL_MS[interval];
      const out: Candle[] = [];
      for (let t = Math.ceil(fromMs / len) * len; t <= toMs && t + len <= now; t += len) {
        const close = new D(1000 + Math.floor(t / HOUR_MS) - 473_000);
        out.push({ openTime: t, open: close, high: close, low: close, close });
      }
      return out;
    },
  };
}

describe("holdingPriceNeeds with warmPrices", () => {
  it("warms every price the chart asks for: every day of every held asset is priced, today included", async () => {
    const now = Date.parse("2024-03-09T08:45:00Z");
    const needs = holdingPriceNeeds(entries, { currency: "USD", now: new Date(now) });
    const warm = await warmPrices(needs, { store: new MemoryCandleStore(), sources: [fakeSource(now)], now: () => now });
    expect(warm.report.unpriced).toEqual([]);
    expect(warm.report.errors).toEqual([]);
    expect(warm.report.needs).toBe(needs.length);
    const points = valueOverTime(entries, { prices: createPriceLookup(warm), currency: "USD", at: new Date(now) });
    expect(points.map((p) => p.day)).toEqual(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-09"]);
    expect(points.every((p) => p.unpricedAssets === 0)).toBe(true);
    // The fake close of an hour is 1000 + (hours since epoch - 473,000): the 07:00 candle on 9 March.
    const hour = Math.floor((now - HOUR_MS) / HOUR_MS);
    expect(points[points.length - 1]?.value.toFixed()).toBe(new Decimal(1000 + hour - 473_000).times("1.5").toFixed());
  });
});
