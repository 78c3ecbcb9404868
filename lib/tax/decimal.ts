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
 * Instances of both are ordinary `Decimal`s. The US/DE lot engine keeps units and basis as exact
 * fixed point instead (fixed.ts) and gives Decimals of these constructors back.
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

/**
 * Strictly greater than zero: `!a.isZero() && !a.isNeg()` read off the internals (decimal.js's
 * `isZero` is `!!d && d[0] === 0`, `isNeg` is `s < 0`), without two method calls on Decimals of
 * several constructors (a call site that sees many of them dispatches slowly).
 */
export function isPositive(a: Decimal | null): a is Decimal {
  if (a === null) return false;
  const x = a as unknown as DecimalInternals;
  return !(x.d !== null && x.d[0] === 0) && !(x.s < 0);
}

/** `a.isZero()` without a method call (decimal.js: `!!d && d[0] === 0`). */
export function isZero(a: Decimal): boolean {
  const d = (a as unknown as DecimalInternals).d;
  return d !== null && d[0] === 0;
}

/** `a.plus(b)`: the same value, constructor and representation (see `addSub`). */
export function add(a: Decimal, b: Decimal): Decimal {
  return addSub(a, b, false) ?? a.plus(b);
}

/** `a.minus(b)`: the same value, constructor and representation (see `addSub`). */
export function sub(a: Decimal, b: Decimal): Decimal {
  return addSub(a, b, true) ?? a.minus(b);
}

interface DecimalCtor {
  new (v: number): Decimal;
  readonly precision: number;
  readonly rounding: number;
  readonly maxE: number;
  readonly minE: number;
}

/**
 * Builds a Decimal from its parts the way decimal.js's constructor leaves one (own `constructor`,
 * then `s`, `e`, `d`; every clone shares one prototype), without the constructor's argument
 * checks: a new instance of `ctor`, like the results decimal.js makes. Parts must be canonical.
 */
const Made = function (this: { constructor: DecimalCtor } & DecimalInternals, ctor: DecimalCtor, s: number, e: number, d: number[]) {
  this.constructor = ctor;
  // Small integers, stored as such (a double-typed field would box every instance's value).
  this.s = s | 0;
  this.e = e | 0;
  this.d = d;
} as unknown as new (ctor: DecimalCtor, s: number, e: number, d: number[]) => Decimal;
(Made as unknown as { prototype: object }).prototype = Decimal.prototype;

/** A Decimal of `ctor` from canonical parts (sign, base-10 exponent, base-1e7 words), as decimal.js keeps them. */
export function fromParts(ctor: typeof Decimal, s: number, e: number, d: number[]): Decimal {
  return new Made(ctor as unknown as DecimalCtor, s, e, d);
}

const BASE = 1e7;
const LOG_BASE = 7;
const MAX_WORDS = 40;
/** Scratch words for `addSub` (never holds a hole, so copies of it are packed arrays). */
const work: number[] = [];
for (let i = 0; i <= MAX_WORDS; i++) work.push(0);

function wordDigits(w: number): number {
  return w < 1e4 ? (w < 100 ? (w < 10 ? 1 : 2) : w < 1000 ? 3 : 4) : w < 1e6 ? (w < 1e5 ? 5 : 6) : 7;
}

/**
 * Exact sums and differences without decimal.js's two copies per operation. decimal.js adds
 * exactly and then rounds to its constructor's precision (of the left operand), so whenever the
 * exact result has no more significant digits than that precision, the exact result is what it
 * returns, in the one canonical representation (base-1e7 words aligned on the exponent, no
 * trailing zero word). This computes that exact result and returns null whenever decimal.js would
 * do anything else (zero, NaN/Infinity operands, a result needing rounding, an exactly zero
 * result, exponents near the limits); the callers then call decimal.js itself. The result is a
 * new instance of the left operand's constructor, like decimal.js's, with a digit array of
 * exactly its length; results needing rounding are rounded like decimal.js (`roundWords`).
 * Checked against decimal.js by decimal.test.ts.
 */
