import Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import { D, Q, QZERO } from "./decimal";
import { decimalPlaces, fromBig, MONEY_SCALE, moneyToBig, QTY_SCALE, toBig } from "./fixed";
import { type AssetBook, Holder, type Holdings } from "./holdings";
import { addFigures, emptyBucket, type OpenBucket, type TermBuckets } from "./jurisdictions/buckets";
import type { Lot } from "./lots";
import type { LotMethod } from "./methods";
import type { Term } from "./types";

/**
 * One asset's lot state at an instant, as data: what the incremental recompute restores instead
 * of replaying the ledger from its start (lib/tax/incremental.ts). Everything the lot engine keeps
 * per asset is here: each account's balance and warning flag, the pools in their internal order
 * (a heap's layout decides which of two equal lots comes out first), the lots each account holds
 * in label order (transfer tracing), whether the asset is already identified per account, and the
 * short/long totals of its lines so far. Lots are kept once and referred to by index, since a
 * pool and a traced list share them. Decimals are kept as they are, or, in checkpoints read back
 * from bytes, in their encoded form until restored (see `encodeDecimal`).
 */

/** A Decimal, or its encoded form (checkpoints read back from bytes; decoded when restored). */
export type Num = Decimal | string;

export interface LotRec {
  /** Lot id = source entry's externalId; `account` and `ms` are that entry's account and time. */
  id: string;
  account: string;
  ms: number;
  kind: string;
  day: number;
  /** Last short-term day; null: none (no holding-period split). */
  longAfter: number | null;
  seq: number;
  remaining: Num;
  basis: Num;
  /** The lot's unit cost as basis / units when acquired (lots.ts), for HIFO's order. */
  unitBasis: Num;
  unitUnits: Num;
  missing: boolean;
  /** Account holding it now. */
  holder: string;
}

export interface HolderRec {
  account: string;
  balance: Num;
  negative: boolean;
  /** Per-account pool (lot indexes, pool order); null: none. */
  pool: number[] | null;
  /** Lots labelled here, label order (universal scope). */
  traced: number[];
}

/** A tax year's short or long bucket of one asset's lines. */
export interface BucketRec {
  year: number;
  term: Term;
  disposals: number;
  proceeds: Num;
  costBasis: Num;
  last: string | null;
  /** Values added, largest exponent and smallest last-digit exponent (to know sums are exact). */
  n: number;
  maxE: number;
  minQ: number;
}

export interface BookRec {
  /** State after every event before this instant (UTC ms) and before any at it. */
  ms: number;
  perAccount: boolean;
  holders: HolderRec[];
  pool: number[] | null;
  lots: LotRec[];
  buckets: BucketRec[];
}

/** A bucket with what `exactSums` needs to know that adding buckets in another order gives the same sums. */
export interface StatBucket extends OpenBucket {
  n: number;
  maxE: number;
  minQ: number;
}

interface Internals {
  s: number;
  e: number;
  d: number[] | null;
}

function wordDigits(w: number): number {
  return w < 1e4 ? (w < 100 ? (w < 10 ? 1 : 2) : w < 1000 ? 3 : 4) : w < 1e6 ? (w < 1e5 ? 5 : 6) : 7;
}

/** Adds a line's figures to an asset's bucket, with their magnitudes. */
export function addToStatBucket(b: StatBucket, disposalId: string, proceeds: Decimal, costBasis: Decimal): void {
  addFigures(b, disposalId, proceeds, costBasis);
  note(b, proceeds);
  note(b, costBasis);
}

function note(b: StatBucket, x: Decimal): void {
  const p = x as unknown as Internals;
  const d = p.d;
  if (d === null || d[0] === 0) return;
  let last = (d[d.length - 1] as number) | 0;
  let tz = 0;
  while (last % 10 === 0) {
    last = (last / 10) | 0;
    tz++;
  }
  const digits = wordDigits(d[0] as number) + 7 * (d.length - 1) - tz;
  b.n++;
  if (p.e > b.maxE) b.maxE = p.e;
  const q = p.e - digits + 1;
  if (q < b.minQ) b.minQ = q;
}

