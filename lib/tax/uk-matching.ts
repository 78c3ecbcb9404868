import type Decimal from "decimal.js";
import { dayIso } from "./calendar";
import { add, compare, div, money, mul, QZERO, sub, ZERO } from "./decimal";
import { pricesOf, type Acquisition, type DisposalEvent, type EventSink, type MoveEvent, type RemovalEvent } from "./events";
import type { Jurisdiction } from "./jurisdictions";
import type { ConsumedLot, DisposalKind, DisposalLine, OpenLot, RemovalLine, UkRule } from "./types";
import type { Warnings } from "./warnings";

/**
 * HMRC share matching for cryptoassets, per token (TCGA 1992 ss.104-106A; CRYPTO22200; tax-rules
 * notes 2.2), on UK calendar days:
 * 1. Same day: all of a token's acquisitions on a day are one acquisition and all its disposals
 *    that day one disposal; they are matched first (s.105(1); CRYPTO22252, CRYPTO22254).
 * 2. Next 30 days: what is left of a disposal is matched with acquisitions in the 30 days after
 *    it, earliest acquisition first; an acquisition serves earlier disposals first (s.106A;
 *    CRYPTO22253, CRYPTO22255, CRYPTO22256). All same-day matches are made before any 30-day
 *    match, so an acquisition serves its own day's disposal first.
 * 3. Section 104 pool: everything else, at the pool's average cost (s.104; CRYPTO22251). Unmatched
 *    parts of acquisitions join the pool on their day (CRYPTO22252).
 * Moves between own wallets are not disposals (one pool per token, whichever wallet holds it).
 * Proceeds are gross; fees in money are allowable costs (s.38; CRYPTO22150), so they are in
 * `costBasis` rather than netted off proceeds. A result is final only 30 days after the disposal.
 */

interface AcqDay {
  day: number;
  items: Acquisition[];
  qty: Decimal;
  cost: Decimal;
  remQty: Decimal;
  remCost: Decimal;
}

interface Match {
  rule: UkRule | "missing";
  qty: Decimal;
  cost: Decimal;
  acq: AcqDay | null;
  pool?: DisposalLine["pool"];
}

interface DispDay {
  day: number;
  items: DisposalEvent[];
  qty: Decimal;
  proceeds: Decimal;
  sellingCosts: Decimal;
  rem: Decimal;
  matches: Match[];
  /** The s104 pool around this day's disposal, shown on every line (CRYPTO22200 computations list it after each event). */
  pool?: NonNullable<DisposalLine["pool"]>;
}

interface AssetEvents {
  acqs: Acquisition[];
  disps: DisposalEvent[];
  rems: RemovalEvent[];
}