function addSub(a: Decimal, b: Decimal, subtract: boolean, as?: DecimalCtor): Decimal | null {
  const x = a as unknown as DecimalInternals;
  const y = b as unknown as DecimalInternals;
  const xd = x.d;
  const yd = y.d;
  if (xd === null || yd === null || xd[0] === 0 || yd[0] === 0) return null;
  const xl = xd.length;
  const yl = yd.length;
  const xk = Math.floor(x.e / LOG_BASE);
  const yk = Math.floor(y.e / LOG_BASE);
  const top = xk > yk ? xk : yk;
  const xb = xk - xl + 1;
  const yb = yk - yl + 1;
  const n = top - (xb < yb ? xb : yb) + 1;
  if (n >= MAX_WORDS) return null;
  const r = work;
  // r[0] takes a carry; the word of base-1e7 position p goes to r[1 + top - p].
  for (let i = 0; i <= n; i++) r[i] = 0;
  const ys = subtract ? -y.s : y.s;
  let sign = x.s;
  if (x.s === ys) {
    for (let i = 0, o = 1 + top - xk; i < xl; i++) r[o + i] = xd[i] as number;
    for (let i = 0, o = 1 + top - yk; i < yl; i++) r[o + i] = (r[o + i] as number) + (yd[i] as number);
    let carry = 0;
    for (let i = n; i >= 0; i--) {
      const v = (r[i] as number) + carry;
      if (v >= BASE) {
        r[i] = v - BASE;
        carry = 1;
      } else {
        r[i] = v;
        carry = 0;
      }
    }
  } else {
    const c = compareMagnitude(xd, x.e, yd, y.e);
    if (c === 0) return null;
    const bd = c > 0 ? xd : yd;
    const sd = c > 0 ? yd : xd;
    const bk = c > 0 ? xk : yk;
    const sk = c > 0 ? yk : xk;
    if (c < 0) sign = ys;
    for (let i = 0, o = 1 + top - bk; i < bd.length; i++) r[o + i] = bd[i] as number;
    for (let i = 0, o = 1 + top - sk; i < sd.length; i++) r[o + i] = (r[o + i] as number) - (sd[i] as number);
    let borrow = 0;
    for (let i = n; i >= 0; i--) {
      const v = (r[i] as number) - borrow;
      if (v < 0) {
        r[i] = v + BASE;
        borrow = 1;
      } else {
        r[i] = v;
        borrow = 0;
      }
    }
  }
  let f = 0;
  while (r[f] === 0) f++;
  let l = n;
  while (r[l] === 0) l--;
  const fd = wordDigits(r[f] as number);
  // Integer arithmetic (| 0): a word is below 1e7; a floating-point % would cost a library call.
  let last = (r[l] as number) | 0;
  let tz = 0;
  while (last % 10 === 0) {
    last = (last / 10) | 0;
    tz++;
  }
  const Ctor = as ?? (a as unknown as { constructor: DecimalCtor }).constructor;
  // More digits than the precision: rounded as decimal.js rounds its exact sum (roundWords needs
  // the word before the first free, so a carry into r[0] is left to decimal.js).
  if (fd + (l - f) * LOG_BASE - tz > Ctor.precision) return f > 0 ? roundWords(Ctor, sign, r, f, l, top + 1 - f, false) : null;
  const e = (top + 1 - f) * LOG_BASE + fd - 1;
  if (e > Ctor.maxE || e < Ctor.minE || e !== (e | 0)) return null;
  return new Made(Ctor, sign, e, r.slice(f, l + 1));
}

function compareMagnitude(xd: number[], xe: number, yd: number[], ye: number): number {
  if (xe !== ye) return xe > ye ? 1 : -1;
  const xl = xd.length;
  const yl = yd.length;
  for (let i = 0, j = xl < yl ? xl : yl; i < j; i++) {
    const xv = xd[i] as number;
    const yv = yd[i] as number;
    if (xv !== yv) return xv > yv ? 1 : -1;
  }
  return xl === yl ? 0 : xl > yl ? 1 : -1;
}

