import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ledgerEntry, type LedgerEntry, type TxKind } from "../ledger/types";
import { PriceTable, type PriceLookup } from "../pricing/types";
import type { OpenLot } from "../tax/types";
import { holdingsFrom } from "./holdings";
import { portfolioValuationJson, valueOverTime, valuePointsJson, valuePortfolio, valueRange, type ValuePoint } from "./valuation";

const lot = (asset: string, account: string, amount: string, basis: string, date: string | null, basisMissing = false): OpenLot => ({
  id: `${asset}-${account}-${date}`,
  asset,
  account,
  externalId: null,
  acquiredAt: date ? new Date(date) : null,
  amount: new Decimal(amount),
  costBasis: new Decimal(basis),
  basisMissing,
});

function table(rows: [asset: string, day: string, price: string][]): PriceTable {
  const t = new PriceTable("test prices");
  for (const [asset, day, price] of rows) t.add(asset, "USD", new Date(`${day}T00:00:00Z`), new Decimal(price));
  return t;
}

describe("valuePortfolio", () => {
  const holdings = holdingsFrom({
    openLots: [
      lot("BTC", "Kraken", "0.5", "10000", "2024-01-01T00:00:00Z"),
      lot("BTC", "Ledger", "1.5", "45000", "2024-01-09T00:00:00Z"),
      lot("ETH", "Kraken", "10", "20000", "2024-02-01T00:00:00Z"),
      lot("PEPE", "Kraken", "1000000", "50", null, true),
    ],
  });
  const prices = table([
    ["BTC", "2024-06-01", "60000"],
    ["ETH", "2024-06-01", "3000"],
  ]);
  const v = valuePortfolio(holdings, prices.lookup, "USD", new Date("2024-06-01T12:30:00Z"));

  it("values each asset and account at the price of the instant, with its source", () => {
    expect(v.pricedAt.toISOString()).toBe("2024-06-01T11:59:59.999Z");
    const btc = v.assets[0];
    expect(btc?.asset).toBe("BTC");
    expect(btc?.price?.price.toFixed()).toBe("60000");
    expect(btc?.price?.source).toBe("test prices (2024-06-01)");
    expect(btc?.marketValue?.toFixed()).toBe("120000");
    expect(btc?.unrealizedGain?.toFixed()).toBe("65000");
    expect(btc?.share?.toFixed(4)).toBe("0.8000");
    expect(btc?.averageAcquiredAt?.toISOString()).toBe("2024-01-07T00:00:00.000Z");
    expect(btc?.accounts.map((a) => [a.account, a.quantity.toFixed(), a.costBasis.toFixed(), a.marketValue?.toFixed(), a.unrealizedGain?.toFixed(), a.averageAcquiredAt?.toISOString()])).toEqual([
      ["Kraken", "0.5", "10000", "30000", "20000", "2024-01-01T00:00:00.000Z"],
      ["Ledger", "1.5", "45000", "90000", "45000", "2024-01-09T00:00:00.000Z"],
    ]);
  });

  it("leaves an unpriced asset's value unknown, not zero, and says so in the totals", () => {
    const pepe = v.assets[2];
    expect(pepe?.asset).toBe("PEPE");
    expect(pepe?.priceMissing).toBe(true);
    expect(pepe?.price).toBeNull();
    expect(pepe?.marketValue).toBeNull();
    expect(pepe?.unrealizedGain).toBeNull();
    expect(pepe?.share).toBeNull();
    expect(pepe?.accounts[0]?.marketValue).toBeNull();
    expect(pepe?.basisMissing).toBe(true);
    expect(v.assets.map((a) => a.asset)).toEqual(["BTC", "ETH", "PEPE"]);
    const t = v.totals;
    expect([t.value, t.costBasis, t.pricedCostBasis, t.unrealizedGain].map((d) => d.toFixed())).toEqual(["150000", "75050", "75000", "75000"]);
    expect(t.unpricedAssets).toBe(1);
    expect(t.basisMissingAssets).toBe(1);
  });

  it("serialises to decimal strings and ISO times", () => {
    const json = portfolioValuationJson(v);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.totals).toEqual({ value: "150000", costBasis: "75050", pricedCostBasis: "75000", unrealizedGain: "75000", unpricedAssets: 1, basisMissingAssets: 1 });
    expect(json.assets[1]).toMatchObject({ asset: "ETH", quantity: "10", price: "3000", priceSource: "test prices (2024-06-01)", marketValue: "30000", unrealizedGain: "10000", share: "0.2" });
    expect(json.assets[2]).toMatchObject({ asset: "PEPE", price: null, priceMissing: true, marketValue: null, averageAcquiredAt: null });
  });

  it("an empty portfolio is worth zero with nothing unpriced", () => {
    const e = valuePortfolio([], prices.lookup, "USD", new Date("2024-06-01T12:00:00Z"));
    expect(e.totals.value.toFixed()).toBe("0");
    expect(e.totals.unpricedAssets).toBe(0);
  });
});

