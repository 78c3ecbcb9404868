import type Decimal from "decimal.js";
import { add, D, dec, isZero, money, pow10n, Q, sub, ZERO } from "./decimal";
import { decimalPlaces, fromBig, MONEY_SCALE, moneyToBig, mulDivHalfEven, toBig } from "./fixed";
import type { Acquisition, DisposalEvent, EventSink, MoveEvent, RemovalEvent } from "./events";
import type { AssetBook, Holder, Holdings } from "./holdings";
import { BucketSums, type TermBuckets } from "./jurisdictions/buckets";
import type { Jurisdiction } from "./jurisdictions";
import { acquiredBefore, lotPart, type Lot } from "./lots";
import type { LotMethod, LotPool } from "./methods";
import { LineStore, LotLine } from "./lot-line";
import type { BasisAllocation, ConsumedLot, DisposalLine, LotPick, LotScope, MethodId, OpenLot, RemovalLine, Term } from "./types";
import type { LedgerEntry } from "../ledger/types";
import type { Warnings } from "./warnings";

/**
 * Lot accounting for jurisdictions that identify units (US, DE).
 *
 * Scope (tax-rules notes 1.3): before 1 Jan 2025 a US disposal may use any account's lots, so
 * each asset has one pool; a transfer only relabels the lots it moves (transfer tracing). From
 * 1 Jan 2025 only the disposing account's lots may be used (Treas. Reg. 1.1012-1(j)): each account
 * has its own pool and a transfer moves lots between pools. At the switch, Rev. Proc. 2024-28's
 * safe harbor re-homes unused basis: each account keeps the lots traced to it as far as its actual
 * balance allows; the surplus (newest first) fills accounts holding units without lots, oldest lot
 * first, accounts in name order. Every re-homed part is recorded in `allocations`.
 *
 * Units and basis are exact fixed point (fixed.ts): units as a BigInt count of 10^-scale of the
 * asset (per book, rescaled when a finer amount arrives), basis as a count of 10^-MONEY_SCALE of
 * the currency. Sums and differences are exact; a part's basis is the lot's basis x part / lot
 * units (tax-rules notes 5 "Partial lots"), rounded half-even at the 30th decimal place, and the
 * lot keeps basis - part, so its parts always add up to its basis (why BigInts: fixed.ts). Events
 * bring Decimals in; lines, open lots, removals and allocations give Decimals out. Lines are
 * `LotLine`s whose figures and audit trail are kept as data in a `LineStore` (lot-line.ts). Whether
 * lots are per account is kept per asset (`AssetBook.perAccount`), so that an incremental
 * recompute can restore assets from before and after the switch side by side.
 */

type Mode = "own" | "any";

export interface LotEngineOptions {
  method: LotMethod;
  jurisdiction: Jurisdiction;
  scope: LotScope;
  picks: Readonly<Record<string, readonly LotPick[]>> | null;
  warnings: Warnings;
  /** Each line's figures, with its asset's book (checkpointing keeps totals per asset). */
  lineHook?: LineHook | null;
}

export type LineHook = (book: AssetBook, taxYear: number, term: Term, disposalId: string, proceeds: Decimal, costBasis: Decimal) => void;

/** Units of `x` in `book`'s scale; a finer amount first rescales the book (`rescale`). */
function unitsOf(book: AssetBook, x: Decimal): bigint {
  const v = toBig(x, book.scale);
  if (v !== null) return v;
  rescale(book, decimalPlaces(x));
  return toBig(x, book.scale) as bigint;
}

/** Moves every lot of `book` to `scale` decimal places (its amounts so far had fewer). */
function rescale(book: AssetBook, scale: number): void {
  const f = pow10n(scale - book.scale);
  const seen = new Set<Lot>();
  const pools = [book.pool, ...book.holders.map((h) => h.pool)];
  for (const pool of pools) if (pool !== null) for (const lot of pool.items()) seen.add(lot);
  for (const h of book.holders) for (const lot of h.traced) seen.add(lot);
  for (const lot of seen) {
    lot.remaining *= f;
    lot.unitUnits *= f;
  }
  book.scale = scale;
}