export function emptyStatBucket(): StatBucket {
  return { ...emptyBucket(), n: 0, maxE: -Infinity, minQ: Infinity };
}

export { exactSums } from "./exact-sum";

export function bucketRecs(buckets: TermBuckets | null): BucketRec[] {
  const out: BucketRec[] = [];
  if (buckets === null) return out;
  for (const [year, y] of buckets) {
    for (const term of ["short", "long"] as const) {
      const b = (term === "short" ? y.shortTerm : y.longTerm) as StatBucket;
      out.push({ year, term, disposals: b.disposals, proceeds: b.proceeds, costBasis: b.costBasis, last: b.lastDisposal, n: b.n, maxE: b.maxE, minQ: b.minQ });
    }
  }
  return out;
}

export function restoreBuckets(recs: readonly BucketRec[], dec: (v: Num) => Decimal): TermBuckets {
  const out: TermBuckets = new Map();
  for (const r of recs) {
    let y = out.get(r.year);
    if (!y) out.set(r.year, (y = { shortTerm: emptyStatBucket(), longTerm: emptyStatBucket() }));
    const b: StatBucket = { disposals: r.disposals, proceeds: dec(r.proceeds), costBasis: dec(r.costBasis), gain: QZERO, lastDisposal: r.last, n: r.n, maxE: r.maxE, minQ: r.minQ };
    if (r.term === "short") y.shortTerm = b;
    else y.longTerm = b;
  }
  return out;
}

/** The lots a holder's traced list still gives (relabel skips the used-up and the moved-on ones). */
function liveTraced(h: Holder): Lot[] {
  const out: Lot[] = [];
  for (let k = h.tracedHead; k < h.traced.length; k++) {
    const lot = h.traced[k] as Lot;
    if (lot.remaining !== 0n && lot.holder === h) out.push(lot);
  }
  return out;
}

export function snapshotBook(book: AssetBook, ms: number): BookRec {
  const index = new Map<Lot, number>();
  const lots: LotRec[] = [];
  const ref = (lot: Lot): number => {
    let k = index.get(lot);
    if (k === undefined) {
      k = lots.length;
      index.set(lot, k);
      lots.push({
        id: lot.id,
        account: lot.account,
        ms: lot.acquiredMs,
        kind: lot.kind,
        day: lot.acquiredDay,
        longAfter: Number.isFinite(lot.longAfterDay) ? lot.longAfterDay : null,
        seq: lot.seq,
        remaining: fromBig(lot.remaining, book.scale, Q),
        basis: fromBig(lot.basis, MONEY_SCALE, D),
        unitBasis: fromBig(lot.unitBasis, MONEY_SCALE, D),
        unitUnits: fromBig(lot.unitUnits, book.scale, Q),
        missing: lot.basisMissing,
        holder: lot.holder.account,
      });
    }
    return k;
  };
  const pool = book.pool === null ? null : book.pool.items().map(ref);
  const holders = book.holders.map((h) => ({ account: h.account, balance: h.balance, negative: h.negative, pool: h.pool === null ? null : h.pool.items().map(ref), traced: liveTraced(h).map(ref) }));
  return { ms, perAccount: book.perAccount, holders, pool, lots, buckets: bucketRecs(book.buckets) };
}

/**
 * The book back, in a fresh `Holdings`, with new Lot objects (one per record, shared as before).
 * Units come back in the fewest decimal places that hold every restored lot's units exactly (the
 * book rescales again if a finer amount follows).
 */
