import { compare, moneyDiv, QZERO } from "../decimal";
import { acquiredBefore, type Lot } from "../lots";
import type { LotMethod, LotPool } from "./index";

/** Basis per unit, computed once per lot (a split part inherits it). */
function unitCost(lot: Lot) {
  if (lot.unitCost === null) lot.unitCost = lot.remaining.isZero() ? lot.basis : moneyDiv(lot.basis, lot.remaining);
  return lot.unitCost;
}

/** Dearest unit first; equal unit costs oldest first. */
function dearer(a: Lot, b: Lot): boolean {
  const c = compare(unitCost(a), unitCost(b));
  return c > 0 || (c === 0 && acquiredBefore(a, b));
}

/**
 * Unit cost as a double, for ordering only: relative error below 1e-13 (three leading words),
 * NaN where a double cannot hold it. Two keys further apart than KEY_MARGIN order their lots;
 * closer ones (or NaN) leave it to the exact comparison.
 */
function keyOf(lot: Lot): number {
  const u = unitCost(lot) as unknown as { s: number; e: number; d: number[] | null };
  const d = u.d;
  if (d === null) return Number.NaN;
  const w0 = d[0] as number;
  if (w0 === 0) return 0;
  const k = Math.floor(u.e / 7);
  if (k > 40 || k < -40) return Number.NaN;
  const top = 10 ** (7 * k);
  const v = w0 * top + (d.length > 1 ? (d[1] as number) * (top / 1e7) : 0) + (d.length > 2 ? (d[2] as number) * (top / 1e14) : 0);
  return u.s < 0 ? -v : v;
}

const KEY_MARGIN = 1e-9;

/** `dearer(a, b)`, decided by the keys when they are clearly apart. */
function dearerKeyed(ka: number, a: Lot, kb: number, b: Lot): boolean {
  const gap = ka - kb;
  const scale = Math.abs(ka) > Math.abs(kb) ? Math.abs(ka) : Math.abs(kb);
  if (gap > KEY_MARGIN * scale) return true;
  if (-gap > KEY_MARGIN * scale) return false;
  return dearer(a, b);
}

/**
 * A binary max-heap on unit cost. The keys sit beside the lots in a double array, so sifting
 * reads one contiguous array instead of two lots and their unit costs per comparison (a large
 * HIFO pool is mostly cache misses otherwise); only near-equal keys load the lots.
 */
class HeapPool implements LotPool {
  private heap: Lot[] = [];
  private keys: number[] = [];

  add(lot: Lot): void {
    const key = keyOf(lot);
    const h = this.heap;
    const keys = this.keys;
    let i = h.length;
    h.push(lot);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Lot;
      const pk = keys[parent] as number;
      if (!dearerKeyed(key, lot, pk, p)) break;
      h[i] = p;
      keys[i] = pk;
      i = parent;
    }
    h[i] = lot;
    keys[i] = key;
  }

  peek(): Lot | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.remaining !== QZERO) return top;
      this.pop();
    }
  }

  pop(): void {
    const h = this.heap;
    const keys = this.keys;
    const last = h.pop();
    const lastKey = keys.pop() as number;
    if (last === undefined || h.length === 0) return;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && dearerKeyed(keys[r] as number, h[r] as Lot, keys[l] as number, h[l] as Lot) ? r : l;
      if (!dearerKeyed(keys[child] as number, h[child] as Lot, lastKey, last)) break;
      h[i] = h[child] as Lot;
      keys[i] = keys[child] as number;
      i = child;
    }
    h[i] = last;
    keys[i] = lastKey;
  }

  lots(): Lot[] {
    return this.heap.filter((lot) => lot.remaining !== QZERO && !lot.remaining.isZero());
  }

  clear(): void {
    this.heap = [];
    this.keys = [];
  }

  items(): Lot[] {
    // The heap array as it is: lots of equal unit cost and date (parts of one lot) come out in
    // an order that depends on it.
    return this.heap.slice();
  }

  load(items: readonly Lot[]): void {
    this.heap = items.slice();
    this.keys = this.heap.map(keyOf);
  }
}

/**
 * Highest in, first out: the dearest units are sold first, minimising gains. A US standing rule
 * for specific identification, valid only when recorded by the time of sale (tax-rules notes 1.3).
 */
export const hifo: LotMethod = {
  id: "hifo",
  createPool: () => new HeapPool(),
  before: dearer,
};
