import Decimal from "decimal.js";

/**
 * Two Decimal constructors, because decimal.js rounds every result to the precision of its left
 * operand's constructor, and the cost of an operation grows with the digits it carries.
 *
 * - `Q`, quantities (units of an asset): 60 significant digits, like the importers. Quantities are
 *   only added, subtracted and compared, so they stay exact and as short as the input (units to 18
 *   decimal places for any realistic holding: tax-rules notes 5, "keep at least 18 dp").
 * - `D`, money in the reporting currency: 34 significant digits (IEEE 754 decimal128). Only
 *   pro-rata splits (basis x part / lot) are inexact; 34 digits is far below any cent and keeps
 *   the digit arrays short enough for 1M-row ledgers.
 *
 * Values read from a `LedgerEntry` are brought in with `qty` or `money` before any arithmetic.
 * Instances of both are ordinary `Decimal`s.
 */
export const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });
export const Q = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

/** Money zero. */
export const ZERO: Decimal = new D(0);
/** Quantity zero (a left operand for quantity sums). */
export const QZERO: Decimal = new Q(0);

export function dec(value: Decimal | string | number): Decimal {
  return new D(value);
}

/** A quantity: kept when its constructor already has 60 digits (the importers'), else copied. */
export function qty(value: Decimal): Decimal {
  const ctor = value.constructor as unknown as { precision?: number };
  return ctor === Q || (ctor.precision ?? 0) >= 60 ? value : new Q(value);
}

/** A money value in the engine's money precision (a copy never rounds). */
export function money(value: Decimal): Decimal {
  return value.constructor === D ? value : new D(value);
}

/** Plain decimal text: never an exponent, never "-0". */
export function decimalString(value: Decimal): string {
  return value.isZero() ? "0" : value.toFixed();
}

interface DecimalInternals {
  /** Base-1e7 digit words, most significant first; [0] for zero; null for NaN/Infinity. */
  d: number[] | null;
  /** Base-10 exponent of the first digit. */
  e: number;
  /** Sign, 1 or -1. */
  s: number;
}

/**
 * `a.cmp(b)` without its cost: decimal.js's comparisons copy their argument into a new Decimal
 * first, and the engine compares a few times per row. Reads the representation decimal.js
 * documents (API "INTERNALS": digits `d` in base 1e7, exponent `e`, sign `s`) and follows its
 * own `comparedTo` step for step. Finite values only (the engine never makes NaN or Infinity).
 */
export function compare(a: Decimal, b: Decimal): number {
  const x = a as unknown as DecimalInternals;
  const y = b as unknown as DecimalInternals;
  const xd = x.d as number[];
  const yd = y.d as number[];
  const xs = x.s;
  const ys = y.s;
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  if (x.e !== y.e) return (x.e > y.e) !== xs < 0 ? 1 : -1;
  const xl = xd.length;
  const yl = yd.length;
  for (let i = 0, j = xl < yl ? xl : yl; i < j; ++i) {
    const xv = xd[i] as number;
    const yv = yd[i] as number;
    if (xv !== yv) return (xv > yv) !== xs < 0 ? 1 : -1;
  }
  return xl === yl ? 0 : (xl > yl) !== xs < 0 ? 1 : -1;
}

/** Strictly greater than zero, without allocating. */
export function isPositive(a: Decimal | null): a is Decimal {
  return a !== null && !a.isZero() && !a.isNeg();
}
