import { acquiredBefore, type Lot } from "../lots";
import type { LotMethod, LotPool } from "./index";

/** Sign of unitCost(a) - unitCost(b): the unit costs are exact ratios (lots.ts), compared across. */
function compareUnitCost(a: Lot, b: Lot): number {
  const x = a.unitBasis * b.unitUnits;
  const y = b.unitBasis * a.unitUnits;
  return x > y ? 1 : x < y ? -1 : 0;
}

/** Dearest unit first; equal unit costs oldest first. */
function dearer(a: Lot, b: Lot): boolean {
  const c = compareUnitCost(a, b);
  return c > 0 || (c === 0 && acquiredBefore(a, b));
}

/**
 * Unit cost as a double, for ordering only (money per whole unit, so a book's rescaling leaves it
 * unchanged): relative error near 1e-16. Two keys further apart than KEY_MARGIN order their lots;
 * closer ones leave it to the exact comparison.
 */
function keyOf(lot: Lot): number {
  if (lot.unitBasis === 0n) return 0;
  return (Number(lot.unitBasis) / Number(lot.unitUnits)) * 10 ** lot.holder.book.scale;
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
      if (top === undefined || top.remaining !== 0n) return top;
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
    return this.heap.filter((lot) => lot.remaining !== 0n);
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
