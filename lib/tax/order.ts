import type { DisposalLine, IncomeEvent, OpenLot, RemovalLine } from "./types";

/**
 * Deterministic orders. Entries are processed by time, equal instants in source order (tax-rules
 * notes 5 "Same timestamp"); outputs are ordered on content so that reordering independent rows
 * cannot change them.
 */

/**
 * Indexes ordered by time, equal times by index; entries without a valid time last, by index
 * (they are skipped, and kept out of the comparison: a NaN there would make the order of the
 * others depend on where they sit). Skips the sort when already in order.
 */
export function sortByTime(ms: Float64Array): number[] {
  const n = ms.length;
  const order = new Array<number>(n);
  let sorted = true;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (!Number.isFinite(ms[i] as number)) invalid++;
    else if (i > 0 && !((ms[i - 1] as number) <= (ms[i] as number))) sorted = false;
  }
  if (invalid > 0) {
    const valid = order.filter((i) => Number.isFinite(ms[i] as number));
    valid.sort((a, b) => (ms[a] as number) - (ms[b] as number) || a - b);
    for (let i = 0; i < n; i++) if (!Number.isFinite(ms[i] as number)) valid.push(i);
    return valid;
  }
  if (!sorted) order.sort((a, b) => (ms[a] as number) - (ms[b] as number) || a - b);
  return order;
}

function str(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts a list that is (nearly always) in time order already: only runs sharing an instant are
 * sorted by `tie`; a full sort happens only when the list is out of time order. Stable.
 */
export function sortByTimeThen<T>(list: T[], msOf: (x: T) => number, tie: (a: T, b: T) => number): void {
  for (let i = 1; i < list.length; i++) {
    if (msOf(list[i - 1] as T) > msOf(list[i] as T)) {
      list.sort((a, b) => msOf(a) - msOf(b) || tie(a, b));
      return;
    }
  }
  let start = 0;
  while (start < list.length) {
    const t = msOf(list[start] as T);
    let end = start + 1;
    while (end < list.length && msOf(list[end] as T) === t) end++;
    if (end - start > 1) {
      const run = list.slice(start, end).sort(tie);
      for (let k = 0; k < run.length; k++) list[start + k] = run[k] as T;
    }
    start = end;
  }
}

export function sortDisposals(list: DisposalLine[]): void {
  // Lines of one disposal share every key and stay in the order their lots were used.
  sortByTimeThen(list, (d) => d.disposedAt.getTime(), (a, b) => str(a.asset, b.asset) || str(a.account, b.account) || str(a.disposalId, b.disposalId));
}

export function sortIncome(list: IncomeEvent[]): void {
  sortByTimeThen(list, (e) => e.receivedAt.getTime(), (a, b) => str(a.asset, b.asset) || str(a.account, b.account) || str(a.id, b.id));
}

export function compareRemovals(a: RemovalLine, b: RemovalLine): number {
  return a.at.getTime() - b.at.getTime() || str(a.asset, b.asset) || str(a.account, b.account) || str(a.id, b.id);
}

export function compareOpenLots(a: OpenLot, b: OpenLot): number {
  return (
    str(a.asset, b.asset) ||
    str(a.account, b.account) ||
    (a.acquiredAt?.getTime() ?? -Infinity) - (b.acquiredAt?.getTime() ?? -Infinity) ||
    str(a.id, b.id) ||
    a.amount.cmp(b.amount) ||
    a.costBasis.cmp(b.costBasis)
  );
}
