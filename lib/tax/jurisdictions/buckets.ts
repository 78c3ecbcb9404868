import type Decimal from "decimal.js";
import { add, Q, QZERO } from "../decimal";
import { fromBig, MONEY_SCALE } from "../fixed";
import { ExactSum } from "../exact-sum";
import type { DisposalLine, GainBucket, IncomeEvent } from "../types";

export interface OpenBucket extends GainBucket {
  lastDisposal: string | null;
}

export function emptyBucket(): OpenBucket {
  // Sums start from a 60-digit zero: adding 34-digit money values is then exact, so totals do not
  // depend on the order lines are added in (reordering independent rows changes nothing).
  return { disposals: 0, proceeds: QZERO, costBasis: QZERO, gain: QZERO, lastDisposal: null };
}

/** Gain is proceeds - basis: line gains are exactly that, so their sum needs no extra additions. */
export function closeBucket(b: OpenBucket): GainBucket {
  return { disposals: b.disposals, proceeds: b.proceeds, costBasis: b.costBasis, gain: b.proceeds.minus(b.costBasis) };
}

/**
 * Adds a line. `disposals` counts disposals, not lines: the lines of one disposal are adjacent
 * in the engine's output order, so a change of disposalId starts a new one.
 */
export function addLine(bucket: OpenBucket, line: DisposalLine): void {
  addFigures(bucket, line.disposalId, line.proceeds, line.costBasis);
}

/** `addLine` from the line's figures (the lot engine adds them as it makes the line). */
export function addFigures(bucket: OpenBucket, disposalId: string, proceeds: Decimal, costBasis: Decimal): void {
  bucket.proceeds = add(bucket.proceeds, proceeds);
  bucket.costBasis = add(bucket.costBasis, costBasis);
  if (bucket.lastDisposal !== disposalId) {
    bucket.lastDisposal = disposalId;
    bucket.disposals++;
  }
}

/**
 * An `OpenBucket` being filled: the same figures, added up without a Decimal per line (`ExactSum`;
 * cost basis in the lot engine's fixed point, fixed.ts).
 */
export class BucketSums {
  private readonly proceeds = new ExactSum();
  private costBasis = 0n;
  private disposals = 0;
  private lastDisposal: string | null = null;

  /** `addFigures`. */
  add(disposalId: string, proceeds: Decimal, costBasis: bigint): void {
    this.proceeds.add(proceeds);
    this.costBasis += costBasis;
    if (this.lastDisposal !== disposalId) {
      this.lastDisposal = disposalId;
      this.disposals++;
    }
  }

  bucket(): OpenBucket {
    // A 60-digit Decimal, as `QZERO.plus(...)` (the other sums) would give.
    return { disposals: this.disposals, proceeds: this.proceeds.value(), costBasis: fromBig(this.costBasis, MONEY_SCALE, Q), gain: QZERO, lastDisposal: this.lastDisposal };
  }
}

export function incomeByYear(income: readonly IncomeEvent[]): Map<number, Decimal> {
  const sums = new Map<number, ExactSum>();
  for (const e of income) {
    let s = sums.get(e.taxYear);
    if (s === undefined) sums.set(e.taxYear, (s = new ExactSum()));
    s.add(e.value);
  }
  const out = new Map<number, Decimal>();
  for (const [year, s] of sums) out.set(year, s.value());
  return out;
}

export function yearsOf(disposals: readonly DisposalLine[], income: readonly IncomeEvent[]): number[] {
  const years = new Set<number>();
  let last = Number.NaN;
  for (const d of disposals) {
    if (d.taxYear !== last) years.add((last = d.taxYear));
  }
  for (const i of income) years.add(i.taxYear);
  return [...years].sort((a, b) => a - b);
}

export type TermBuckets = Map<number, { shortTerm: OpenBucket; longTerm: OpenBucket }>;

/**
 * Short/long buckets per tax year (US and DE), every year with disposals or income. `precomputed`
 * (the lot engine adds lines up as it makes them) is used for the years it has.
 */
export function termBuckets(disposals: readonly DisposalLine[], income: readonly IncomeEvent[], precomputed?: TermBuckets): TermBuckets {
  const byYear: TermBuckets = new Map();
  if (precomputed) {
    for (const year of yearsOf([], income)) byYear.set(year, { shortTerm: emptyBucket(), longTerm: emptyBucket() });
    for (const [year, b] of precomputed) byYear.set(year, b);
    return new Map([...byYear.entries()].sort((a, b) => a[0] - b[0]));
  }
  for (const year of yearsOf(disposals, income)) byYear.set(year, { shortTerm: emptyBucket(), longTerm: emptyBucket() });
  let year = Number.NaN;
  let y: { shortTerm: OpenBucket; longTerm: OpenBucket } | undefined;
  for (const line of disposals) {
    if (line.taxYear !== year) {
      year = line.taxYear;
      y = byYear.get(year);
    }
    if (!y) continue;
    addLine(line.term === "long" ? y.longTerm : y.shortTerm, line);
  }
  return byYear;
}
