import type Decimal from "decimal.js";
import { add, fromParts, Q, QZERO, sub } from "./decimal";

/**
 * Sums of 60 significant digits are exact, so independent of the order terms are added in, when
 * every term is a multiple of 10^minQ and the total of their sizes stays below 10^(minQ + 60):
 * then every partial sum, in any order, fits in 60 digits. The lot engine adds lines up in
 * processing order across all assets; the recompute adds per-asset totals; this says both agree.
 */
export function exactSums(n: number, maxE: number, minQ: number): boolean {
  if (n === 0) return true;
  return String(n).length + maxE + 1 - minQ <= 60;
}

const BASE = 1e7;
const LOG_BASE = 7;
/** Word k holds units of 10^(7 * (k + LOW)). Terms outside the words go to decimal.js. */
const LOW = -72;
const WORDS = 112;
/** Carry before any word could reach 2^53 (a term adds less than 1e7 to a word). */
const CARRY_EVERY = 1 << 20;

interface Internals {
  s: number;
  e: number;
  d: number[] | null;
  constructor: typeof Decimal;
}

function wordDigits(w: number): number {
  return w < 1e4 ? (w < 100 ? (w < 10 ? 1 : 2) : w < 1000 ? 3 : 4) : w < 1e6 ? (w < 1e5 ? 5 : 6) : 7;
}

/** Carries words `from`.. so each is in [0, 1e7); returns what carries out of the top word. */
function carryUp(w: Float64Array, from: number): number {
  let carry = 0;
  for (let k = from; k < WORDS; k++) {
    const v = (w[k] as number) + carry;
    carry = Math.floor(v / BASE);
    w[k] = v - carry * BASE;
  }
  return carry;
}

/**
 * A running total equal to the chain `start.plus(x1).minus(x2)…` (value and constructor: the
 * start's), without a new Decimal per term. Used where the engine keeps long chains: the yearly
 * totals of disposal lines (two terms per line) and every account's balance (a term per event);
 * as Decimals, each step made a new value, a large part of the engine's garbage.
 *
 * Terms go into fixed-point base-1e7 words (Float64Array: integers below 2^53 are exact, and the
 * words are carried often enough to stay below it). That equals the Decimal chain as long as
 * every partial sum fits in the constructor's precision, which the rule of `exactSums` (with that
 * precision) guarantees from the terms' sizes alone. The moment a term would break that guarantee,
 * the total so far (exact, so equal to the chain's) becomes a Decimal and the chain continues in
 * decimal.js.
 */
export class ExactSum {
  private readonly ctor: typeof Decimal;
  private readonly precision: number;
  private start: Decimal;
  private words: Float64Array | null = null;
  /** Carried out of the top word so far (a negative total leaves it below zero). */
  private over = 0;
  /** Set once the total left the exact range: the chain's value from then on. */
  private chain: Decimal | null = null;
  /** Terms added (non-zero), digits of that count, and the count at which it gains one. */
  private n = 0;
  private nDigits = 1;
  private nextPow = 10;
  private maxE = -Infinity;
  private minQ = Infinity;
  private pending = 0;
  /** Lowest word written. */
  private lo = WORDS;

  constructor(start: Decimal = QZERO) {
    const p = start as unknown as Internals;
    this.start = start;
    this.ctor = p.constructor;
    this.precision = p.constructor.precision;
    if ((p.d === null || p.d[0] !== 0) && !this.term(start, false)) this.chain = start;
  }

  add(x: Decimal): void {
    this.addSigned(x, false);
  }

  sub(x: Decimal): void {
    this.addSigned(x, true);
  }

  /** The total is below zero. */
  isNeg(): boolean {
    if (this.chain !== null) return this.chain.isNeg();
    if (this.words === null) return this.start.isNeg();
    this.pending = 0;
    this.over += carryUp(this.words, this.lo);
    return this.over < 0;
  }

  private addSigned(x: Decimal, negate: boolean): void {
    if (this.chain === null && this.term(x, negate)) return;
    this.chain = negate ? sub(this.value(), x) : add(this.value(), x);
    this.words = null;
  }

  /** Adds `x` (negated) to the words; false, changing nothing, when the total could then be inexact. */
  private term(x: Decimal, negate: boolean): boolean {
    const p = x as unknown as Internals;
    const d = p.d;
    if (d === null) return false;
    // Adding zero leaves the chain's value as it is, except the sign of a zero start: in decimal.js
    // -0 + 0 is +0 and -0 - -0 is +0 (zeros are cheap to add there).
    if (d[0] === 0) {
      if (this.words === null && this.start.isZero() && this.start.isNeg()) this.start = negate ? this.start.minus(x) : this.start.plus(x);
      return true;
    }
    const len = d.length;
    let last = (d[len - 1] as number) | 0;
    let tz = 0;
    while (last % 10 === 0) {
      last = (last / 10) | 0;
      tz++;
    }
    const e = p.e;
    const q = e - (wordDigits(d[0] as number) + LOG_BASE * (len - 1) - tz) + 1;
    const maxE = e > this.maxE ? e : this.maxE;
    const minQ = q < this.minQ ? q : this.minQ;
    const nDigits = this.n + 1 === this.nextPow ? this.nDigits + 1 : this.nDigits;
    const top = Math.floor(e / LOG_BASE) - LOW;
    const bottom = top - len + 1;
    // Headroom of three words above a term: carries of up to 2^20 terms between carrying.
    if (nDigits + maxE + 1 - minQ > this.precision || bottom < 0 || top + 3 >= WORDS) return false;
    if (++this.n === this.nextPow) this.nextPow *= 10;
    this.nDigits = nDigits;
    this.maxE = maxE;
    this.minQ = minQ;
    const w = (this.words ??= new Float64Array(WORDS));
    if (p.s < 0 !== negate) for (let i = 0; i < len; i++) w[top - i] = (w[top - i] as number) - (d[i] as number);
    else for (let i = 0; i < len; i++) w[top - i] = (w[top - i] as number) + (d[i] as number);
    if (bottom < this.lo) this.lo = bottom;
    if (++this.pending === CARRY_EVERY) {
      this.pending = 0;
      this.over += carryUp(w, this.lo);
    }
    return true;
  }

  /** The total, as the Decimal chain would hold it. */
  value(): Decimal {
    if (this.chain !== null) return this.chain;
    if (this.words === null) return this.start;
    const w = this.words.slice();
    const over = this.over + carryUp(w, this.lo);
    if (over === 0) return this.build(1, w);
    // Negative: the magnitude is the words negated and carried again (the carries cancel `over`).
    for (let k = this.lo; k < WORDS; k++) w[k] = -(w[k] as number);
    carryUp(w, this.lo);
    return this.build(-1, w);
  }

  /** The Decimal of carried words (each in [0, 1e7)), as decimal.js keeps it. */
  private build(sign: number, w: Float64Array): Decimal {
    const lo = this.lo;
    let hi = WORDS - 1;
    while (hi >= lo && w[hi] === 0) hi--;
    // An exact zero: decimal.js's sum of opposites is a positive zero.
    if (hi < lo) return this.ctor === Q ? QZERO : new this.ctor(0);
    let low = lo;
    while (w[low] === 0) low++;
    const digits: number[] = [];
    for (let k = hi; k >= low; k--) digits.push(w[k] as number);
    return fromParts(this.ctor, sign, (hi + LOW) * LOG_BASE + wordDigits(w[hi] as number) - 1, digits);
  }
}