export class LotEngine implements EventSink {
  readonly lines: DisposalLine[] = [];
  readonly removals: RemovalLine[] = [];
  readonly allocations: BasisAllocation[] = [];
  /** What the lines keep for their audit trail (built when read). */
  private readonly store = new LineStore();
  /** Short/long-term totals per tax year, added up as lines are made (their values are hot then). */
  private readonly sums = new Map<number, { shortTerm: BucketSums; longTerm: BucketSums }>();
  /** Lines were made in time order with no two disposals sharing an instant: no sort needed. */
  linesOrdered = true;
  private lastLineMs = -Infinity;
  private lastLineId = "";
  /** The 2025 switch has happened (books created from then on are per account). */
  private switched = false;
  private readonly method: LotMethod;
  private readonly fallbackRule: MethodId;
  private lastDay = Number.NaN;
  private lastYear = 0;
  /**
   * The current take (scratch, reused so their backing stores are too): `n` pieces, each a lot,
   * the units and basis taken from it and the rule that chose it, same indexes.
   */
  private readonly refs: Lot[] = [];
  private readonly amounts: bigint[] = [];
  private readonly bases: bigint[] = [];
  private readonly rules: MethodId[] = [];
  private n = 0;

  constructor(
    private readonly holdings: Holdings,
    private readonly opts: LotEngineOptions,
  ) {
    this.method = opts.method;
    this.fallbackRule = opts.method.id === "specific" ? "fifo" : opts.method.id;
    holdings.newBooksPerAccount = opts.scope === "per-account";
  }

  private lastAcqDay = Number.NaN;
  private lastUntil = Infinity;

  /** Last short-term day for lots acquired on `day` (Infinity: no terms), computed once per day. */
  private longAfter(day: number): number {
    if (day !== this.lastAcqDay) {
      this.lastAcqDay = day;
      this.lastUntil = this.opts.jurisdiction.shortTermUntil(day) ?? Infinity;
    }
    return this.lastUntil;
  }