/** `a.times(b)`: the same value, constructor and representation (see `roundWords`). */
export function mul(a: Decimal, b: Decimal): Decimal {
  return mulWords(a, b) ?? a.times(b);
}

/** `a.div(b)`: the same value, constructor and representation (see `roundWords`). */
export function div(a: Decimal, b: Decimal): Decimal {
  return divWords(a, b) ?? a.div(b);
}

/** `money(a).plus(b)` without the copy: the sum in money precision. */
export function moneyAdd(a: Decimal, b: Decimal): Decimal {
  return addSub(a, b, false, D as unknown as DecimalCtor) ?? money(a).plus(b);
}

/** `money(a).div(b)` without the copy: the quotient in money precision. */
export function moneyDiv(a: Decimal, b: Decimal): Decimal {
  return a.constructor === D ? div(a, b) : (divWords(a, b, D as unknown as DecimalCtor) ?? money(a).div(b));
}

/** Scratch words for products and quotients; index 0 is kept free for a carry out of the top word. */
const prod: number[] = [];
for (let i = 0; i < 2 * MAX_WORDS + 8; i++) prod.push(0);

function mulWords(a: Decimal, b: Decimal): Decimal | null {
  const x = a as unknown as DecimalInternals;
  const y = b as unknown as DecimalInternals;
  const xd = x.d;
  const yd = y.d;
  if (xd === null || yd === null || xd[0] === 0 || yd[0] === 0) return null;
  const xl = xd.length;
  const yl = yd.length;
  if (xl + yl > 2 * MAX_WORDS) return null;
  // Schoolbook in base 1e7 (every partial sum stays below 2^53): the exact product's words are
  // prod[1..xl+yl], prod[1] possibly zero.
  const r = prod;
  const n = xl + yl;
  for (let i = 0; i <= n; i++) r[i] = 0;
  for (let i = yl - 1; i >= 0; i--) {
    const yv = yd[i] as number;
    let carry = 0;
    for (let k = xl - 1; k >= 0; k--) {
      const t = (r[1 + i + k + 1] as number) + yv * (xd[k] as number) + carry;
      carry = Math.floor(t / BASE);
      r[1 + i + k + 1] = t - carry * BASE;
    }
    r[1 + i] = (r[1 + i] as number) + carry;
  }
  // The top word r[1] sits at base-1e7 position xk + yk + 1.
  const top = Math.floor(x.e / LOG_BASE) + Math.floor(y.e / LOG_BASE) + 1;
  return roundWords((a as unknown as { constructor: DecimalCtor }).constructor, x.s * y.s, r, 1, n, top, false);
}

const TEN = 10n;
const pow10Big: bigint[] = [1n];
/** 10^k as a BigInt (cached). */
export function pow10n(k: number): bigint {
  while (pow10Big.length <= k) pow10Big.push((pow10Big[pow10Big.length - 1] as bigint) * TEN);
  return pow10Big[k] as bigint;
}

/** The words as one integer (the mantissa): value = mantissa x 1e7^(last word's position). */
function mantissa(d: number[]): bigint {
  const n = d.length;
  let k = 0;
  let m: bigint;
  if (n % 2 === 1) {
    m = BigInt(d[0] as number);
    k = 1;
  } else m = 0n;
  // Two words at a time: below 1e14, exact as a number.
  for (; k < n; k += 2) m = m * 100000000000000n + BigInt((d[k] as number) * BASE + (d[k + 1] as number));
  return m;
}

/**
 * Division by big integers: the quotient's first `precision + 2` digits or more, and whether a
 * remainder is left, are all that correct rounding needs; `roundWords` then rounds as decimal.js
 * (which is correctly rounded) does.
 */
