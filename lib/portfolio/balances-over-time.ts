import type Decimal from "decimal.js";
import { isFiat, type LedgerEntry } from "../ledger/types";
import { DAY_MS, dayOf, HOUR_MS } from "../pricing/candle-store";
import { compare, isPositive, QZERO } from "../tax/decimal";

/**
 * What the user held of each crypto asset at the end of each UTC day, read from the ledger alone
 * (no transfer matching, no lots): the shared core of the value-over-time chart (valuation.ts) and
 * of the prices it needs (lib/pricing/holding-needs.ts), so both walk the very same days.
 *
 * Per row: the received coin counts +, the sent coin -, a crypto fee - (the engine's units: a fee in
 * the coin sent leaves with it, a fee in the coin received reduces what arrives). Fiat never counts.
 * A transfer between own accounts has both legs in the ledger, so it nets out (less its network
 * fee). Balances are kept per asset and account; a negative one (an acquisition missing from the
 * ledger) counts as zero in the asset's total, so it cannot hide what another account holds.
 *
 * The result is a step function per asset: one step per day on which the total changed. Building it
 * is one pass over the entries plus one sort per asset when rows are out of time order.
 */

/** One asset's end-of-day holdings: `quantities[k]` is held from the end of `days[k]` until the next step. */
export interface AssetSteps {
  asset: string;
  /** UTC day numbers (days since 1970-01-01), ascending: the days on which the total changed. */
  days: number[];
  /** Units held at the end of `days[k]`: per account, a negative balance counts as zero. */
  quantities: Decimal[];
}

export interface HoldingSteps {
  /** Crypto assets the ledger ever moved, ordered by code. */
  assets: AssetSteps[];
  /** UTC day of the earliest entry with a valid time (fiat rows included); null for an empty ledger. */
  firstDay: number | null;
}

/** Legs of one asset, in ledger order: parallel arrays, so a 100,000-row ledger allocates no object per leg. */
interface Legs {
  asset: string;
  accounts: Map<string, number>;
  days: number[];
  holders: number[];
  amounts: Decimal[];
  /** 1 for units in, -1 for units out. */
  signs: number[];
  sorted: boolean;
}

export function holdingSteps(entries: readonly LedgerEntry[]): HoldingSteps {
  const byAsset = new Map<string, Legs>();
  const fiatCache = new Map<string, boolean>();
  const fiat = (a: string) => {
    let v = fiatCache.get(a);
    if (v === undefined) fiatCache.set(a, (v = isFiat(a)));
    return v;
  };
  let firstDay: number | null = null;
  const leg = (asset: string, account: string, day: number, amount: Decimal, sign: number) => {
    let l = byAsset.get(asset);
    if (!l) byAsset.set(asset, (l = { asset, accounts: new Map(), days: [], holders: [], amounts: [], signs: [], sorted: true }));
    let h = l.accounts.get(account);
    if (h === undefined) l.accounts.set(account, (h = l.accounts.size));
    const last = l.days[l.days.length - 1];
    if (last !== undefined && day < last) l.sorted = false;
    l.days.push(day);
    l.holders.push(h);
    l.amounts.push(amount);
    l.signs.push(sign);
  };

  for (const e of entries) {
    const ms = e.time.getTime();
    if (!Number.isFinite(ms)) continue;
    const day = dayOf(ms);
    if (firstDay === null || day < firstDay) firstDay = day;
    if (e.receivedAsset !== null && isPositive(e.receivedAmount) && !fiat(e.receivedAsset)) leg(e.receivedAsset, e.account, day, e.receivedAmount, 1);
    if (e.sentAsset !== null && isPositive(e.sentAmount) && !fiat(e.sentAsset)) leg(e.sentAsset, e.account, day, e.sentAmount, -1);
    if (e.feeAsset !== null && isPositive(e.feeAmount) && !fiat(e.feeAsset)) leg(e.feeAsset, e.account, day, e.feeAmount, -1);
  }

  const assets: AssetSteps[] = [];
  for (const l of [...byAsset.values()].sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0))) assets.push(stepsOf(l));
  return { assets, firstDay };
}

