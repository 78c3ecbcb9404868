import type Decimal from "decimal.js";
import { fromParts } from "./decimal";

/**
 * Decimals kept as data instead of objects: each value's base-1e7 digit words go into number
 * chunks, with its exponent, sign, length and constructor beside it. A value read back is a new
 * Decimal of the same constructor, sign, exponent and digits as the one stored: the same value,
 * printed and computed with exactly as before. The engine keeps its disposal lines' proceeds this
 * way, and their units and money (fixed point, fixed.ts) in the integer columns below: a large
 * ledger has millions of them, and as objects (a Decimal is three: itself, its digit array and the
 * array's store) they cost more memory and garbage-collection time than everything else the
 * engine keeps. Chunks are never copied or grown, so filling a column leaves no garbage behind.
 *
 * Why plain arrays on the V8 heap and not typed arrays: a typed array's store is memory outside
 * the heap, and V8 starts a full (mark-compact) collection when that grows by more than 64 MB
 * (its external-memory limit), however much room the heap itself has. One engine run over the
 * bench's 1M rows wrote ~65 MB of typed chunks and so always paid a full collection of a ~1 GB
 * heap mid-run (0.5-0.8 s, and marking slows the code around it). Kept in arrays of numbers (small
 * integers or unboxed doubles, 8 bytes each, holding no pointers), the same run needs no
 * full collection: 6.3-7.1 s instead of 7.2-7.3 s, CPU 7.3-8.2 s instead of 9.3-9.4 s. Only the
 * money words (16 bytes a value, `MoneyColumn`) stay in a typed array: ~26 MB at 1M rows.
 */

const VALUES = 1 << 14;
const WORDS = 1 << 16;

/**
 * A chunk of `n` small integers (all 0): an ordinary array, on the V8 heap. At 16,384 slots or more
 * it is over V8's 128 KB limit for regular objects, so it lives in the large-object space, where
 * the collector never moves it: "never copied" above depends on VALUES and WORDS staying that big.
 */
function intChunk(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/** A chunk of `n` doubles: filled with a fraction so that V8 keeps them unboxed from the start. */
function doubleChunk(n: number): number[] {
  return new Array<number>(n).fill(0.5);
}

interface Parts {
  s: number;
  e: number;
  d: number[] | null;
  constructor: unknown;
}

/** Per value: where its words are, how many, its exponent, and sign and constructor together. */
interface ValueChunk {
  at: number[];
  exp: number[];
  /** Word count << 9 | constructor index << 1 | negative. */
  meta: number[];
}

export class DecimalColumn {
  private readonly valueChunks: ValueChunk[] = [];
  private readonly wordChunks: number[][] = [];
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
    if (slot === 0) this.valueChunks.push({ at: intChunk(VALUES), exp: intChunk(VALUES), meta: intChunk(VALUES) });
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
      this.wordChunks.push(intChunk(WORDS));
      this.wordsUsed = 0;
    }
    const words = this.wordChunks[this.wordChunks.length - 1] as number[];
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
    const words = this.wordChunks[Math.floor(at / WORDS)] as number[];
    const from = at % WORDS;
    const d = new Array<number>(len);
    for (let k = 0; k < len; k++) d[k] = words[from + k] as number;
    return fromParts(this.ctors[(meta >>> 1) & 255] as typeof Decimal, meta & 1 ? -1 : 1, chunk.exp[slot] as number, d);
  }
}

/** Small integers in chunks (never copied): append and read by index. */
export class IntColumn {
  private readonly chunks: number[][] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    const i = this.n++;
    if ((i & (VALUES - 1)) === 0) this.chunks.push(intChunk(VALUES));
    (this.chunks[i >>> 14] as number[])[i & (VALUES - 1)] = v;
  }

  get(i: number): number {
    return (this.chunks[i >>> 14] as number[])[i & (VALUES - 1)] as number;
  }
}

/**
 * Whole numbers (BigInt) in chunks of doubles when they are safe integers, the rule for units in
 * an asset's own decimal places (fixed.ts); larger ones are kept as they are. A BigInt is a heap
 * object: a million pieces' units as BigInts cost ~30 MB more than as doubles.
 */
export class UnitColumn {
  private readonly chunks: number[][] = [];
  private n = 0;
  private big: Map<number, bigint> | null = null;

  push(v: bigint): void {
    const i = this.n++;
    if ((i & (VALUES - 1)) === 0) this.chunks.push(doubleChunk(VALUES));
    if (v <= MAX_SAFE && v >= -MAX_SAFE) (this.chunks[i >>> 14] as number[])[i & (VALUES - 1)] = Number(v);
    else (this.big ??= new Map()).set(i, v);
  }

  get(i: number): bigint {
    return this.big?.get(i) ?? BigInt((this.chunks[i >>> 14] as number[])[i & (VALUES - 1)] as number);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * BigInts as 64-bit words in BigUint64Array chunks (outside the JS heap, never copied), two words
 * per value: money in the lot engine's fixed point is below 2^127 for any amount under 10^8 of a
 * currency; larger values are kept as they are. (Doubles cannot hold 64-bit words, and as BigInt
 * objects on the heap they would take 40 bytes each: this is the one typed array left, see top.)
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
