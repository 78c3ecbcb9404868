import type Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { holdingsFrom } from "../portfolio/holdings";
import { valueOverTime, valuePortfolio } from "../portfolio/valuation";
import { CandleIndex } from "../pricing/candle-store";
import { holdingPriceNeeds } from "../pricing/holding-needs";
import { createPriceLookup } from "../pricing/lookup";
import { DEFAULT_ROUTING } from "../pricing/routes";
import { PriceTable, type PriceLookup } from "../pricing/types";
import { currentTaxYear } from "../tax/current-year";
import { computeTax } from "../tax/engine";
import type { JurisdictionId, TaxResult, WarningCode } from "../tax/types";
import { DEMO_DAYS, DEMO_ID_PREFIX, DEMO_WALLETS, generateDemoPortfolio, type DemoPortfolio } from "./generate";
import type { DemoCurrency } from "./prices";

const NOW = new Date("2026-11-20T15:00:00Z");
const DAY = 86_400_000;

/** The demo as plain JSON (decimals as strings), to compare runs. */
const snapshot = (d: DemoPortfolio) => JSON.stringify(d, (_, v: unknown) => (v && typeof v === "object" && "toFixed" in v ? (v as Decimal).toFixed() : v));

/** The offline app path: the demo prices stored as manual prices, no market source. */
function manualLookup(demo: DemoPortfolio): PriceLookup {
  return createPriceLookup({ candles: new CandleIndex({ sources: [], intervals: ["1h", "1d"] }, DEFAULT_ROUTING), manual: demo.prices });
}