let n = 0;
function row(time: string, kind: TxKind, account: string, legs: { sent?: string; received?: string; fee?: string }): LedgerEntry {
  const leg = (s: string | undefined) => (s ? { asset: s.split(" ")[1] as string, amount: new Decimal(s.split(" ")[0] as string) } : null);
  const [sent, received, fee] = [leg(legs.sent), leg(legs.received), leg(legs.fee)];
  return ledgerEntry({
    externalId: `v${++n}`,
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

const pts = (p: ValuePoint[]) => p.map((x) => `${x.day} ${x.value.toFixed()} ${x.unpricedAssets}`);

describe("valueOverTime", () => {
  const entries = [
    row("2024-03-01T09:00:00Z", "deposit", "Kraken", { received: "5000 USD" }),
    row("2024-03-02T10:00:00Z", "buy", "Kraken", { sent: "2000 USD", received: "1 ETH", fee: "5 USD" }),
    row("2024-03-03T10:00:00Z", "withdrawal", "Kraken", { sent: "0.5 ETH", fee: "0.01 ETH" }),
    row("2024-03-03T10:20:00Z", "deposit", "Ledger", { received: "0.5 ETH" }),
    row("2024-03-04T10:00:00Z", "income", "Kraken", { received: "100 NEWCOIN" }),
    row("2024-03-05T10:00:00Z", "sell", "Kraken", { sent: "2 SOL", received: "200 USD" }),
  ];
  const prices = table([
    ["ETH", "2024-03-02", "2000"],
    ["ETH", "2024-03-03", "2100"],
    ["ETH", "2024-03-05", "2200"],
    ["SOL", "2024-03-05", "100"],
  ]);

  it("values the end-of-day units at each day's price; fiat is not counted, a negative balance counts as zero, unpriced assets are counted", () => {
    expect(pts(valueOverTime(entries, { prices: prices.lookup, currency: "USD", at: new Date("2024-03-06T15:00:00Z") }))).toEqual([
      "2024-03-01 0 0",
      "2024-03-02 2000 0",
      "2024-03-03 2079 0",
      "2024-03-04 2079 1",
      "2024-03-05 2178 1",
      "2024-03-06 2178 1",
    ]);
  });

  it("starts at `from`, and prices the last day at the end of the last closed hour", () => {
    const asked: string[] = [];
    const spy: PriceLookup = (asset, currency, time) => {
      asked.push(`${asset} ${time.toISOString()}`);
      return prices.lookup(asset, currency, time);
    };
    const out = valueOverTime(entries, { prices: spy, currency: "USD", from: new Date("2024-03-04T00:00:00Z"), at: new Date("2024-03-05T15:20:00Z") });
    expect(pts(out)).toEqual(["2024-03-04 2079 1", "2024-03-05 2178 1"]);
    expect(asked).toEqual(["ETH 2024-03-04T23:59:59.999Z", "NEWCOIN 2024-03-04T23:59:59.999Z", "ETH 2024-03-05T14:59:59.999Z", "NEWCOIN 2024-03-05T14:59:59.999Z"]);
  });

  it("gives points only for the days asked (and the last), each as in the full series, asking no price for the others", () => {
    const asked: string[] = [];
    const spy: PriceLookup = (asset, currency, time) => {
      asked.push(`${asset} ${time.toISOString().slice(0, 10)}`);
      return prices.lookup(asset, currency, time);
    };
    const at = new Date("2024-03-06T15:00:00Z");
    const all = pts(valueOverTime(entries, { prices: prices.lookup, currency: "USD", at }));
    const even = pts(valueOverTime(entries, { prices: spy, currency: "USD", at, days: (day) => day % 2 === 0 }));
    expect(even).toEqual(all.filter((p) => Math.floor(Date.parse(`${p.slice(0, 10)}T00:00:00Z`) / 86_400_000) % 2 === 0 || p.startsWith("2024-03-06")));
    expect(even.length).toBeLessThan(all.length);
    expect(asked.every((a) => even.some((p) => p.startsWith(a.slice(-10))))).toBe(true);
  });

  it("is empty for an empty ledger or a start after the end", () => {
    expect(valueOverTime([], { prices: prices.lookup, currency: "USD", at: new Date("2024-03-06T00:00:00Z") })).toEqual([]);
    expect(valueOverTime(entries, { prices: prices.lookup, currency: "USD", from: new Date("2024-04-01"), at: new Date("2024-03-06T00:00:00Z") })).toEqual([]);
  });

  it("serialises points with decimal strings", () => {
    const out = valuePointsJson(valueOverTime(entries, { prices: prices.lookup, currency: "USD", at: new Date("2024-03-03T15:00:00Z") }));
    expect(out).toEqual([
      { day: "2024-03-01", value: "0", unpricedAssets: 0 },
      { day: "2024-03-02", value: "2000", unpricedAssets: 0 },
      { day: "2024-03-03", value: "2079", unpricedAssets: 0 },
    ]);
  });
});

describe("valueRange", () => {
  const daily = (from: string, days: number) => Array.from({ length: days }, (_, i) => ({ day: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10) }));

  it.each([
    { range: "1M" as const, last: "2024-03-31", first: "2024-02-29" },
    { range: "1M" as const, last: "2024-03-15", first: "2024-02-15" },
    { range: "1Y" as const, last: "2024-02-29", first: "2023-02-28" },
    { range: "1Y" as const, last: "2024-03-15", first: "2023-03-15" },
  ])("$range up to $last starts on $first", ({ range, last, first }) => {
    const all = daily("2020-01-01", 5000).filter((p) => p.day <= last);
    const out = valueRange(all, range);
    expect(out[0]?.day).toBe(first);
    expect(out[out.length - 1]?.day).toBe(last);
    expect(out.length).toBe(all.length - all.findIndex((p) => p.day === first));
  });

  it("keeps a series shorter than the range as it is", () => {
    const all = daily("2024-03-10", 6);
    expect(valueRange(all, "1M")).toEqual(all);
    expect(valueRange(all, "All")).toEqual(all);
    expect(valueRange([], "All")).toEqual([]);
  });

  it.each([801, 1826, 5000, 1600])("All keeps at most 800 of %i days: every k-th day back from the last, plus the first", (days) => {
    const all = daily("2019-01-01", days);
    const out = valueRange(all, "All");
    expect(out.length).toBeLessThanOrEqual(800);
    expect(out.length).toBeGreaterThan(390);
    expect(out[0]).toBe(all[0]);
    expect(out[out.length - 1]).toBe(all[days - 1]);
    const idx = out.map((p) => all.indexOf(p));
    const gaps = new Set(idx.slice(2).map((x, i) => x - (idx[i + 1] as number)));
    expect(gaps.size).toBe(1);
  });
});

// Its speed is measured by `npm run bench -- dashboard` (the valuation phase of every recompute), not here.
describe("valueOverTime at scale", () => {
  it("values 100,000 entries of 50 assets over 5 years: a point a day, every asset priced", () => {
    const assets = Array.from({ length: 50 }, (_, i) => `C${i}`);
    const days = 5 * 365;
    const start = Date.parse("2020-01-01T00:00:00Z");
    const prices = new PriceTable();
    for (const a of assets) for (let d = 0; d <= days; d++) prices.add(a, "USD", new Date(start + d * 86_400_000), new Decimal(`${100 + ((d * 7 + a.length) % 13)}.25`));
    const entries: LedgerEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      const a = assets[i % 50] as string;
      const time = new Date(start + Math.floor((i / 100_000) * days * 86_400_000));
      const buy = i % 3 !== 2;
      entries.push(
        ledgerEntry({
          externalId: `p${i}`,
          time,
          account: i % 2 ? "Kraken" : "Ledger",
          kind: buy ? "buy" : "sell",
          sentAsset: buy ? "USD" : a,
          sentAmount: buy ? new Decimal(100) : new Decimal("0.5"),
          receivedAsset: buy ? a : "USD",
          receivedAmount: buy ? new Decimal("1.25") : new Decimal(100),
        }),
      );
    }
    const out = valueOverTime(entries, { prices: prices.lookup, currency: "USD", at: new Date(start + days * 86_400_000 + 3_600_000 * 5) });
    expect(out.length).toBe(days + 1);
    expect(out[out.length - 1]?.unpricedAssets).toBe(0);
    expect(out[out.length - 1]?.value.gt(0)).toBe(true);
  }, 60_000);
});