function divWords(a: Decimal, b: Decimal, as?: DecimalCtor): Decimal | null {
  const x = a as unknown as DecimalInternals;
  const y = b as unknown as DecimalInternals;
  const xd = x.d;
  const yd = y.d;
  if (xd === null || yd === null || xd[0] === 0 || yd[0] === 0) return null;
  const Ctor = as ?? (a as unknown as { constructor: DecimalCtor }).constructor;
  const pr = Ctor.precision;
  // Divisors of at most nine significant digits (a lot's units, as a rule): see `divSmall`.
  const yl = yd.length;
  if (yl <= 2) {
    let my = yl === 1 ? (yd[0] as number) : (yd[0] as number) * BASE + (yd[1] as number);
    // y = my x 10^ey with my free of trailing zeros.
    let ey = (Math.floor(y.e / LOG_BASE) - yl + 1) * LOG_BASE;
    while (my % 10 === 0) {
      my /= 10;
      ey++;
    }
    if (my < SMALL_DIVISOR) return divSmall(Ctor, x, my, ey, y.s);
  }
  if (xd.length > MAX_WORDS || yd.length > MAX_WORDS || pr > 7 * MAX_WORDS) return null;
  const xl = xd.length;
  // x = mx * 10^lx, y = my * 10^ly (lx, ly multiples of 7).
  const lx = (Math.floor(x.e / LOG_BASE) - xl + 1) * LOG_BASE;
  const ly = (Math.floor(y.e / LOG_BASE) - yl + 1) * LOG_BASE;
  const dx = wordDigits(xd[0] as number) + (xl - 1) * LOG_BASE;
  const dy = wordDigits(yd[0] as number) + (yl - 1) * LOG_BASE;
  let shift = pr + 2 - (dx - dy);
  if (shift < 0) shift = 0;
  // Align the quotient's last digit on a word boundary so its decimal string splits into words.
  const low = lx - ly - shift;
  const pad = ((low % LOG_BASE) + LOG_BASE) % LOG_BASE;
  shift += pad;
  const my = mantissa(yd);
  const num = mantissa(xd) * pow10n(shift);
  const q = num / my;
  const inexact = q * my !== num;
  const text = q.toString();
  const len = text.length;
  const words = Math.ceil(len / LOG_BASE);
  if (words + 2 > prod.length) return null;
  const r = prod;
  let at = len - (words - 1) * LOG_BASE;
  r[1] = +text.slice(0, at);
  for (let k = 2; k <= words; k++, at += LOG_BASE) r[k] = +text.slice(at, at + LOG_BASE);
  // The last word's position: (low - pad) / 7, so the first word's is that + words - 1.
  const top = (lx - ly - shift) / LOG_BASE + words - 1;
  return roundWords(Ctor, x.s * y.s, r, 1, words, top, inexact);
}

/** Largest integer divisor for `divSmall`: remainder x 1e7 + a word stays below 2^53. */
const SMALL_DIVISOR = 900_000_000;

/**
 * x / (my x 10^ey) for an integer my below SMALL_DIVISOR, by long division in base 1e7 in
 * floating point, where every intermediate value is an integer below 2^53 and so exact. With
 * ey = 7K - s (0 <= s < 7), that is (x x 10^s) / (my x 1e7^K): the dividend's words are shifted
 * by s digits as they are read, so the quotient's words fall on decimal.js's word grid. Quotient
 * words go to `prod` until they hold precision + 2 significant digits and the dividend is used
 * up, or nothing is left over; a non-zero remainder is the sticky bit `roundWords` needs.
 */
