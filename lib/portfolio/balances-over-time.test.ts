import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ledgerEntry, type LedgerEntry, type TxKind } from "../ledger/types";
import { dayLabel, holdingSteps, quoteInstant } from "./balances-over-time";

let n = 0;
/** A row: "2024-03-01T10:00Z", kind, account, legs like "1 BTC". */
function row(time: string, kind: TxKind, account: string, legs: { sent?: string; received?: string; fee?: string }): LedgerEntry {
  const leg = (s: string | undefined) => (s ? { asset: s.split(" ")[1] as string, amount: new Decimal(s.split(" ")[0] as string) } : null);
  const sent = leg(legs.sent);
  const received = leg(legs.received);
  const fee = leg(legs.fee);
  return ledgerEntry({
    externalId: `r${++n}`,
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

/** Steps as "day qty" strings per asset. */
function steps(entries: LedgerEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of holdingSteps(entries).assets) out[s.asset] = s.days.map((d, k) => `${dayLabel(d)} ${(s.quantities[k] as Decimal).toFixed()}`);
  return out;
}

describe("holdingSteps: units held per asset at the end of each UTC day", () => {
  it.each([
    {
      name: "a buy adds the coin; the fiat leg and a fiat fee never count",
      rows: [row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "1000 USD", received: "0.02 BTC", fee: "2 USD" })],
      want: { BTC: ["2024-03-01 0.02"] },
    },
    {
      name: "a crypto fee leaves as well: sent + fee out, received - fee in",
      rows: [row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "1000 USD", received: "1 ETH" }), row("2024-03-02T10:00:00Z", "trade", "Kraken", { sent: "0.5 ETH", received: "20 SOL", fee: "0.01 ETH" })],
      want: { ETH: ["2024-03-01 1", "2024-03-02 0.49"], SOL: ["2024-03-02 20"] },
    },
    {
      name: "a transfer between own accounts nets out (less its network fee), even across midnight",
      rows: [
        row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "100 USD", received: "1 BTC" }),
        row("2024-03-02T23:50:00Z", "withdrawal", "Kraken", { sent: "0.5 BTC", fee: "0.0001 BTC" }),
        row("2024-03-03T00:10:00Z", "deposit", "Ledger", { received: "0.5 BTC" }),
      ],
      want: { BTC: ["2024-03-01 1", "2024-03-02 0.4999", "2024-03-03 0.9999"] },
    },
    {
      name: "rows within a day net before the day ends: no step when the total did not change",
      rows: [
        row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "100 USD", received: "1 BTC" }),
        row("2024-03-02T10:00:00Z", "withdrawal", "Kraken", { sent: "0.5 BTC" }),
        row("2024-03-02T10:30:00Z", "deposit", "Ledger", { received: "0.5 BTC" }),
      ],
      want: { BTC: ["2024-03-01 1"] },
    },
    {
      name: "a negative account balance counts as zero and does not hide another account's units",
      rows: [
        row("2024-03-01T10:00:00Z", "buy", "Ledger", { sent: "100 USD", received: "2 ETH" }),
        row("2024-03-02T10:00:00Z", "sell", "Kraken", { sent: "1 ETH", received: "3000 USD" }),
        row("2024-03-03T10:00:00Z", "income", "Kraken", { received: "0.4 ETH" }),
        row("2024-03-04T10:00:00Z", "income", "Kraken", { received: "0.7 ETH" }),
      ],
      want: { ETH: ["2024-03-01 2", "2024-03-04 2.1"] },
    },
    {
      name: "rows out of time order are sorted per asset",
      rows: [row("2024-03-05T10:00:00Z", "sell", "Kraken", { sent: "1 SOL", received: "100 USD" }), row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "100 USD", received: "3 SOL" })],
      want: { SOL: ["2024-03-01 3", "2024-03-05 2"] },
    },
    {
      name: "selling everything steps to zero; zero and negative amounts are no legs",
      rows: [
        row("2024-03-01T10:00:00Z", "buy", "Kraken", { sent: "100 USD", received: "3 SOL" }),
        row("2024-03-02T10:00:00Z", "sell", "Kraken", { sent: "3 SOL", received: "100 USD" }),
        row("2024-03-03T10:00:00Z", "income", "Kraken", { received: "0 SOL" }),
        row("2024-03-04T10:00:00Z", "income", "Kraken", { received: "-1 SOL" }),
      ],
      want: { SOL: ["2024-03-01 3", "2024-03-02 0"] },
    },
  ])("$name", ({ rows, want }) => {
    expect(steps(rows)).toEqual(want);
  });

  it("reports the first day of any entry (fiat included) and skips rows without a valid time", () => {
    const s = holdingSteps([row("2024-02-27T10:00:00Z", "deposit", "Kraken", { received: "100 USD" }), row("not a date", "buy", "Kraken", { received: "1 BTC" })]);
    expect(s.firstDay === null ? null : dayLabel(s.firstDay)).toBe("2024-02-27");
    expect(s.assets).toEqual([]);
    expect(holdingSteps([]).firstDay).toBeNull();
  });
});

describe("quoteInstant", () => {
  it.each([
    { at: "2024-03-01T10:00:00.000Z", want: "2024-03-01T09:59:59.999Z" },
    { at: "2024-03-01T10:59:59.999Z", want: "2024-03-01T09:59:59.999Z" },
    { at: "2024-03-01T00:30:00.000Z", want: "2024-02-29T23:59:59.999Z" },
  ])("$at -> $want (the end of the last closed hour)", ({ at, want }) => {
    expect(quoteInstant(new Date(at)).toISOString()).toBe(want);
  });
});