  private taxYear(day: number): number {
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastYear = this.opts.jurisdiction.taxYearOf(day);
    }
    return this.lastYear;
  }

  /** The pool a holder's new lots go to in the current scope. */
  private poolFor(holder: Holder): LotPool {
    if (holder.book.perAccount) return holder.pool ?? (holder.pool = this.method.createPool());
    const book = holder.book;
    return book.pool ?? (book.pool = this.method.createPool());
  }

  private place(lot: Lot): void {
    this.poolFor(lot.holder).add(lot);
    if (!lot.holder.book.perAccount) {
      lot.holder.traced.push(lot);
      compactTraced(lot.holder);
    }
  }

  advance(day: number): void {
    const from = this.opts.jurisdiction.perAccountFromDay;
    if (!this.switched && this.opts.scope === "auto" && from !== null && day >= from) this.switchToPerAccount();
  }

  acquire(a: Acquisition): void {
    if (isZero(a.amount)) return;
    const e = a.entry;
    const units = unitsOf(a.holder.book, a.amount);
    const basis = moneyToBig(a.cost);
    this.place({
      id: e.externalId,
      externalId: e.externalId,
      account: e.account,
      acquiredAt: e.time,
      entry: e,
      kind: a.kind,
      acquiredMs: a.ms,
      acquiredDay: a.day,
      longAfterDay: this.longAfter(a.day),
      seq: a.seq,
      remaining: units,
      basis,
      unitBasis: basis,
      unitUnits: units,
      basisMissing: a.costMissing,
      holder: a.holder,
    });
  }

  dispose(d: DisposalEvent): void {
    if (isZero(d.amount)) return;
    const book = d.holder.book;
    this.fitPicks(book, d.id);
    const units = unitsOf(book, d.amount);
    const shortfall = this.take(d.holder, units, book.perAccount ? "own" : "any", d.id, d.at);
    if (shortfall !== 0n) this.warnShortfall(d.holder, fromBig(shortfall, book.scale, Q), d.amount, [d.entry], d.at);
    const net = d.sellingCosts === null ? d.proceeds : sub(d.proceeds, d.sellingCosts);
    const refs = this.refs;
    const amounts = this.amounts;
    const bases = this.bases;
    const rules = this.rules;
    const n = this.n;
    const taxYear = this.taxYear(d.day);
    let unknownBasis = false;
    for (let k = 0; k < n; k++) if ((refs[k] as Lot).basisMissing) unknownBasis = true;

    // One line per disposal and (term, rule): usually a single line, whatever the number of lots.
    let uniform = n > 0 && shortfall === 0n;
    const term0: Term = n > 0 && d.day > (refs[0] as Lot).longAfterDay ? "long" : "short";
    const rule0 = n > 0 ? (rules[0] as MethodId) : this.fallbackRule;
    for (let k = 1; k < n && uniform; k++) if ((d.day > (refs[k] as Lot).longAfterDay ? "long" : "short") !== term0 || rules[k] !== rule0) uniform = false;
    if (uniform) {
      let basis = bases[0] as bigint;
      for (let k = 1; k < n; k++) basis += bases[k] as bigint;
      this.pushLine(d, units, net, basis, null, term0, rule0, unknownBasis, taxYear);
    } else {
      const groups: { term: Term; rule: MethodId; amount: bigint; basis: bigint; pieces: number[] }[] = [];
      for (let k = 0; k < n; k++) {
        const term: Term = d.day > (refs[k] as Lot).longAfterDay ? "long" : "short";
        const rule = rules[k] as MethodId;
        const g = groups.find((x) => x.term === term && x.rule === rule);
        if (g) {
          g.amount += amounts[k] as bigint;
          g.basis += bases[k] as bigint;
          g.pieces.push(k);
        } else groups.push({ term, rule, amount: amounts[k] as bigint, basis: bases[k] as bigint, pieces: [k] });
      }
      // Units with no lots behind them: zero basis, flagged, short-term (the holding period is unknown).
      if (shortfall !== 0n) groups.push({ term: "short", rule: this.fallbackRule, amount: shortfall, basis: 0n, pieces: [] });
      let allocated = ZERO;
      groups.forEach((g, k) => {
        // Proceeds split pro rata by units (tax-rules notes 5 "Partial lots").
        const last = k === groups.length - 1;
        const proceeds = groups.length === 1 ? net : last ? sub(net, allocated) : money(net).times(fromBig(g.amount, book.scale, Q)).div(d.amount);
        if (!last) allocated = add(allocated, proceeds);
        const basisMissing = g.pieces.length === 0 || g.pieces.some((i) => (refs[i] as Lot).basisMissing);
        this.pushLine(d, g.amount, proceeds, g.basis, g.pieces, g.term, g.rule, basisMissing, taxYear);
      });
    }
    if (unknownBasis) {
      this.opts.warnings.add(
        "missing-cost-basis",
        `disposal of ${d.amount.toFixed()} ${d.holder.asset} from ${d.holder.account} uses lots whose cost basis is unknown (unmatched deposit, gift or unpriced income): counted as zero`,
        [d.entry],
        d.holder.asset,
        d.holder.account,
        d.at,
      );
    }
  }

  /** A line of `units` (the book's scale) for the pieces (indexes into the current take) `which`; null: all of them. */
  private pushLine(d: DisposalEvent, units: bigint, proceeds: Decimal, costBasis: bigint, which: readonly number[] | null, term: Term, rule: MethodId, basisMissing: boolean, taxYear: number): void {
    let acquiredAt: Date | null = null;
    // Earliest by `acquiredMs` (its Date's time): comparing Dates would load each lot's Date.
    let earliest = Infinity;
    const m = which === null ? this.n : which.length;
    const store = this.store;
    const index = store.line(d.source, d.prices, units, d.holder.book.scale, proceeds, costBasis);
    for (let j = 0; j < m; j++) {
      const k = which === null ? j : (which[j] as number);
      const lot = this.refs[k] as Lot;
      if (lot.acquiredMs < earliest) {
        earliest = lot.acquiredMs;
        acquiredAt = lot.acquiredAt;
      }
      store.piece(lot.entry as LedgerEntry, this.amounts[k] as bigint, this.bases[k] as bigint, lot.basisMissing);
    }
    const line = new LotLine(store, index, d.id, d.kind, d.holder.asset, d.holder.account, acquiredAt, d.at, term, rule, basisMissing || m === 0, d.priceMissing, taxYear);
    this.lines.push(line);
    if (d.ms < this.lastLineMs || (d.ms === this.lastLineMs && d.id !== this.lastLineId)) this.linesOrdered = false;
    this.lastLineMs = d.ms;
    this.lastLineId = d.id;
    let y = this.sums.get(taxYear);
    if (!y) this.sums.set(taxYear, (y = { shortTerm: new BucketSums(), longTerm: new BucketSums() }));
    (term === "long" ? y.longTerm : y.shortTerm).add(d.id, proceeds, costBasis);
    if (this.opts.lineHook) this.opts.lineHook(d.holder.book, taxYear, term, d.id, proceeds, fromBig(costBasis, MONEY_SCALE, D));
  }

  remove(r: RemovalEvent): void {
    if (isZero(r.amount)) return;
    const book = r.holder.book;
    this.fitPicks(book, r.id);
    const shortfall = this.take(r.holder, unitsOf(book, r.amount), book.perAccount ? "own" : "any", r.id, r.at);
    if (shortfall !== 0n && r.reason !== "unmatched-withdrawal") this.warnShortfall(r.holder, fromBig(shortfall, book.scale, Q), r.amount, [r.entry], r.at);
    const lots: ConsumedLot[] = [];
    for (let k = 0; k < this.n; k++) {
      const lot = this.refs[k] as Lot;
      lots.push({ id: lot.id, externalId: lot.externalId, account: lot.account, acquiredAt: lot.acquiredAt, amount: fromBig(this.amounts[k] as bigint, book.scale, Q), costBasis: fromBig(this.bases[k] as bigint, MONEY_SCALE, D), basisMissing: lot.basisMissing });
    }
    this.removals.push({ id: r.id, reason: r.reason, asset: r.holder.asset, amount: r.amount, account: r.holder.account, at: r.at, lots, taxYear: this.taxYear(r.day) });
  }

  move(m: MoveEvent): void {
    const book = m.from.book;
    this.fitPicks(book, m.id);
    const units = unitsOf(book, m.amount);
    if (!book.perAccount) {
      this.relabel(m.from, m.to, units);
      return;
    }
    const shortfall = this.take(m.from, units, "own", m.id, m.at);
    const target = this.poolFor(m.to);
    for (let k = 0; k < this.n; k++) target.add(lotPart(this.refs[k] as Lot, this.amounts[k] as bigint, this.bases[k] as bigint, m.to));
    if (shortfall !== 0n) {
      this.warnShortfall(m.from, fromBig(shortfall, book.scale, Q), m.amount, m.entries, m.at);
      const e = m.arrivalEntry;
      const until = this.opts.jurisdiction.shortTermUntil(m.arrivalDay);
      target.add({
        id: e.externalId,
        externalId: e.externalId,
        account: e.account,
        acquiredAt: e.time,
        entry: e,
        kind: "deposit",
        acquiredMs: m.arrivalMs,
        acquiredDay: m.arrivalDay,
        longAfterDay: until ?? Infinity,
        seq: m.arrivalSeq,
        remaining: shortfall,
        basis: 0n,
        unitBasis: 0n,
        unitUnits: shortfall,
        basisMissing: true,
        holder: m.to,
      });
    }
  }

  /**
   * Universal scope: a transfer changes nothing for identification, but the lots it carries are
   * relabelled to the receiving account (oldest labels first) so the 2025 safe harbor and the
   * holdings view can trace them. Units the sender has no traced lots for are left untraced.
   */
  private relabel(from: Holder, to: Holder, units: bigint): void {
    let left = units;
    const traced = from.traced;
    while (left !== 0n && from.tracedHead < traced.length) {
      const lot = traced[from.tracedHead] as Lot;
      if (lot.remaining === 0n || lot.holder !== from) {
        from.tracedHead++;
        continue;
      }
      if (lot.remaining <= left) {
        lot.holder = to;
        to.traced.push(lot);
        from.tracedHead++;
        left -= lot.remaining;
      } else {
        const basis = partBasis(lot, left);
        const part = lotPart(lot, left, basis, to);
        lot.remaining -= left;
        lot.basis -= basis;
        (from.book.pool as LotPool).add(part);
        to.traced.push(part);
        left = 0n;
      }
    }
    compactTraced(from);
    compactTraced(to);
  }

  /** Short/long-term totals per tax year, in the order the years first had a line. */
  get buckets(): TermBuckets {
    const out: TermBuckets = new Map();
    for (const [year, y] of this.sums) out.set(year, { shortTerm: y.shortTerm.bucket(), longTerm: y.longTerm.bucket() });
    return out;
  }

  /**
   * End of a partial run (incremental recompute): the 2025 switch happens for every book once any
   * entry of the whole ledger is on or after its day, even when none of the replayed ones is.
   */
  settle(lastDayOfLedger: number): void {
    this.advance(lastDayOfLedger);
  }

  openLots(): OpenLot[] {
    const out: OpenLot[] = [];
    for (const book of this.holdings.books.values()) {
      const pools = book.pool !== null ? [book.pool] : book.holders.map((h) => h.pool).filter((p): p is LotPool => p !== null);
      for (const pool of pools) {
        for (const lot of pool.lots()) {
          out.push({ id: lot.id, asset: book.asset, account: lot.holder.account, externalId: lot.externalId, acquiredAt: lot.acquiredAt, amount: fromBig(lot.remaining, book.scale, Q), costBasis: fromBig(lot.basis, MONEY_SCALE, D), basisMissing: lot.basisMissing });
        }
      }
    }
    return out;
  }

  private warnShortfall(holder: Holder, shortfall: Decimal, amount: Decimal, entries: string[], at: Date): void {
    const where = holder.book.perAccount ? `${holder.account} has` : "your accounts have";
    const why = holder.book.perAccount && this.opts.scope === "auto" ? " (from 2025 a disposal may only use lots in the same account, Treas. Reg. 1.1012-1(j))" : "";
    this.opts.warnings.add(
      "missing-cost-basis",
      `${where} no lots for ${shortfall.toFixed()} of the ${amount.toFixed()} ${holder.asset} disposed of${why}: cost basis counted as zero; import the missing acquisitions or transfers`,
      entries,
      holder.asset,
      holder.account,
      at,
    );
  }

  /**
   * Takes `amount` units: picks first, then the method's order, from the account's pool ("own")
   * or the asset's universal pool ("any"). Pieces go to the scratch lists (`this.n` of them).
   * Returns the units no lot could cover.
   */
  private take(holder: Holder, units: bigint, mode: Mode, pickId: string, at: Date): bigint {
    this.n = 0;
    let left = units;
    const pool = mode === "own" ? holder.pool : holder.book.pool;
    const picks = this.opts.picks?.[pickId];
    if (picks !== undefined) left = this.takePicks(holder, pool, left, picks, pickId, at);
    if (pool === null) return left;
    while (left !== 0n) {
      const lot = pool.peek();
      if (lot === undefined) break;
      left = this.use(lot, pool, left, this.fallbackRule);
    }
    return left;
  }

  /** Uses `lot` for up to `left` units; returns what is still left. */
  private use(lot: Lot, pool: LotPool | null, left: bigint, rule: MethodId): bigint {
    let amount: bigint;
    let basis: bigint;
    let rest: bigint;
    if (lot.remaining <= left) {
      // Whole lot: its basis moves as is, no pro-rata division.
      amount = lot.remaining;
      basis = lot.basis;
      rest = left - amount;
      lot.remaining = 0n;
      lot.basis = 0n;
      if (pool !== null) pool.pop();
    } else {
      // Part of a lot: basis pro rata by units (tax-rules notes 5 "Partial lots"); the lot keeps
      // basis - part exactly, so its parts always add up to its basis.
      amount = left;
      basis = partBasis(lot, left);
      lot.basis -= basis;
      lot.remaining -= left;
      rest = 0n;
    }
    const k = this.n++;
    this.refs[k] = lot;
    this.amounts[k] = amount;
    this.bases[k] = basis;
    this.rules[k] = rule;
    return rest;
  }

  /** Rescales `book` for amounts picked for `pickId` before the event's own units are read. */
  private fitPicks(book: AssetBook, pickId: string): void {
    const picks = this.opts.picks?.[pickId];
    if (picks === undefined) return;
    for (const pick of picks) if (pick.amount !== undefined) unitsOf(book, dec(pick.amount));
  }

  private takePicks(holder: Holder, pool: LotPool | null, amount: bigint, picks: readonly LotPick[], pickId: string, at: Date): bigint {
    let left = amount;
    if (this.method.id !== "specific") {
      this.opts.warnings.add("invalid-lot-pick", `lot picks for ${pickId} ignored: the method is ${this.method.id}, not specific identification`, [pickId], holder.asset, holder.account, at);
      return left;
    }
    const candidates = pool === null ? [] : pool.lots();
    const book = holder.book;
    for (const pick of picks) {
      if (left === 0n) break;
      // In scale: `fitPicks` ran before this event's units were read.
      let want = pick.amount === undefined ? null : (toBig(dec(pick.amount), book.scale) as bigint);
      let found = false;
      for (const lot of candidates) {
        if (lot.id !== pick.lotId || lot.remaining === 0n) continue;
        found = true;
        let take = lot.remaining;
        if (want !== null && want < take) take = want;
        if (left < take) take = left;
        if (take === 0n) continue;
        // An emptied lot stays in its pool and is skipped when the method reaches it.
        this.use(lot, null, take, "specific");
        left -= take;
        if (want !== null) want -= take;
        if (left === 0n || want === 0n) break;
      }
      if (!found) {
        const where = holder.book.perAccount ? ` in ${holder.account} (from 2025 picks must name lots in the same account)` : "";
        this.opts.warnings.add("invalid-lot-pick", `lot ${pick.lotId} picked for ${pickId} is not held${where}; the rest follows FIFO`, [pickId, pick.lotId], holder.asset, holder.account, at);
      } else if (want !== null && want > 0n && left !== 0n) {
        this.opts.warnings.add("invalid-lot-pick", `lot ${pick.lotId} picked for ${pickId} has ${fromBig(want, book.scale, Q).toFixed()} fewer units left than picked; the rest follows FIFO`, [pickId, pick.lotId], holder.asset, holder.account, at);
      }
    }
    return left;
  }

  /** Rev. Proc. 2024-28 safe harbor at the switch to per-account identification (see top). */
  private switchToPerAccount(): void {
    this.switched = true;
    this.holdings.newBooksPerAccount = true;
    for (const book of this.holdings.books.values()) {
      if (book.perAccount) continue;
      book.perAccount = true;
      // Balances first, all in one scale: one with finer units rescales the book before any
      // balance or lot is read.
      let scale = book.scale;
      for (const h of book.holders) scale = Math.max(scale, decimalPlaces(h.balance));
      if (scale > book.scale) rescale(book, scale);
      const balance = new Map<Holder, bigint>();
      for (const h of book.holders) balance.set(h, toBig(h.balance, book.scale) as bigint);
      const lots = book.pool === null ? [] : book.pool.lots();
      book.pool = null;
      const byHolder = new Map<Holder, Lot[]>();
      for (const h of book.holders) {
        byHolder.set(h, []);
        h.traced = [];
        h.tracedHead = 0;
      }
      for (const lot of lots) (byHolder.get(lot.holder) as Lot[]).push(lot);
      const released: Lot[] = [];
      const held = new Map<Holder, bigint>();
      for (const h of book.holders) {
        const own = (byHolder.get(h) as Lot[]).sort((a, b) => (acquiredBefore(a, b) ? -1 : acquiredBefore(b, a) ? 1 : 0));
        let qty = 0n;
        for (const lot of own) qty += lot.remaining;
        const bal = balance.get(h) as bigint;
        const target = bal < 0n ? 0n : bal;
        let excess = qty > target ? qty - target : 0n;
        // Release the newest lots beyond the account's balance.
        for (let k = own.length - 1; k >= 0 && excess !== 0n; k--) {
          const lot = own[k] as Lot;
          if (lot.remaining <= excess) {
            released.push(lotPart(lot, lot.remaining, lot.basis, h));
            excess -= lot.remaining;
            lot.remaining = 0n;
            lot.basis = 0n;
          } else {
            const basis = partBasis(lot, excess);
            released.push(lotPart(lot, excess, basis, h));
            lot.remaining -= excess;
            lot.basis -= basis;
            excess = 0n;
          }
        }
        const pool = this.method.createPool();
        let kept = 0n;
        for (const lot of own) {
          if (lot.remaining === 0n) continue;
          pool.add(lot);
          kept += lot.remaining;
        }
        h.pool = pool;
        held.set(h, kept);
      }
      if (released.length === 0) continue;
      released.sort((a, b) => (acquiredBefore(a, b) ? -1 : acquiredBefore(b, a) ? 1 : 0));
      const needOf = (h: Holder): bigint => (balance.get(h) as bigint) - (held.get(h) ?? 0n);
      const needy = book.holders.filter((h) => (balance.get(h) as bigint) >= 0n && needOf(h) > 0n).sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
      let k = 0;
      let need = needy[0] === undefined ? 0n : needOf(needy[0]);
      for (const r of released) {
        const from = r.holder;
        let piece = r;
        while (piece.remaining !== 0n && k < needy.length) {
          const to = needy[k] as Holder;
          let give: Lot;
          if (piece.remaining > need) {
            const basis = partBasis(piece, need);
            give = lotPart(piece, need, basis, to);
            piece = lotPart(piece, piece.remaining - need, piece.basis - basis, from);
          } else {
            give = lotPart(piece, piece.remaining, piece.basis, to);
            piece = lotPart(piece, 0n, 0n, from);
          }
          (to.pool as LotPool).add(give);
          this.allocations.push({ asset: book.asset, lotId: give.id, from: from.account, to: to.account, amount: fromBig(give.remaining, book.scale, Q), costBasis: fromBig(give.basis, MONEY_SCALE, D) });
          need -= give.remaining;
          if (need === 0n) {
            k++;
            const next = needy[k];
            if (next !== undefined) need = needOf(next);
          }
        }
        if (piece.remaining !== 0n) (from.pool as LotPool).add(piece);
      }
    }
  }
}