function divSmall(Ctor: DecimalCtor, x: DecimalInternals, my: number, ey: number, ys: number): Decimal | null {
  const xd = x.d as number[];
  const xl = xd.length;
  const pr = Ctor.precision;
  const k = Math.ceil(ey / LOG_BASE);
  const shift = k * LOG_BASE - ey;
  // A word w times 10^shift is hi x 1e7 + lo x 10^shift.
  const split = POW10[LOG_BASE - shift] as number;
  const up = POW10[shift] as number;
  const r = prod;
  const limit = r.length - 1;
  let rem = 0;
  let m = 0;
  let sig = 0;
  let carried = 0;
  for (let j = 0; ; j++) {
    // Shifted word j: the low part of dividend word j - 1 and the high part of word j.
    if (j > xl && (rem === 0 || sig >= pr + 2)) break;
    if (m === limit) return null;
    let u = carried;
    if (j < xl) {
      const w = xd[j] as number;
      const hi = Math.floor(w / split);
      u += hi;
      carried = (w - hi * split) * up;
    } else carried = 0;
    const v = rem * BASE + u;
    let q = Math.floor(v / my);
    rem = v - q * my;
    if (rem < 0) {
      q--;
      rem += my;
    } else if (rem >= my) {
      q++;
      rem -= my;
    }
    r[++m] = q;
    if (sig > 0) sig += LOG_BASE;
    else if (q !== 0) sig = wordDigits(q);
  }
  // Shifted word 0 sits one word above the dividend's first; dividing by 1e7^k moves it down k.
  const top = Math.floor(x.e / LOG_BASE) + 1 - k;
  return roundWords(Ctor, x.s * ys, r, 1, m, top, rem !== 0);
}

/**
 * decimal.js's `finalise` for a result held in words r[from..to] (every word but the first has 7
 * digits; r[from - 1] is free): rounds to the constructor's precision with its rounding mode
 * (ROUND_HALF_UP or ROUND_HALF_EVEN; anything else returns null), `truncated` telling whether
 * non-zero digits follow r[to]. `top` is the base-1e7 position of r[from]. Returns the canonical
 * Decimal, or null where decimal.js would do something else (exponent limits).
 */
function roundWords(Ctor: DecimalCtor, sign: number, r: number[], from: number, to: number, top: number, truncated: boolean): Decimal | null {
  const rm = Ctor.rounding;
  if (rm !== 4 && rm !== 6) return null;
  while (from < to && r[from] === 0) {
    from++;
    top--;
  }
  while (to > from && r[to] === 0) to--;
  if (r[from] === 0) return null;
  const pr = Ctor.precision;
  const fd = wordDigits(r[from] as number);
  // Where the first dropped digit is: word `wi`, `j` digits into it (words after the first are 7 digits).
  let wi: number;
  let wl: number;
  let j: number;
  if (pr < fd) {
    wi = from;
    wl = fd;
    j = pr;
  } else {
    const rest = pr - fd;
    wi = from + 1 + Math.floor(rest / LOG_BASE);
    wl = LOG_BASE;
    j = rest % LOG_BASE;
  }
  // wi > to: every digit is kept; digits cut off below r[to] (`truncated`) start with a zero,
  // below half a unit, so they never round up.
  if (wi <= to) {
    const w = r[wi] as number;
    const below = POW10[wl - j - 1] as number;
    const rd = Math.floor(w / below) % 10;
    let sticky = truncated || w % below !== 0;
    for (let k = wi + 1; k <= to && !sticky; k++) if (r[k] !== 0) sticky = true;
    const unit = POW10[wl - j] as number;
    const kept = Math.floor(w / unit);
    const prev = j > 0 ? kept % 10 : (r[wi - 1] as number) % 10;
    const up = rm === 4 ? rd >= 5 : rd > 5 || (rd === 5 && (sticky || prev % 2 === 1));
    if (j > 0) {
      r[wi] = kept * unit;
      to = wi;
    } else to = wi - 1;
    if (up) {
      let k = to;
      r[k] = (r[k] as number) + (j > 0 ? unit : 1);
      while ((r[k] as number) >= BASE) {
        r[k] = (r[k] as number) - BASE;
        k--;
        if (k < from) {
          from = k;
          top++;
          r[k] = 1;
          break;
        }
        r[k] = (r[k] as number) + 1;
      }
    }
    while (to > from && r[to] === 0) to--;
  }
  const e = top * LOG_BASE + wordDigits(r[from] as number) - 1;
  if (e > Ctor.maxE || e < Ctor.minE || e !== (e | 0)) return null;
  return new Made(Ctor, sign, e, r.slice(from, to + 1));
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];
