import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTax } from "./engine";
import { resultJsonText } from "./result-json";
import { ledger, type RowSpec } from "./testing";
import type { TaxSettings } from "./types";

/**
 * Properties over generated ledgers (fast-check):
 * 1. Conservation: for every asset, units acquired = units disposed (sales, trades, fees, removals)
 *    + units still held in lots. Exact decimal equality: quantities are never rounded.
 * 2. Independence: reordering rows that share no asset and no account changes nothing, byte for
 *    byte, in the JSON the CLI prints.
 */

const SETTINGS: TaxSettings[] = [
  { jurisdiction: "us", method: "fifo" },
  { jurisdiction: "us", method: "lifo" },
  { jurisdiction: "us", method: "hifo" },
  { jurisdiction: "de" },
  { jurisdiction: "uk" },
];

const units = (n: number): string => new Decimal(n).div(1e8).toFixed();
const stamp = (minutes: number): string => new Date(Date.UTC(2023, 0, 1) + minutes * 60_000).toISOString().replace("T", " ").slice(0, 19);

type Op =
  | { t: "buy"; asset: number; account: number; n: number; usd: number }
  | { t: "sell"; asset: number; account: number; share: number; usd: number }
  | { t: "trade"; asset: number; to: number; account: number; share: number; n: number; usd: number }
  | { t: "income"; asset: number; account: number; n: number; usd: number }
  | { t: "move"; asset: number; account: number; share: number; fee: number }
  | { t: "lost"; asset: number; account: number; share: number };

const ASSETS = ["BTC", "ETH", "SOL"];
const ACCOUNTS = ["Kraken", "Ledger"];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("buy" as const), asset: fc.nat(2), account: fc.nat(1), n: fc.integer({ min: 1, max: 5e9 }), usd: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ t: fc.constant("sell" as const), asset: fc.nat(2), account: fc.nat(1), share: fc.integer({ min: 1, max: 100 }), usd: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ t: fc.constant("trade" as const), asset: fc.nat(2), to: fc.nat(2), account: fc.nat(1), share: fc.integer({ min: 1, max: 100 }), n: fc.integer({ min: 1, max: 5e9 }), usd: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ t: fc.constant("income" as const), asset: fc.nat(2), account: fc.nat(1), n: fc.integer({ min: 1, max: 1e8 }), usd: fc.integer({ min: 0, max: 1e4 }) }),
  fc.record({ t: fc.constant("move" as const), asset: fc.nat(2), account: fc.nat(1), share: fc.integer({ min: 1, max: 100 }), fee: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ t: fc.constant("lost" as const), asset: fc.nat(2), account: fc.nat(1), share: fc.integer({ min: 1, max: 100 }) }),
);

/** Builds rows that never dispose of more than is held, and the units acquired per asset. */
function build(ops: Op[]): { rows: RowSpec[]; acquired: Map<string, bigint> } {
  const held = ASSETS.map(() => ACCOUNTS.map(() => 0n));
  const acquired = new Map<string, bigint>(ASSETS.map((a) => [a, 0n]));
  const rows: RowSpec[] = [];
  let minute = 0;
  const add = (asset: number, n: bigint) => acquired.set(ASSETS[asset] as string, (acquired.get(ASSETS[asset] as string) ?? 0n) + n);
  for (const o of ops) {
    minute += 7;
    const account = ACCOUNTS[o.account] as string;
    const asset = ASSETS[o.asset] as string;
    const h = held[o.asset] as bigint[];
    const have = h[o.account] as bigint;
    const date = stamp(minute);
    if (o.t === "buy" || o.t === "income") {
      h[o.account] = have + BigInt(o.n);
      add(o.asset, BigInt(o.n));
      rows.push(o.t === "buy" ? { date, sent: `${o.usd} USD`, received: `${units(o.n)} ${asset}`, account } : { date, received: `${units(o.n)} ${asset}`, worth: `${o.usd} USD`, label: "staking", account });
      continue;
    }
    const part = (have * BigInt(o.share)) / 100n;
    if (part === 0n) continue;
    if (o.t === "sell") rows.push({ date, sent: `${units(Number(part))} ${asset}`, received: `${o.usd} USD`, account });
    else if (o.t === "lost") rows.push({ date, sent: `${units(Number(part))} ${asset}`, label: "lost", account });
    else if (o.t === "trade") {
      if (o.to === o.asset) continue;
      rows.push({ date, sent: `${units(Number(part))} ${asset}`, received: `${units(o.n)} ${ASSETS[o.to]}`, worth: `${o.usd} USD`, account });
      (held[o.to] as bigint[])[o.account] = ((held[o.to] as bigint[])[o.account] as bigint) + BigInt(o.n);
      add(o.to, BigInt(o.n));
    } else {
      const fee = BigInt(Math.min(o.fee, Number(part) - 1));
      if (part - fee <= 0n) continue;
      const hash = `0x${minute.toString(16)}`;
      const other = 1 - o.account;
      rows.push({ date, sent: `${units(Number(part - fee))} ${asset}`, fee: fee > 0n ? `${units(Number(fee))} ${asset}` : undefined, hash, account });
      rows.push({ date: stamp(minute + 3), received: `${units(Number(part - fee))} ${asset}`, hash, account: ACCOUNTS[other] });
      (held[o.asset] as bigint[])[other] = ((held[o.asset] as bigint[])[other] as bigint) + part - fee;
    }
    h[o.account] = have - part;
  }
  return { rows, acquired };
}