/**
 * Basis of `units` of `lot`: its basis x units / its units (tax-rules notes 5 "Partial lots"),
 * half-even at the 30th decimal place; never more than the lot's basis.
 */
function partBasis(lot: Lot, units: bigint): bigint {
  if (lot.basis === 0n) return 0n;
  const basis = mulDivHalfEven(lot.basis, units, lot.remaining);
  return basis > lot.basis ? lot.basis : basis;
}

/** A traced list's read prefix is dropped once it is at least this long (and as long as the rest). */
const TRACED_PREFIX = 64;

/**
 * Drops used-up or relabelled lots from a traced list when its unread part doubles, or when its
 * read prefix (`tracedHead` passed it) is as long as the rest (amortised O(1) per lot either
 * way). Without the second rule a list whose head keeps moving never compacts (the 1M-row bench
 * never did), and its prefix keeps every lot it ever held reachable until the 2025 switch.
 */
function compactTraced(h: Holder): void {
  const unread = h.traced.length - h.tracedHead;
  if (unread <= h.tracedLimit && (h.tracedHead < TRACED_PREFIX || h.tracedHead < unread)) return;
  const live: Lot[] = [];
  for (let k = h.tracedHead; k < h.traced.length; k++) {
    const lot = h.traced[k] as Lot;
    if (lot.remaining !== 0n && lot.holder === h) live.push(lot);
  }
  h.traced = live;
  h.tracedHead = 0;
  h.tracedLimit = Math.max(1024, live.length * 2);
}
