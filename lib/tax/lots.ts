import type { LedgerEntry } from "../ledger/types";
import type { Holder } from "./holdings";

/**
 * A lot: units of one asset acquired together. When a disposal or a transfer takes part of a lot,
 * the lot shrinks (`remaining`, `basis`) and the part taken keeps the lot's identity and dates,
 * so the acquisition date and source transaction survive every move (IRS VC FAQ own-wallet
 * transfers; tax-rules notes 1.4 "Self-transfers keep the original acquisition date").
 */
export interface Lot {
  /** Lot id: the acquiring entry's externalId (shared by every part of the lot). */
  readonly id: string;
  readonly externalId: string;
  /** Account the units were acquired in. */
  readonly account: string;
  readonly acquiredAt: Date;
  /** The acquiring entry (id, account and time above are its own); set by the lot engine. */
  readonly entry?: LedgerEntry;
  /** buy, trade, income, deposit, gift */
  readonly kind: string;
  readonly acquiredMs: number;
  /** Local day number of the acquisition. */
  readonly acquiredDay: number;
  /** Disposals on a later local day than this are long-term (held more than one year). */
  readonly longAfterDay: number;
  /** Source order of the acquisition: tie-break for equal timestamps (source row order). */
  readonly seq: number;
  /** Units left, as a count of 10^-scale of the asset (`AssetBook.scale`, fixed.ts). */
  remaining: bigint;
  /** Cost basis of the remaining units, as a count of 10^-MONEY_SCALE of the currency. */
  basis: bigint;
  /**
   * The lot's unit cost as the ratio unitBasis / unitUnits (basis and units when acquired, in the
   * same scales; parts inherit it): HIFO's order, exact, without a division.
   */
  readonly unitBasis: bigint;
  unitUnits: bigint;
  /** Basis unknown (unmatched deposit, gift with carryover basis, unpriced income): counted as zero. */
  readonly basisMissing: boolean;
  /** The account holding the units now (moves relabel it). */
  holder: Holder;
}

/** Earlier acquisition first; equal instants in source order. */
export function acquiredBefore(a: Lot, b: Lot): boolean {
  return a.acquiredMs < b.acquiredMs || (a.acquiredMs === b.acquiredMs && (a.seq < b.seq || (a.seq === b.seq && a.id < b.id)));
}

/** A part of `lot` (same identity, dates and unit cost) with its own units, basis and holder. */
export function lotPart(lot: Lot, remaining: bigint, basis: bigint, holder: Holder): Lot {
  return {
    id: lot.id,
    externalId: lot.externalId,
    account: lot.account,
    acquiredAt: lot.acquiredAt,
    entry: lot.entry,
    kind: lot.kind,
    acquiredMs: lot.acquiredMs,
    acquiredDay: lot.acquiredDay,
    longAfterDay: lot.longAfterDay,
    seq: lot.seq,
    remaining,
    basis,
    unitBasis: lot.unitBasis,
    unitUnits: lot.unitUnits,
    basisMissing: lot.basisMissing,
    holder,
  };
}