describe("generateDemoPortfolio: the ledger", () => {
  const demo = generateDemoPortfolio({ now: NOW, currency: "USD" });

  it("is deterministic: the same `now` gives the same portfolio", () => {
    expect(snapshot(generateDemoPortfolio({ now: NOW, currency: "USD" }))).toBe(snapshot(demo));
  });

  it("tells the same story for another `now` or currency: same rows, shifted in time", () => {
    const later = generateDemoPortfolio({ now: new Date(NOW.getTime() + 100 * DAY), currency: "GBP" });
    expect(later.entries.map((e) => [e.wallet, e.entry.externalId, e.entry.kind])).toEqual(demo.entries.map((e) => [e.wallet, e.entry.externalId, e.entry.kind]));
    expect(later.entries.every((e) => e.entry.fiatCurrency === null || e.entry.fiatCurrency === "GBP")).toBe(true);
  });

  it("has two exchanges and a wallet, each row in one of them, ids stable and unique", () => {
    expect(demo.wallets).toEqual([
      { name: "Demo · Coinbase", exchange: "coinbase" },
      { name: "Demo · Kraken", exchange: "kraken" },
      { name: "Demo · Ledger", exchange: null },
    ]);
    const names = new Set(demo.wallets.map((w) => w.name));
    for (const { wallet, entry } of demo.entries) {
      expect(names.has(wallet)).toBe(true);
      expect(entry.account).toBe(wallet);
      expect(entry.externalId.startsWith(DEMO_ID_PREFIX)).toBe(true);
    }
    expect(new Set(demo.entries.map((e) => e.entry.externalId)).size).toBe(demo.entries.length);
    expect(demo.entries.length).toBeGreaterThan(100);
    expect(demo.description).toContain("Demo · Kraken");
  });

  it("spans about two years up to `now`, in time order, with every kind of row", () => {
    const times = demo.entries.map((e) => e.entry.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - (DEMO_DAYS + 1) * DAY);
    expect(Math.min(...times)).toBeLessThan(NOW.getTime() - (DEMO_DAYS - 5) * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    const kinds = new Set(demo.entries.map((e) => e.entry.kind));
    expect([...kinds].sort()).toEqual(["buy", "deposit", "income", "sell", "trade", "withdrawal"]);
    const hashes = demo.entries.filter((e) => e.entry.txHash !== null).map((e) => e.entry.txHash);
    expect(hashes.length - new Set(hashes).size).toBe(3); // three transfers between the demo wallets
  });

  it("values buys, sells and income in the reporting currency, as an export would", () => {
    for (const { entry } of demo.entries) {
      if (entry.kind === "buy" || entry.kind === "sell" || entry.kind === "income") {
        expect(entry.fiatCurrency).toBe("USD");
        expect(entry.fiatValue?.gt(0)).toBe(true);
      }
    }
  });

  it("keeps amounts and prices positive and storable (numeric(38,18))", () => {
    const ok = (d: Decimal | null) => d === null || (d.gt(0) && d.decimalPlaces() <= 18 && d.lt("1e20"));
    for (const { entry: e } of demo.entries) expect([e.sentAmount, e.receivedAmount, e.feeAmount, e.fiatValue].every(ok), e.externalId).toBe(true);
    for (const p of demo.prices) expect(ok(p.price)).toBe(true);
  });

  it("has a close for every asset on every day of the period, at midnight UTC", () => {
    const first = Math.floor(NOW.getTime() / DAY) - DEMO_DAYS;
    const byAsset = new Map<string, number[]>();
    for (const p of demo.prices) {
      expect(p.currency).toBe("USD");
      expect(p.time.getTime() % DAY).toBe(0);
      byAsset.set(p.asset, [...(byAsset.get(p.asset) ?? []), p.time.getTime() / DAY]);
    }
    expect([...byAsset.keys()].sort()).toEqual(["BTC", "ETH", "SOL", "USDC"]);
    for (const days of byAsset.values()) expect(days).toEqual(Array.from({ length: DEMO_DAYS + 1 }, (_, i) => first + i));
  });

  it("moves like a market: BTC from ~27k, no day-to-day jump over 20%", () => {
    const btc = demo.prices.filter((p) => p.asset === "BTC").map((p) => p.price);
    expect(btc[0]?.gt(20_000) && btc[0]?.lt(35_000)).toBe(true);
    for (let i = 1; i < btc.length; i++) expect((btc[i] as Decimal).div(btc[i - 1] as Decimal).minus(1).abs().lt("0.2")).toBe(true);
  });
});

const PLANTED: WarningCode[] = ["duplicate-suspect", "missing-cost-basis", "negative-balance", "unmatched-withdrawal"];

describe.each([
  { jurisdiction: "us" as JurisdictionId, currency: "USD" as DemoCurrency, now: "2026-11-20T15:00:00Z" },
  { jurisdiction: "us" as JurisdictionId, currency: "USD" as DemoCurrency, now: "2025-02-10T09:00:00Z" },
  { jurisdiction: "us" as JurisdictionId, currency: "USD" as DemoCurrency, now: "2027-01-01T06:00:00Z" },
  { jurisdiction: "uk" as JurisdictionId, currency: "GBP" as DemoCurrency, now: "2026-11-20T15:00:00Z" },
  { jurisdiction: "uk" as JurisdictionId, currency: "GBP" as DemoCurrency, now: "2024-04-07T12:00:00Z" },
  { jurisdiction: "de" as JurisdictionId, currency: "EUR" as DemoCurrency, now: "2026-11-20T15:00:00Z" },
])("the demo in the tax engine ($jurisdiction, $currency, now $now)", ({ jurisdiction, currency, now }) => {
  const at = new Date(now);
  const demo = generateDemoPortfolio({ now: at, currency });
  const entries = demo.entries.map((e) => e.entry);
  const prices = manualLookup(demo);
  const result: TaxResult = computeTax(entries, { jurisdiction, prices });
  const kraken = DEMO_WALLETS.kraken.name;

  it("warns exactly about the planted problems, once each", () => {
    expect(result.warnings.map((w) => w.code).sort()).toEqual(PLANTED);
    const by = (code: WarningCode) => result.warnings.find((w) => w.code === code);
    expect(by("unmatched-withdrawal")).toMatchObject({ asset: "ETH", account: kraken });
    expect(by("missing-cost-basis")).toMatchObject({ asset: "SOL", account: kraken });
    // The negative balance is the missing cost basis's: the same sale.
    expect(by("negative-balance")?.entries).toEqual(by("missing-cost-basis")?.entries);
    expect(by("duplicate-suspect")?.entries).toHaveLength(2);
    expect(by("duplicate-suspect")?.account).toBe(DEMO_WALLETS.coinbase.name);
  });

  it("ends with no negative balance but the planted one", () => {
    expect(result.balances.filter((b) => b.amount.isNeg()).map((b) => `${b.asset} ${b.account} ${b.amount.toFixed()}`)).toEqual([`SOL ${kraken} -3.5`]);
  });

  it("has disposals at gains and at losses, income, and rows in the current tax year", () => {
    expect(result.disposals.some((d) => d.gain.gt(0))).toBe(true);
    expect(result.disposals.some((d) => d.gain.lt(0) && d.kind === "sale")).toBe(true);
    expect(result.disposals.some((d) => d.priceMissing)).toBe(false);
    if (jurisdiction !== "uk") expect(new Set(result.disposals.filter((d) => !d.basisMissing).map((d) => d.term))).toEqual(new Set(["short", "long"]));
    expect(result.income.length).toBeGreaterThan(30);
    expect(result.income.every((i) => i.type === "staking" && !i.valueMissing)).toBe(true);
    const year = currentTaxYear(jurisdiction, at);
    expect(result.disposals.some((d) => d.taxYear === year && d.kind === "sale")).toBe(true);
  });

  it("is fully priced on the dashboard: holdings now and every day of the chart", () => {
    const v = valuePortfolio(holdingsFrom(result), prices, currency, at);
    expect(v.totals.unpricedAssets).toBe(0);
    expect(v.assets.map((a) => a.asset).sort()).toEqual(["BTC", "ETH", "SOL", "USDC"]);
    const points = valueOverTime(entries, { prices, currency, at });
    expect(points).toHaveLength(DEMO_DAYS); // from the first row (day 1 of the period) to today
    expect(points.every((p) => p.unpricedAssets === 0)).toBe(true);
    // The chart's ledger balances and the engine's open lots hold the same units today.
    expect(points[points.length - 1]?.value.toFixed(8)).toBe(v.totals.value.toFixed(8));
    for (const need of holdingPriceNeeds(entries, { currency, now: at })) expect(prices(need.asset, need.currency, need.time), `${need.asset} ${need.time.toISOString()}`).not.toBeNull();
  });
});

describe("the demo prices as a price file", () => {
  it("price every engine question too (PriceTable, the CLI's --prices)", () => {
    const demo = generateDemoPortfolio({ now: NOW, currency: "EUR" });
    const table = new PriceTable("demo");
    for (const p of demo.prices) table.add(p.asset, p.currency, p.time, p.price);
    const result = computeTax(
      demo.entries.map((e) => e.entry),
      { jurisdiction: "de", prices: table.lookup },
    );
    expect(result.warnings.filter((w) => w.code === "missing-price")).toEqual([]);
  });
});
