import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import type { LedgerEntry } from "../ledger/types";
import { ledger } from "../tax/testing";
import type { TaxSettings } from "../tax/types";
import { neededPrices } from "./needs";
import type { PriceLookup } from "./types";

const T = "2024-03-01 10:00:00";
const asked = (rows: Parameters<typeof ledger>[0], settings: TaxSettings = { jurisdiction: "us" }) =>
  neededPrices(ledger(rows), settings).map((n) => `${n.asset} ${n.currency} ${n.time.toISOString()}`);
const at = "2024-03-01T10:00:00.000Z";

describe("neededPrices: what the engine will ask the price lookup", () => {
  it.each([
    { name: "a buy with a USD side needs nothing", rows: [{ date: T, sent: "100 USD", received: "0.01 BTC" }], want: [] },
    { name: "a crypto-to-crypto trade needs the received side, then the sent side as fallback", rows: [{ date: T, sent: "1 BTC", received: "20 ETH" }], want: [`ETH USD ${at}`, `BTC USD ${at}`] },
    { name: "a trade with a Net Worth in USD needs nothing", rows: [{ date: T, sent: "1 BTC", received: "20 ETH", worth: "60000 USD" }], want: [] },
    { name: "staking income without a value needs the asset", rows: [{ date: T, received: "0.1 ETH", label: "staking" }], want: [`ETH USD ${at}`] },
    { name: "staking income with a value needs nothing", rows: [{ date: T, received: "0.1 ETH", label: "staking", worth: "300 USD" }], want: [] },
    { name: "a sale for EUR needs EUR -> USD (and the coin, if EUR has no rate)", rows: [{ date: T, sent: "1 BTC", received: "55000 EUR" }], want: [`EUR USD ${at}`, `BTC USD ${at}`] },
    { name: "a fee in a third coin needs that coin", rows: [{ date: T, sent: "100 USD", received: "0.01 BTC", fee: "0.1 BNB" }], want: [`BNB USD ${at}`] },
  ])("$name", ({ rows, want }) => {
    expect(asked(rows)).toEqual(want);
  });

  it("asks in the reporting currency of the jurisdiction", () => {
    expect(asked([{ date: T, received: "0.1 ETH", label: "staking" }], { jurisdiction: "uk" })).toEqual([`ETH GBP ${at}`]);
  });

  it("lists a withdrawal's coin: a matched transfer's lost units are a fee disposal at market value", () => {
    const rows = [
      { date: T, sent: "1 ETH", label: "", description: "out" },
      { date: "2024-03-01 10:20:00", received: "0.999 ETH" },
    ];
    const entries = ledger(rows).map((e, i) => ({ ...e, kind: i === 0 ? ("withdrawal" as const) : ("deposit" as const), account: i === 0 ? "Kraken" : "Ledger" }));
    expect(neededPrices(entries, { jurisdiction: "us" }).map((n) => `${n.asset} ${n.time.toISOString()}`)).toEqual([`ETH ${at}`]);
  });
});

const KINDS = ["trade", "buy", "sell", "deposit", "withdrawal", "income", "spend", "gift-sent", "gift-received", "lost", "fee"] as const;
const ASSETS = ["BTC", "ETH", "SOL", "USD", "EUR", "GBP"];
const d = (n: number) => new Decimal(n).div(1000);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const leg = fc.record({ asset: fc.constantFrom(...ASSETS), amount: fc.integer({ min: 0, max: 5000 }) });
const entryArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  account: fc.constantFrom("Kraken", "Ledger"),
  sent: maybe(leg),
  received: maybe(leg),
  fee: maybe(leg),
  worth: maybe(leg),
  label: fc.constantFrom(null, "staking", "gift"),
});

type EntrySpec = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

function toEntries(specs: EntrySpec[]): LedgerEntry[] {
  return specs.map((s, i) => ({
    externalId: `e${i}`,
    time: new Date(Date.UTC(2024, 2, 1) + s.minute * 60_000),
    account: s.account,
    kind: s.kind,
    sentAsset: s.sent?.asset ?? null,
    sentAmount: s.sent ? d(s.sent.amount) : null,
    receivedAsset: s.received?.asset ?? null,
    receivedAmount: s.received ? d(s.received.amount) : null,
    feeAsset: s.fee?.asset ?? null,
    feeAmount: s.fee ? d(s.fee.amount) : null,
    fiatValue: s.worth && ["USD", "EUR", "GBP"].includes(s.worth.asset) ? d(s.worth.amount) : null,
    fiatCurrency: s.worth && ["USD", "EUR", "GBP"].includes(s.worth.asset) ? s.worth.asset : null,
    label: s.label,
    description: null,
    txHash: null,
  }));
}

/** Transfers between own accounts the matcher pairs: a withdrawal and a slightly smaller deposit. */
const transferArb = fc.record({ asset: fc.constantFrom("BTC", "ETH"), minute: fc.integer({ min: 0, max: 3 * 24 * 60 }), amount: fc.integer({ min: 1000, max: 5000 }), lost: fc.integer({ min: 0, max: 5 }) });

describe("neededPrices covers every question the engine asks", () => {
  it.each([
    { jurisdiction: "us" as const, transferFee: "dispose" as const },
    { jurisdiction: "us" as const, transferFee: "non-taxable" as const },
    { jurisdiction: "uk" as const },
    { jurisdiction: "de" as const },
    { jurisdiction: "us" as const, currency: "EUR" },
  ])("$jurisdiction $currency $transferFee, over generated ledgers and any answers", (settings: TaxSettings) => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 25 }), fc.array(transferArb, { maxLength: 3 }), fc.integer(), (specs, transfers, seed) => {
        const entries = toEntries(specs);
        transfers.forEach((t, i) => {
          const time = new Date(Date.UTC(2024, 2, 1) + t.minute * 60_000);
          const base = { fiatValue: null, fiatCurrency: null, label: null, description: null, txHash: null, feeAsset: null, feeAmount: null };
          entries.push({ ...base, externalId: `w${i}`, time, account: "Kraken", kind: "withdrawal", sentAsset: t.asset, sentAmount: d(t.amount), receivedAsset: null, receivedAmount: null });
          entries.push({ ...base, externalId: `d${i}`, time: new Date(time.getTime() + 600_000), account: "Ledger", kind: "deposit", sentAsset: null, sentAmount: null, receivedAsset: t.asset, receivedAmount: d(t.amount - t.lost) });
        });
        const needs = new Set(neededPrices(entries, settings).map((n) => `${n.asset} ${n.time.getTime()}`));
        const currency = settings.currency ?? { us: "USD", uk: "GBP", de: "EUR" }[settings.jurisdiction];
        const missed: string[] = [];
        let n = seed;
        const answer: PriceLookup = (asset, cur, time) => {
          // The engine's "price in another fiat, then convert" fallback only runs when the direct
          // question failed; the real lookup routes through those fiats itself (routes.ts), so it
          // cannot succeed there either: answered null, as the real lookup would.
          if (cur !== currency) return null;
          if (!needs.has(`${asset} ${time.getTime()}`)) missed.push(`${asset} ${cur} ${time.toISOString()}`);
          n = (n * 1103515245 + 12345) | 0; // any mix of answers: each changes which fallback is asked next
          return (n >>> 16) % 3 === 0 ? null : { price: new Decimal(2), source: "test" };
        };
        computeTax(entries, { ...settings, prices: answer });
        expect(missed).toEqual([]);
      }),
      { numRuns: 150, seed: 20251125 },
    );
  });
});
