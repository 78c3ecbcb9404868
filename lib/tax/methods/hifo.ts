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

/** A binary max-heap on unit cost. */
class HeapPool implements LotPool {
  private heap: Lot[] = [];

  add(lot: Lot): void {
    unitCost(lot);
    const h = this.heap;
    let i = h.length;
    h.push(lot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Lot;
      if (!dearer(lot, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = lot;
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
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && dearer(h[r] as Lot, h[l] as Lot) ? r : l;
      if (!dearer(h[child] as Lot, last)) break;
      h[i] = h[child] as Lot;
      i = child;
    }
    h[i] = last;
  }

  lots(): Lot[] {
    return this.heap.filter((lot) => lot.remaining !== QZERO && !lot.remaining.isZero());
  }

  clear(): void {
    this.heap = [];
  }

  items(): Lot[] {
    // The heap array as it is: lots of equal unit cost and date (parts of one lot) come out in
    // an order that depends on it.
    return this.heap.slice();
  }

  load(items: readonly Lot[]): void {
    this.heap = items.slice();
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
