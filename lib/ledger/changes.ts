/**
 * What a ledger edit touched, in the terms the result cache needs: per asset, the earliest time
 * that changed. A recompute then replays each affected asset from that time only (lib/tax
 * incremental recompute); "*" stands for every asset (a price change, a settings-wide change).
 */
export const ALL_ASSETS = "*";

export interface ChangedRowShape {
  time: Date;
  sentAsset: string | null;
  receivedAsset: string | null;
  feeAsset: string | null;
}

export type LedgerChanges = Map<string, Date>;

/** Adds `time` for `asset`, keeping the earliest. */
export function noteChange(changes: LedgerChanges, asset: string, time: Date): LedgerChanges {
  const known = changes.get(asset);
  if (!known || time.getTime() < known.getTime()) changes.set(asset, time);
  return changes;
}

/** The assets the given rows touch, each with the earliest time among them. */
export function changesFromRows(rows: Iterable<ChangedRowShape>, into: LedgerChanges = new Map()): LedgerChanges {
  for (const r of rows) {
    if (r.sentAsset) noteChange(into, r.sentAsset, r.time);
    if (r.receivedAsset) noteChange(into, r.receivedAsset, r.time);
    if (r.feeAsset) noteChange(into, r.feeAsset, r.time);
  }
  return into;
}

/** Every asset from `time` on. */
export function changeEverything(time: Date): LedgerChanges {
  return new Map([[ALL_ASSETS, time]]);
}

/**
 * Merges stored change records into one map; an ALL_ASSETS record expands to every asset in
 * `assets` at its time (assets are only known to the caller, who has the ledger).
 */
export function mergeChanges(records: Iterable<{ asset: string; earliest: Date }>, assets: Iterable<string>): LedgerChanges {
  const out: LedgerChanges = new Map();
  let all: Date | null = null;
  for (const r of records) {
    if (r.asset === ALL_ASSETS) all = all && all.getTime() <= r.earliest.getTime() ? all : r.earliest;
    else noteChange(out, r.asset, r.earliest);
  }
  if (all) for (const a of assets) noteChange(out, a, all);
  return out;
}