export function restoreBook(holdings: Holdings, asset: string, rec: BookRec, method: LotMethod, dec: (v: Num) => Decimal): AssetBook {
  const values = rec.lots.map((r) => ({ remaining: dec(r.remaining), unitUnits: dec(r.unitUnits), basis: dec(r.basis), unitBasis: dec(r.unitBasis) }));
  let scale = QTY_SCALE;
  for (const v of values) scale = Math.max(scale, decimalPlaces(v.remaining), decimalPlaces(v.unitUnits));
  const book: AssetBook = { asset, holders: [], byAccount: new Map(), pool: null, perAccount: rec.perAccount, buckets: restoreBuckets(rec.buckets, dec), scale };
  holdings.books.set(asset, book);
  for (const h of rec.holders) {
    const holder = new Holder(asset, h.account, book, dec(h.balance));
    holder.negative = h.negative;
    book.holders.push(holder);
    book.byAccount.set(h.account, holder);
  }
  const lots: Lot[] = rec.lots.map((r, k) => {
    const at = new Date(r.ms);
    const origin = { externalId: r.id, account: r.account, time: at } as LedgerEntry;
    const v = values[k] as (typeof values)[number];
    return {
      id: r.id,
      externalId: r.id,
      account: r.account,
      acquiredAt: at,
      entry: origin,
      kind: r.kind,
      acquiredMs: r.ms,
      acquiredDay: r.day,
      longAfterDay: r.longAfter ?? Infinity,
      seq: r.seq,
      remaining: toBig(v.remaining, scale) as bigint,
      basis: moneyToBig(v.basis),
      unitBasis: moneyToBig(v.unitBasis),
      unitUnits: toBig(v.unitUnits, scale) as bigint,
      basisMissing: r.missing,
      holder: book.byAccount.get(r.holder) as Holder,
    };
  });
  if (rec.pool !== null) {
    const pool = method.createPool();
    pool.load(rec.pool.map((k) => lots[k] as Lot));
    book.pool = pool;
  }
  rec.holders.forEach((h, k) => {
    const holder = book.holders[k] as Holder;
    if (h.pool !== null) {
      const pool = method.createPool();
      pool.load(h.pool.map((i) => lots[i] as Lot));
      holder.pool = pool;
    }
    holder.traced = h.traced.map((i) => lots[i] as Lot);
    holder.tracedLimit = Math.max(1024, holder.traced.length * 2);
  });
  return book;
}

// ---- Decimals as text ----------------------------------------------------------------------

/**
 * `<tag>:<value>`: the value exactly (decimal.js's own string, which never rounds) and the
 * constructor, which decides the precision of later arithmetic and so must come back: "D" money,
 * "Q" quantities, "X" decimal.js's default; any other constructor by its configuration
 * ("p60r6"), matched on restore with a constructor of the same configuration found in the ledger.
 */
export function encodeDecimal(x: Decimal): string {
  const c = x.constructor as unknown as { precision: number; rounding: number };
  const tag = c === (D as unknown) ? "D" : c === (Q as unknown) ? "Q" : c === (Decimal as unknown) ? "X" : `p${c.precision}r${c.rounding}`;
  return `${tag}:${x.isZero() && x.isNeg() ? "-0" : x.toString()}`;
}

export type CtorResolver = (tag: string) => typeof Decimal;

const clones = new Map<string, typeof Decimal>();

/** Constructors by tag; configurations not found in `known` get a clone of that configuration. */
export function ctorResolver(known: Iterable<typeof Decimal> = []): CtorResolver {
  const byTag = new Map<string, typeof Decimal>([
    ["D", D],
    ["Q", Q],
    ["X", Decimal],
  ]);
  for (const c of known) {
    const tag = `p${c.precision}r${c.rounding}`;
    if (!byTag.has(tag)) byTag.set(tag, c);
  }
  return (tag) => {
    const hit = byTag.get(tag);
    if (hit) return hit;
    let clone = clones.get(tag);
    if (!clone) {
      const m = /^p(\d+)r(\d+)$/.exec(tag);
      if (!m) throw new RangeError(`unknown Decimal tag "${tag}"`);
      clone = Decimal.clone({ precision: Number.parseInt(m[1] as string, 10), rounding: Number.parseInt(m[2] as string, 10) as Decimal.Rounding });
      clones.set(tag, clone);
    }
    byTag.set(tag, clone);
    return clone;
  };
}

export function decodeDecimal(text: string, resolve: CtorResolver): Decimal {
  const colon = text.indexOf(":");
  const Ctor = resolve(text.slice(0, colon));
  return new Ctor(text.slice(colon + 1));
}
