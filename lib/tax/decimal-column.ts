import type Decimal from "decimal.js";
import { fromParts } from "./decimal";

/**
 * Decimals kept as data instead of objects: each value's base-1e7 digit words go into Int32Array
 * chunks, with its exponent, sign, length and constructor beside it. A value read back is a new
 * Decimal of the same constructor, sign, exponent and digits as the one stored: the same value,
 * printed and computed with exactly as before. The engine keeps the figures of its disposal lines
 * and the units and basis of every lot they used this way: a large ledger has millions of them,
 * and as objects (three each: the Decimal, its digit array and the array's store) they cost more
 * memory and garbage-collection time than everything else the engine keeps. Chunks are never
 * copied or grown, so filling a column leaves no garbage behind.
 */
interface Parts {
  s: number;
  e: number;
  d: number[] | null;
  constructor: unknown;
}

const VALUES = 1 << 14;
const WORDS = 1 << 16;

/** Per value: where its words are, how many, its exponent, and sign and constructor together. */
interface ValueChunk {
  at: Int32Array;
  exp: Int32Array;
  /** Word count << 9 | constructor index << 1 | negative. */
  meta: Int32Array;
}

export class DecimalColumn {
  private readonly valueChunks: ValueChunk[] = [];
  private readonly wordChunks: Int32Array[] = [];
  /** Words used in the last word chunk. */
  private wordsUsed = WORDS;
  private n = 0;
  private readonly ctors: unknown[] = [];
  private lastCtor: unknown = null;
  private lastCtorIndex = -1;
  /** Values that are not plain finite numbers (NaN, Infinity) or too long for a chunk, kept as they are. */
  private odd: Map<number, Decimal> | null = null;

  get length(): number {
    return this.n;
  }

  /** Appends a value; returns its index. */
  push(x: Decimal): number {
    const i = this.n++;
    const slot = i & (VALUES - 1);
    if (slot === 0) this.valueChunks.push({ at: new Int32Array(VALUES), exp: new Int32Array(VALUES), meta: new Int32Array(VALUES) });
    const chunk = this.valueChunks[i >>> 14] as ValueChunk;
    const p = x as unknown as Parts;
    const d = p.d;
    // Runs of one constructor are the rule (quantities, then money): the last one is checked first.
    let c = this.lastCtorIndex;
    if (p.constructor !== this.lastCtor) {
      c = this.ctors.indexOf(p.constructor);
      if (c < 0) {
        c = this.ctors.length;
        this.ctors.push(p.constructor);
      }
      this.lastCtor = p.constructor;
      this.lastCtorIndex = c;
    }
    const len = d === null ? 0 : d.length;
    if (d === null || p.e !== (p.e | 0) || len > 1024 || c > 255) {
      (this.odd ??= new Map()).set(i, x);
      return i;
    }
    if (this.wordsUsed + len > WORDS) {
      this.wordChunks.push(new Int32Array(WORDS));
      this.wordsUsed = 0;
    }
    const words = this.wordChunks[this.wordChunks.length - 1] as Int32Array;
    const from = this.wordsUsed;
    for (let k = 0; k < len; k++) words[from + k] = d[k] as number;
    this.wordsUsed = from + len;
    chunk.at[slot] = (this.wordChunks.length - 1) * WORDS + from;
    chunk.exp[slot] = p.e;
    chunk.meta[slot] = (len << 9) | (c << 1) | (p.s < 0 ? 1 : 0);
    return i;
  }

  /** The value at `i`, as a new Decimal. */
  get(i: number): Decimal {
    const odd = this.odd?.get(i);
    if (odd !== undefined) return odd;
    const chunk = this.valueChunks[i >>> 14] as ValueChunk;
    const slot = i & (VALUES - 1);
    const at = chunk.at[slot] as number;
    const meta = chunk.meta[slot] as number;
    const len = meta >>> 9;
    const words = this.wordChunks[Math.floor(at / WORDS)] as Int32Array;
    const from = at % WORDS;
    const d = new Array<number>(len);
    for (let k = 0; k < len; k++) d[k] = words[from + k] as number;
    return fromParts(this.ctors[(meta >>> 1) & 255] as typeof Decimal, meta & 1 ? -1 : 1, chunk.exp[slot] as number, d);
  }
}

/** Small integers in Int32Array chunks (never copied): append and read by index. */
export class IntColumn {
  private readonly chunks: Int32Array[] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    const i = this.n++;
    if ((i & (VALUES - 1)) === 0) this.chunks.push(new Int32Array(VALUES));
    (this.chunks[i >>> 14] as Int32Array)[i & (VALUES - 1)] = v;
  }

  get(i: number): number {
    return (this.chunks[i >>> 14] as Int32Array)[i & (VALUES - 1)] as number;
  }
}

/**
 * Whole numbers (BigInt) in Float64Array chunks when they are safe integers, the rule for units in
 * an asset's own decimal places (fixed.ts); larger ones are kept as they are. A BigInt is a heap
 * object: a million pieces' units as BigInts cost ~30 MB more than as doubles.
 */
export class UnitColumn {
  private readonly chunks: Float64Array[] = [];
  private n = 0;
  private big: Map<number, bigint> | null = null;

  push(v: bigint): void {
    const i = this.n++;
    if ((i & (VALUES - 1)) === 0) this.chunks.push(new Float64Array(VALUES));
    if (v <= MAX_SAFE && v >= -MAX_SAFE) (this.chunks[i >>> 14] as Float64Array)[i & (VALUES - 1)] = Number(v);
    else (this.big ??= new Map()).set(i, v);
  }

  get(i: number): bigint {
    return this.big?.get(i) ?? BigInt((this.chunks[i >>> 14] as Float64Array)[i & (VALUES - 1)] as number);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * BigInts as 64-bit words in BigUint64Array chunks (outside the JS heap, never copied), two words
 * per value: money in the lot engine's fixed point is below 2^127 for any amount under 10^8 of a
 * currency; larger values are kept as they are.
 */
export class MoneyColumn {
  private readonly chunks: BigUint64Array[] = [];
  private n = 0;
  private big: Map<number, bigint> | null = null;

  push(v: bigint): void {
    const i = this.n++;
    const slot = i & (VALUES - 1);
    if (slot === 0) this.chunks.push(new BigUint64Array(2 * VALUES));
    const chunk = this.chunks[i >>> 14] as BigUint64Array;
    if (v >= 0n && v < TWO_127) {
      chunk[2 * slot] = v;
      chunk[2 * slot + 1] = v >> 64n;
    } else {
      (this.big ??= new Map()).set(i, v);
      chunk[2 * slot + 1] = BIG;
    }
  }

  get(i: number): bigint {
    const chunk = this.chunks[i >>> 14] as BigUint64Array;
    const slot = i & (VALUES - 1);
    const hi = chunk[2 * slot + 1] as bigint;
    if (hi === BIG) return this.big?.get(i) as bigint;
    return (hi << 64n) | (chunk[2 * slot] as bigint);
  }
}

const TWO_127 = 1n << 127n;
/** High word of a value kept in the map (no value below 2^127 has it). */
const BIG = 1n << 63n;