function stepsOf(l: Legs): AssetSteps {
  const n = l.days.length;
  let order: ArrayLike<number> | null = null;
  if (!l.sorted) {
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    order = idx.sort((a, b) => (l.days[a] as number) - (l.days[b] as number) || a - b);
  }
  const holders = l.accounts.size;
  // Quantities are only added and subtracted: 60-digit sums (QZERO's constructor) stay exact.
  const balance: Decimal[] = new Array<Decimal>(holders).fill(QZERO);
  const counted: Decimal[] = new Array<Decimal>(holders).fill(QZERO); // max(balance, 0), as in `total`
  const touchedAt = new Int32Array(holders).fill(-1);
  const legsToday = new Int32Array(holders); // legs of the holder on the current day
  const lastLeg = new Int32Array(holders); // index of its last leg that day
  const before: Decimal[] = new Array<Decimal>(holders).fill(QZERO); // balance at the start of the day
  const touched: number[] = [];
  let total: Decimal = QZERO;
  const out: AssetSteps = { asset: l.asset, days: [], quantities: [] };

  let k = 0;
  while (k < n) {
    const i0 = order ? (order[k] as number) : k;
    const day = l.days[i0] as number;
    touched.length = 0;
    for (; k < n; k++) {
      const i = order ? (order[k] as number) : k;
      if (l.days[i] !== day) break;
      const h = l.holders[i] as number;
      const a = l.amounts[i] as Decimal;
      if (touchedAt[h] !== day) {
        touchedAt[h] = day;
        touched.push(h);
        legsToday[h] = 0;
        before[h] = balance[h] as Decimal;
      }
      legsToday[h] = (legsToday[h] as number) + 1;
      lastLeg[h] = i;
      balance[h] = l.signs[i] === 1 ? (balance[h] as Decimal).plus(a) : (balance[h] as Decimal).minus(a);
    }
    let changed = false;
    for (const h of touched) {
      const b = balance[h] as Decimal;
      const was = before[h] as Decimal;
      // The common case, one leg and no negative balance on either side: the total moves by that leg.
      if (legsToday[h] === 1 && !b.isNeg() && !was.isNeg()) {
        const i = lastLeg[h] as number;
        const a = l.amounts[i] as Decimal;
        total = l.signs[i] === 1 ? total.plus(a) : total.minus(a);
        counted[h] = b;
        changed = true;
        continue;
      }
      const now = b.isNeg() ? QZERO : b;
      const prev = counted[h] as Decimal;
      if (compare(now, prev) === 0) continue;
      total = total.minus(prev).plus(now);
      counted[h] = now;
      changed = true;
    }
    const last = out.quantities[out.quantities.length - 1];
    if (changed && (last === undefined ? !total.isZero() : compare(total, last) !== 0)) {
      out.days.push(day);
      out.quantities.push(total);
    }
  }
  return out;
}

/** Start (inclusive) of UTC day `day`, and its last millisecond. */
export const dayStartMs = (day: number): number => day * DAY_MS;
export const dayEndMs = (day: number): number => (day + 1) * DAY_MS - 1;

/**
 * The instant to price "now" at: the last millisecond of the last hour that closed at or before
 * `at` (10:00:00.000 and 10:59:59.999 both give 09:59:59.999). A running candle has no close yet, and the warm-up never fetches
 * one (lib/pricing/warm.ts), so a lookup at `at` itself would find no market price; one hour old at
 * most is the freshest closed price. Manual and demo prices (one per day) are found as well, except
 * in the first hour of a UTC day, which is priced at the end of the day before.
 */
export function quoteInstant(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS - 1);
}

/** "2024-03-01" for a UTC day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export { DAY_MS, dayOf };
