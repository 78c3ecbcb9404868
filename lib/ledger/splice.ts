import type { LedgerEntry } from "./types";
import { ALL_ASSETS, type LedgerChanges } from "./changes";

/** Ledger entries with their row ids, ordered by time, then id (byte-wise). */
export interface IdentifiedEntries {
  ids: string[];
  entries: LedgerEntry[];
}

/**
 * Whether a change record covers this entry: it names one of the entry's assets, at or before the
 * entry's time. The same test as the database's reload query (lib/db/ledger.ts), so the rows it
 * drops from memory are exactly the rows that query brings back in their current state. A row
 * with no asset at all belongs to no change record, so it is always reloaded (such rows are rare).
 */
export function rowTouches(e: Pick<LedgerEntry, "time" | "sentAsset" | "receivedAsset" | "feeAsset">, changes: LedgerChanges): boolean {
  if (e.sentAsset === null && e.receivedAsset === null && e.feeAsset === null) return true;
  const ms = e.time.getTime();
  for (const a of [e.sentAsset, e.receivedAsset, e.feeAsset]) {
    if (a === null) continue;
    const at = changes.get(a);
    if (at !== undefined && ms >= at.getTime()) return true;
  }
  return false;
}

const before = (ms: number, id: string, ms2: number, id2: string) => ms < ms2 || (ms === ms2 && id < id2);

/**
 * The ledger after a change, from the ledger before it and the rows the change may have touched,
 * reloaded: every entry the change covers is dropped and the reloaded rows merged in, in order.
 * Rows deleted since are simply not reloaded; edited and new rows come back as they are now.
 */
export function spliceLedger(previous: IdentifiedEntries, reloaded: IdentifiedEntries, changes: LedgerChanges): IdentifiedEntries {
  if (changes.has(ALL_ASSETS)) throw new RangeError("a change to every asset reloads the whole ledger");
  const ids: string[] = [];
  const entries: LedgerEntry[] = [];
  let j = 0;
  const take = (id: string, e: LedgerEntry) => {
    ids.push(id);
    entries.push(e);
  };
  for (let i = 0; i < previous.entries.length; i++) {
    const e = previous.entries[i] as LedgerEntry;
    if (rowTouches(e, changes)) continue;
    const id = previous.ids[i] as string;
    const ms = e.time.getTime();
    while (j < reloaded.entries.length) {
      const r = reloaded.entries[j] as LedgerEntry;
      const rid = reloaded.ids[j] as string;
      if (!before(r.time.getTime(), rid, ms, id)) break;
      take(rid, r);
      j++;
    }
    take(id, e);
  }
  for (; j < reloaded.entries.length; j++) take(reloaded.ids[j] as string, reloaded.entries[j] as LedgerEntry);
  return { ids, entries };
}
