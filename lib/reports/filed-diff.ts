import type Decimal from "decimal.js";
import { D, ZERO } from "../tax/decimal";
import type { DisposalLine, TaxResult } from "../tax/types";
import { exact } from "./format";

/**
 * Filed versions: when the user marks a report as filed, its disposals are stored as snapshots
 * (plain JSON: strings only, so they survive any storage). When the ledger changes later,
 * `diffDisposals` says what changed since, disposal by disposal.
 *
 * Identity. A snapshot's `id` is the source entry's externalId (the engine's `disposalId`), the
 * line's term or matching rule (one disposal can have a short- and a long-term line, or same-day
 * and s104 shares in the UK) and the ids of the lots it used. Matching runs in two passes: equal
 * `id` first; then what is left is paired on `lineKey` (externalId + term/rule) alone, so a
 * disposal whose lots changed (an earlier buy was imported, say) shows as *changed*, with `lots`
 * among the changed fields, rather than as removed and added.
 */

export interface DisposalSnapshot {
  /** `${lineKey}|${lot ids, sorted, joined by "+"}` */
  id: string;
  /** `${disposalId}|${term or rule}`, plus `#n` for the n-th line with the same key. */
  lineKey: string;
  disposalId: string;
  taxYear: number;
  asset: string;
  amount: string;
  account: string;
  acquiredAt: string | null;
  disposedAt: string;
  proceeds: string;
  costBasis: string;
  gain: string;
  term: string | null;
  rule: string;
  /** "lotId:units" joined by ";" in the engine's order. */
  lots: string;
  basisMissing: boolean;
  priceMissing: boolean;
}

export type SnapshotField = Exclude<keyof DisposalSnapshot, "id" | "lineKey" | "disposalId">;

const COMPARED: readonly SnapshotField[] = ["taxYear", "asset", "amount", "account", "acquiredAt", "disposedAt", "proceeds", "costBasis", "gain", "term", "rule", "lots", "basisMissing", "priceMissing"];
const NUMERIC: ReadonlySet<SnapshotField> = new Set(["amount", "proceeds", "costBasis", "gain"]);

function snapshot(d: DisposalLine, lineKey: string): DisposalSnapshot {
  const lotIds = d.lots.map((l) => l.id).sort();
  return {
    id: `${lineKey}|${lotIds.join("+")}`,
    lineKey,
    disposalId: d.disposalId,
    taxYear: d.taxYear,
    asset: d.asset,
    amount: exact(d.amount),
    account: d.account,
    acquiredAt: d.acquiredAt ? d.acquiredAt.toISOString() : null,
    disposedAt: d.disposedAt.toISOString(),
    proceeds: exact(d.proceeds),
    costBasis: exact(d.costBasis),
    gain: exact(d.gain),
    term: d.term,
    rule: d.rule,
    lots: d.lots.map((l) => `${l.id}:${exact(l.amount)}`).join(";"),
    basisMissing: d.basisMissing,
    priceMissing: d.priceMissing,
  };
}

/** The disposals of one tax year as snapshots, sorted by id. */
export function snapshotDisposals(result: TaxResult, year: number): DisposalSnapshot[] {
  const seen = new Map<string, number>();
  const out: DisposalSnapshot[] = [];
  for (const d of result.disposals) {
    if (d.taxYear !== year) continue;
    const base = `${d.disposalId}|${d.term ?? d.rule}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push(snapshot(d, n === 1 ? base : `${base}#${n}`));
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface FieldChange {
  field: SnapshotField;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface ChangedDisposal {
  before: DisposalSnapshot;
  after: DisposalSnapshot;
  changes: FieldChange[];
}

export interface DisposalDiff {
  added: DisposalSnapshot[];
  removed: DisposalSnapshot[];
  changed: ChangedDisposal[];
  unchanged: number;
  /** Sums over all snapshots, before (filed) and after (current), as decimal strings. */
  totals: { before: DiffTotals; after: DiffTotals; delta: DiffTotals };
}

export interface DiffTotals {
  proceeds: string;
  costBasis: string;
  gain: string;
}

function equal(field: SnapshotField, a: DisposalSnapshot[SnapshotField], b: DisposalSnapshot[SnapshotField]): boolean {
  // Decimal text compares by value ("1.50" = "1.5"), so a snapshot stored by an older version
  // that wrote trailing zeros does not show as changed.
  if (NUMERIC.has(field) && typeof a === "string" && typeof b === "string") return new D(a).eq(b);
  return a === b;
}

function compare(before: DisposalSnapshot, after: DisposalSnapshot): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of COMPARED) if (!equal(f, before[f], after[f])) out.push({ field: f, before: before[f], after: after[f] });
  return out;
}

function totals(list: readonly DisposalSnapshot[]): { proceeds: Decimal; costBasis: Decimal; gain: Decimal } {
  let proceeds = ZERO;
  let costBasis = ZERO;
  let gain = ZERO;
  for (const s of list) {
    proceeds = proceeds.plus(s.proceeds);
    costBasis = costBasis.plus(s.costBasis);
    gain = gain.plus(s.gain);
  }
  return { proceeds, costBasis, gain };
}

const text = (t: { proceeds: Decimal; costBasis: Decimal; gain: Decimal }): DiffTotals => ({ proceeds: exact(t.proceeds), costBasis: exact(t.costBasis), gain: exact(t.gain) });

export function diffDisposals(filed: readonly DisposalSnapshot[], current: readonly DisposalSnapshot[]): DisposalDiff {
  const changed: ChangedDisposal[] = [];
  let unchanged = 0;
  const leftBefore: DisposalSnapshot[] = [];
  const byId = new Map<string, DisposalSnapshot[]>();
  for (const s of current) {
    const list = byId.get(s.id);
    if (list) list.push(s);
    else byId.set(s.id, [s]);
  }
  const pair = (before: DisposalSnapshot, after: DisposalSnapshot) => {
    const changes = compare(before, after);
    if (changes.length === 0) unchanged++;
    else changed.push({ before, after, changes });
  };
  // Pass 1: same id (same disposal, same lots).
  for (const b of filed) {
    const a = byId.get(b.id)?.shift();
    if (a) pair(b, a);
    else leftBefore.push(b);
  }
  // Pass 2: same disposal line with other lots.
  const byLine = new Map<string, DisposalSnapshot[]>();
  for (const list of byId.values()) {
    for (const s of list) {
      const l = byLine.get(s.lineKey);
      if (l) l.push(s);
      else byLine.set(s.lineKey, [s]);
    }
  }
  const removed: DisposalSnapshot[] = [];
  for (const b of leftBefore) {
    const a = byLine.get(b.lineKey)?.shift();
    if (a) pair(b, a);
    else removed.push(b);
  }
  const added = [...byLine.values()].flat().sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  changed.sort((x, y) => (x.after.id < y.after.id ? -1 : x.after.id > y.after.id ? 1 : 0));
  const tb = totals(filed);
  const ta = totals(current);
  return {
    added,
    removed,
    changed,
    unchanged,
    totals: { before: text(tb), after: text(ta), delta: text({ proceeds: ta.proceeds.minus(tb.proceeds), costBasis: ta.costBasis.minus(tb.costBasis), gain: ta.gain.minus(tb.gain) }) },
  };
}