export class UkMatcher implements EventSink {
  readonly lines: DisposalLine[] = [];
  readonly removals: RemovalLine[] = [];
  private readonly pools: OpenLot[] = [];
  private readonly byAsset = new Map<string, AssetEvents>();

  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly warnings: Warnings,
  ) {}

  private events(asset: string): AssetEvents {
    let e = this.byAsset.get(asset);
    if (!e) this.byAsset.set(asset, (e = { acqs: [], disps: [], rems: [] }));
    return e;
  }

  advance(): void {}

  acquire(a: Acquisition): void {
    this.events(a.holder.asset).acqs.push(a);
  }

  dispose(d: DisposalEvent): void {
    if (!d.amount.isZero()) this.events(d.holder.asset).disps.push(d);
  }

  remove(r: RemovalEvent): void {
    if (!r.amount.isZero()) this.events(r.holder.asset).rems.push(r);
  }

  move(_m: MoveEvent): void {}

  openLots(): OpenLot[] {
    return this.pools;
  }

  finish(): void {
    const assets = [...this.byAsset.keys()].sort();
    for (const asset of assets) this.matchAsset(asset, this.byAsset.get(asset) as AssetEvents);
  }

  private matchAsset(asset: string, ev: AssetEvents): void {
    const acqDays = new Map<number, AcqDay>();
    for (const a of ev.acqs) {
      let d = acqDays.get(a.day);
      if (!d) acqDays.set(a.day, (d = { day: a.day, items: [], qty: QZERO, cost: ZERO, remQty: QZERO, remCost: ZERO }));
      d.items.push(a);
      d.qty = add(d.qty, a.amount);
      d.cost = add(d.cost, a.cost);
    }
    for (const d of acqDays.values()) {
      d.remQty = d.qty;
      d.remCost = d.cost;
    }
    const dispDays = new Map<number, DispDay>();
    for (const x of ev.disps) {
      let d = dispDays.get(x.day);
      if (!d) dispDays.set(x.day, (d = { day: x.day, items: [], qty: QZERO, proceeds: ZERO, sellingCosts: ZERO, rem: QZERO, matches: [] }));
      d.items.push(x);
      d.qty = add(d.qty, x.amount);
      d.proceeds = add(d.proceeds, x.proceeds);
      if (x.sellingCosts !== null) d.sellingCosts = add(d.sellingCosts, x.sellingCosts);
    }
    for (const d of dispDays.values()) d.rem = d.qty;
    const acqSorted = [...acqDays.values()].sort((a, b) => a.day - b.day);
    const dispSorted = [...dispDays.values()].sort((a, b) => a.day - b.day);

    const takeFromDay = (acq: AcqDay, q: Decimal): Decimal => {
      if (compare(q, acq.remQty) === 0) {
        const cost = acq.remCost;
        acq.remQty = QZERO;
        acq.remCost = ZERO;
        return cost;
      }
      const cost = div(mul(money(acq.remCost), q), acq.remQty);
      acq.remQty = sub(acq.remQty, q);
      acq.remCost = sub(acq.remCost, cost);
      return cost;
    };

    // 1. Same day.
    for (const d of dispSorted) {
      const acq = acqDays.get(d.day);
      if (!acq || acq.remQty.isZero()) continue;
      const q = compare(d.rem, acq.remQty) < 0 ? d.rem : acq.remQty;
      d.matches.push({ rule: "same-day", qty: q, cost: takeFromDay(acq, q), acq });
      d.rem = sub(d.rem, q);
    }
    // 2. The next 30 days, earliest acquisition first, earlier disposals first.
    for (const d of dispSorted) {
      if (d.rem.isZero()) continue;
      let lo = 0;
      let hi = acqSorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((acqSorted[mid] as AcqDay).day <= d.day) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < acqSorted.length && !d.rem.isZero(); k++) {
        const acq = acqSorted[k] as AcqDay;
        if (acq.day > d.day + 30) break;
        if (acq.remQty.isZero()) continue;
        const q = compare(d.rem, acq.remQty) < 0 ? d.rem : acq.remQty;
        d.matches.push({ rule: "30-day", qty: q, cost: takeFromDay(acq, q), acq });
        d.rem = sub(d.rem, q);
      }
    }
    // 3. Section 104 pool, day by day: that day's unmatched acquisitions join, then removals and
    //    disposals leave at the pool's average cost.
    const remsByDay = new Map<number, RemovalEvent[]>();
    for (const r of ev.rems) {
      const list = remsByDay.get(r.day);
      if (list) list.push(r);
      else remsByDay.set(r.day, [r]);
    }
    const days = [...new Set([...acqDays.keys(), ...dispDays.keys(), ...remsByDay.keys()])].sort((a, b) => a - b);
    let poolQty = QZERO;
    let poolCost = ZERO;
    const takeFromPool = (q: Decimal): { qty: Decimal; cost: Decimal } => {
      if (poolQty.isZero()) return { qty: QZERO, cost: ZERO };
      if (compare(q, poolQty) >= 0) {
        const out = { qty: poolQty, cost: poolCost };
        poolQty = QZERO;
        poolCost = ZERO;
        return out;
      }
      const cost = div(mul(money(poolCost), q), poolQty);
      poolQty = sub(poolQty, q);
      poolCost = sub(poolCost, cost);
      return { qty: q, cost };
    };
    const poolId = `s104:${asset}`;
    for (const day of days) {
      const acq = acqDays.get(day);
      if (acq && !acq.remQty.isZero()) {
        poolQty = add(poolQty, acq.remQty);
        poolCost = add(poolCost, acq.remCost);
      }
      for (const r of remsByDay.get(day) ?? []) {
        const got = takeFromPool(r.amount);
        const short = sub(r.amount, got.qty);
        if (!short.isZero() && r.reason !== "unmatched-withdrawal") this.warnShortfall(asset, short, r.amount, [r.entry], r.holder.account, r.at);
        this.removals.push({
          id: r.id,
          reason: r.reason,
          asset,
          amount: r.amount,
          account: r.holder.account,
          at: r.at,
          lots: got.qty.isZero() ? [] : [{ id: poolId, externalId: null, account: null, acquiredAt: null, amount: got.qty, costBasis: got.cost, basisMissing: false }],
          taxYear: this.jurisdiction.taxYearOf(day),
        });
      }
      const d = dispDays.get(day);
      // Matched wholly by the same-day or 30-day rule: the pool is untouched, but still reported.
      if (d && d.rem.isZero()) d.pool = { quantityBefore: poolQty, costBefore: poolCost, quantityAfter: poolQty, costAfter: poolCost };
      if (d && !d.rem.isZero()) {
        const quantityBefore = poolQty;
        const costBefore = poolCost;
        const got = takeFromPool(d.rem);
        if (!got.qty.isZero()) d.matches.push({ rule: "s104", qty: got.qty, cost: got.cost, acq: null, pool: { quantityBefore, costBefore, quantityAfter: poolQty, costAfter: poolCost } });
        const short = sub(d.rem, got.qty);
        if (!short.isZero()) {
          d.matches.push({ rule: "missing", qty: short, cost: ZERO, acq: null });
          this.warnShortfall(asset, short, d.qty, d.items.map((x) => x.entry), accountsOf(d.items), d.items[0]?.at ?? null);
        }
        d.rem = QZERO;
        d.pool = { quantityBefore, costBefore, quantityAfter: poolQty, costAfter: poolCost };
      }
    }
    if (!poolQty.isZero() || !poolCost.isZero()) {
      this.pools.push({ id: poolId, asset, account: "*", externalId: null, acquiredAt: null, amount: poolQty, costBasis: poolCost, basisMissing: false });
    }
    for (const d of dispSorted) this.emitLines(asset, d);
  }

  private warnShortfall(asset: string, short: Decimal, total: Decimal, entries: string[], account: string, at: Date | null): void {
    this.warnings.add(
      "missing-cost-basis",
      `no ${asset} left to match ${short.toFixed()} of the ${total.toFixed()} disposed of (same day, 30 days and the s104 pool are empty): allowable cost counted as zero; import the missing acquisitions`,
      entries,
      asset,
      account,
      at,
    );
  }

  private emitLines(asset: string, d: DispDay): void {
    const first = d.items[0] as DisposalEvent;
    const disposalId = `uk:${asset}:${dayIso(d.day)}`;
    const entries = d.items.map((x) => x.entry);
    const kinds = new Set(d.items.map((x) => x.kind));
    const kind: DisposalKind = kinds.size === 1 ? first.kind : "sale";
    const prices = d.items.length === 1 ? pricesOf(first) : d.items.flatMap((x) => pricesOf(x));
    const priceMissing = d.items.some((x) => x.priceMissing);
    const taxYear = this.jurisdiction.taxYearOf(d.day);
    const n = d.matches.length;
    let proceedsLeft = d.proceeds;
    let costsLeft = d.sellingCosts;
    d.matches.forEach((m, k) => {
      const last = k === n - 1;
      const proceeds = last ? proceedsLeft : div(mul(money(d.proceeds), m.qty), d.qty);
      const selling = last ? costsLeft : d.sellingCosts.isZero() ? ZERO : div(mul(money(d.sellingCosts), m.qty), d.qty);
      proceedsLeft = sub(proceedsLeft, proceeds);
      costsLeft = sub(costsLeft, selling);
      const costBasis = add(m.cost, selling);
      const line: DisposalLine = {
        disposalId,
        entries,
        kind,
        asset,
        amount: m.qty,
        account: accountsOf(d.items),
        acquiredAt: m.acq ? (m.acq.items[0] as Acquisition).entry.time : null,
        disposedAt: first.at,
        proceeds,
        costBasis,
        gain: sub(proceeds, costBasis),
        term: null,
        rule: m.rule === "missing" ? "s104" : m.rule,
        lots: m.acq ? dayShares(m.acq, m.qty, m.cost) : m.rule === "s104" ? [{ id: `s104:${asset}`, externalId: null, account: null, acquiredAt: null, amount: m.qty, costBasis: m.cost, basisMissing: false }] : [],
        prices,
        basisMissing: m.rule === "missing" || (m.acq !== null && m.acq.items.some((a) => a.costMissing)),
        priceMissing,
        taxYear,
      };
      const pool = m.pool ?? d.pool;
      if (pool) line.pool = pool;
      this.lines.push(line);
    });
  }
}

function accountsOf(items: readonly { holder: { account: string } }[]): string {
  return [...new Set(items.map((x) => x.holder.account))].sort().join(", ");
}

/** The acquisitions of one day behind a match, each with its share of the matched units and cost. */
function dayShares(acq: AcqDay, qty: Decimal, cost: Decimal): ConsumedLot[] {
  const whole = compare(qty, acq.qty) === 0;
  let qtyLeft = qty;
  let costLeft = cost;
  return acq.items.map((a, k) => {
    const last = k === acq.items.length - 1;
    const amount = whole ? a.amount : last ? qtyLeft : div(mul(a.amount, qty), acq.qty);
    const share = last ? costLeft : whole ? a.cost : div(mul(money(a.cost), qty), acq.qty);
    qtyLeft = sub(qtyLeft, amount);
    costLeft = sub(costLeft, share);
    return { id: a.entry.externalId, externalId: a.entry.externalId, account: a.entry.account, acquiredAt: a.entry.time, amount, costBasis: share, basisMissing: a.costMissing };
  });
}