describe("conservation: acquired = disposed + held, per asset", () => {
  it.each(SETTINGS.map((s) => ({ ...s, label: `${s.jurisdiction} ${s.method ?? ""}` })))("$label", (settings) => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const { rows, acquired } = build(ops);
        if (rows.length === 0) return;
        const prices = () => ({ price: new Decimal("123.45"), source: "test" });
        const r = computeTax(ledger(rows), { ...settings, currency: "USD", prices });
        expect(r.warnings.filter((w) => w.code === "missing-cost-basis" || w.code === "negative-balance")).toEqual([]);
        for (const asset of ASSETS) {
          const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
          const disposed = sum(r.disposals.filter((d) => d.asset === asset).map((d) => d.amount));
          const removed = sum(r.removals.filter((d) => d.asset === asset).map((d) => d.amount));
          const held = sum(r.openLots.filter((l) => l.asset === asset).map((l) => l.amount));
          const balance = sum(r.balances.filter((b) => b.asset === asset).map((b) => b.amount));
          const want = new Decimal((acquired.get(asset) ?? 0n).toString()).div(1e8);
          expect(disposed.plus(removed).plus(held).toFixed()).toBe(want.toFixed());
          expect(balance.toFixed()).toBe(held.toFixed());
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("independence: reordering rows that share no asset or account changes nothing", () => {
  // Each group trades its own token in its own account; groups may share instants.
  const group = fc.array(
    fc.record({ gap: fc.nat(3), buy: fc.boolean(), n: fc.integer({ min: 1, max: 1e9 }), usd: fc.integer({ min: 1, max: 1e5 }), share: fc.integer({ min: 1, max: 100 }) }),
    { minLength: 1, maxLength: 8 },
  );
  const groupRows = (g: number, steps: { gap: number; buy: boolean; n: number; usd: number; share: number }[]): RowSpec[] => {
    let minute = 0;
    let held = 0;
    const out: RowSpec[] = [];
    for (const s of steps) {
      minute += s.gap;
      const account = `Wallet${g}`;
      if (s.buy || held === 0) {
        held += s.n;
        out.push({ date: stamp(minute), sent: `${s.usd} USD`, received: `${units(s.n)} TOK${g}`, account });
      } else {
        const part = Math.max(1, Math.floor((held * s.share) / 100));
        held -= part;
        out.push({ date: stamp(minute), sent: `${units(part)} TOK${g}`, received: `${s.usd} USD`, account });
      }
    }
    return out;
  };

  it.each(SETTINGS.map((s) => ({ ...s, label: `${s.jurisdiction} ${s.method ?? ""}` })))("$label", (settings) => {
    fc.assert(
      fc.property(fc.array(group, { minLength: 2, maxLength: 4 }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (groups, picks) => {
        const perGroup = groups.map((steps, g) => groupRows(g, steps));
        const inOrder = perGroup.flat();
        // A random merge that keeps each group's own order.
        const queues = perGroup.map((rows) => [...rows]);
        const merged: RowSpec[] = [];
        let k = 0;
        while (queues.some((q) => q.length > 0)) {
          const open = queues.filter((q) => q.length > 0);
          const q = open[(picks[k++ % picks.length] ?? 0) % open.length] as RowSpec[];
          merged.push(q.shift() as RowSpec);
        }
        const a = resultJsonText(computeTax(ledger(inOrder), settings));
        const b = resultJsonText(computeTax(ledger(merged), settings));
        expect(b).toBe(a);
      }),
      { numRuns: 60 },
    );
  });
});
