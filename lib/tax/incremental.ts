import type Decimal from "decimal.js";
import { isFiat, type LedgerEntry } from "../ledger/types";
import { type CtorResolver, addToStatBucket, bucketRecs, type BookRec, type BucketRec, ctorResolver, decodeDecimal, emptyStatBucket, encodeDecimal, exactSums, type LotRec, type Num, restoreBook, restoreBuckets, snapshotBook, type StatBucket } from "./checkpoint-state";
import { assemble, balancesOf, compareBalances, emitContext, makeSink, prepare, type Prepared } from "./engine";
import { emitEntry, type AssetFilter } from "./events";
import { type AssetBook, Holdings } from "./holdings";
import { emptyBucket, type OpenBucket, type TermBuckets } from "./jurisdictions/buckets";
import { LotEngine, type LineHook } from "./lot-engine";
import { methodById } from "./methods";
import type { BasisAllocation, DisposalLine, IncomeEvent, JurisdictionId, MethodId, TaxResult, TaxSettings, TaxWarning } from "./types";
import { UkMatcher } from "./uk-matching";

/**
 * Incremental recompute for the result cache (issue #8): after a ledger edit, replay each
 * affected asset from its latest safe checkpoint before the edit instead of the whole ledger.
 *
 *   computeTaxWithCheckpoints(entries, settings) -> { result, checkpoints }
 *   recomputeTax(entries', settings, previous, changed) -> { result, checkpoints, stats }
 *
 * `recomputeTax` gives exactly `computeTax(entries', settings)` (lib/tax/incremental.test.ts
 * checks it on random ledgers and edits). How:
 *
 * - Partition by asset: every event, line, income, removal and warning belongs to one asset (the
 *   one it names), and an entry touching A, B and C belongs to each. The events of an asset depend
 *   only on that asset's state and on the entry (values come from the row and the price lookup),
 *   so an asset can be replayed alone: entries touching it are run with the other assets' events
 *   and warnings switched off (`EmitContext.only`).
 * - The passes over the whole ledger are cheap and simply run again: times and order, invalid
 *   times and duplicate rows (their warnings are not per asset), and transfer matching. Transfer
 *   pairs are per asset, but matching by hash or by window can change pairs far from an edit (a
 *   new withdrawal can take a deposit an older one had), so old and new pairs are compared and an
 *   asset is replayed from the first half of every pair that changed or touches the edit.
 * - Checkpoints: the lot state of each asset (pools in their internal order, traced lots,
 *   balances, the 2025 per-account switch, running short/long totals) every `every` events or so
 *   (more when the asset holds many lots, so keeping them stays linear). The replay restores the
 *   latest checkpoint strictly before the asset's first change; it must not fall inside a transfer
 *   pair of that asset (a pair is processed at its first half, and its warnings carry either
 *   half's time), so that everything before it is exactly what was processed before it. Results
 *   of the asset before that instant are kept from the previous result; the rest is replayed.
 * - UK: matching looks ahead (same day, then 30 days, CRYPTO22200) and is done per token after
 *   all its events are known, and a disposal's result can move when an acquisition up to 30 days
 *   later changes; rather than keep the partly matched acquisitions of every window, an affected
 *   token is matched again in full (its events replayed from its first entry). Fiat "assets"
 *   (fiat income, fee conversion warnings) have no state: replayed from the change itself.
 * - Totals: US/DE short/long totals are added up per asset and summed. The engine adds them in
 *   processing order across assets; the two agree when every sum is exact (`exactSums`: 60
 *   digits), checked, and when no two disposals of different assets share an id (the disposal
 *   count counts id changes), also checked; otherwise everything is recomputed. UK summaries
 *   come from the lines, as in a full run. Warnings, income, removals, lots and balances are
 *   sorted as the engine sorts them.
 * - The US switch to per-wallet identification (1 Jan 2025) happens per asset at the same place
 *   relative to its own entries, wherever it falls globally; but whether it happens depends on
 *   the whole ledger reaching 2025, so an edit that changes that replays every asset from it.
 *   Allocations (Rev. Proc. 2024-28 safe harbor) are listed per asset in the order the engine
 *   first met each asset, recorded with the checkpoints.
 *
 * Full recompute (of everything) when: the checkpoints are for other settings or another result,
 * ids repeat across entries (US/DE), or a sum might not be exact. The previous result must be
 * the one computed with the checkpoints, with the same settings and prices; entries before an
 * asset's first change must be unchanged and keep their relative order in `entries`.
 */

export interface CheckpointOptions {
  /** Events of an asset between two checkpoints, at least. Default 512. */
  every?: number;
}

/** Transfer pair: withdrawal account and id, deposit account and id, earliest and latest half (ms). */
type PairRec = [string, string, string, string, number, number];

interface FirstTouch {
  ms: number;
  key: string;
  /** Order among the books created by the same entry. */
  sub: number;
}

interface Track {
  first: FirstTouch | null;
  pairs: PairRec[];
  /** Lot state at instants, oldest first (lot engine, crypto assets). */
  points: BookRec[];
  /** Short/long totals of the asset's lines (lot engine). */
  final: BucketRec[];
}

export interface EngineCheckpoints {
  version: 2;
  /** The settings the checkpoints were made with (prices excepted: a function). */
  fingerprint: string;
  jurisdiction: JurisdictionId;
  /** Lines in the result they go with (a cheap check they belong together). */
  lines: number;
  /** US 2025 per-wallet switch: the instant it happened at (null: the ledger never reached it). */
  switchMs: number | null;
  every: number;
  /** Per asset (every asset any entry names, fiat included). */
  tracks: Map<string, Track>;
}

export interface TaxRun {
  result: TaxResult;
  checkpoints: EngineCheckpoints;
}

export interface RecomputeStats {
  /** Assets replayed (all of them after a fall-back to a full recompute). */
  assetsRecomputed: number;
  /** Entries run through the engine. */
  entriesReplayed: number;
  /** Why everything was recomputed, when it was. */
  full: string | null;
}

/** The assets an entry touches (sent, received, fee; fiat included): what to record as changed. */
export function entryAssets(e: Pick<LedgerEntry, "sentAsset" | "receivedAsset" | "feeAsset">): string[] {
  const out: string[] = [];
  if (e.sentAsset !== null) out.push(e.sentAsset);
  if (e.receivedAsset !== null && e.receivedAsset !== e.sentAsset) out.push(e.receivedAsset);
  if (e.feeAsset !== null && e.feeAsset !== e.sentAsset && e.feeAsset !== e.receivedAsset) out.push(e.feeAsset);
  return out;
}

const keyOf = (e: LedgerEntry): string => `${e.account}\u0000${e.externalId}`;
/** A changed-assets key meaning every asset (as in lib/ledger/changes.ts). */
const ALL = "*";
const DEFAULT_EVERY = 512;

function fingerprint(settings: TaxSettings, p: Prepared): string {
  const tolerance = settings.transfers?.relativeTolerance;
  return JSON.stringify({
    resolved: p.resolved,
    transfers: { windowHours: settings.transfers?.windowHours ?? null, relativeTolerance: tolerance === undefined ? null : String(tolerance) },
    picks: settings.lotPicks ?? null,
    prices: settings.prices ? "lookup" : null,
  });
}

// ---- the run (full or partial) -------------------------------------------------------------

interface BookTrack {
  /** Events since the last checkpoint, and how many to wait for the next. */
  count: number;
  every: number;
  lastMs: number;
  points: BookRec[];
}

/**
 * Runs entries through the engine from `order[from]` on. With `active`, only the assets it
 * holds, each from its own instant. Records checkpoints and first appearances of assets.
 */
class Runner {
  readonly holdings = new Holdings();
  readonly income: IncomeEvent[] = [];
  readonly sink: LotEngine | UkMatcher;
  readonly first = new Map<string, FirstTouch>();
  readonly books = new Map<AssetBook, BookTrack>();
  private curMs = 0;
  private cur = -1;
  private curSub = 0;
  processed = 0;

  constructor(
    private readonly p: Prepared,
    private readonly entries: readonly LedgerEntry[],
    settings: TaxSettings,
    private readonly every: number,
  ) {
    const lineHook: LineHook = (book, year, term, id, proceeds, costBasis) => {
      const buckets = (book.buckets ??= new Map());
      let y = buckets.get(year);
      if (!y) buckets.set(year, (y = { shortTerm: emptyStatBucket(), longTerm: emptyStatBucket() }));
      addToStatBucket((term === "long" ? y.longTerm : y.shortTerm) as StatBucket, id, proceeds, costBasis);
    };
    this.sink = makeSink(p, settings, this.holdings, lineHook);
    this.holdings.created = (book) => {
      this.first.set(book.asset, { ms: this.curMs, key: keyOf(this.entries[this.cur] as LedgerEntry), sub: this.curSub++ });
    };
    if (this.sink instanceof LotEngine) this.holdings.touch = (book) => this.touch(book);
  }

  trackOf(book: AssetBook): BookTrack {
    let t = this.books.get(book);
    if (!t) this.books.set(book, (t = { count: 0, every: this.every, lastMs: -Infinity, points: [] }));
    return t;
  }

  private touch(book: AssetBook): void {
    const t = this.trackOf(book);
    if (this.curMs > t.lastMs) {
      if (t.count >= t.every) {
        const rec = snapshotBook(book, this.curMs);
        t.points.push(rec);
        t.count = 0;
        // Keeping a checkpoint costs its lots: wait longer when there are many, so the total stays linear.
        t.every = Math.max(this.every, rec.lots.length >> 1);
      }
      t.lastMs = this.curMs;
    }
    t.count++;
  }

  run(from: number, active: ActiveAssets | null): void {
    const { entries, p } = this;
    const ctx = emitContext(p, entries, {} as TaxSettings, this.holdings, this.income, this.sink);
    if (active !== null) {
      ctx.only = active;
      p.warnings.only = active;
    }
    const done = new Uint8Array(entries.length);
    const order = p.order;
    let lastDay = Number.NaN;
    for (let k = from; k < order.length; k++) {
      const i = order[k] as number;
      const e = entries[i] as LedgerEntry;
      const t = p.ms[i] as number;
      if (active !== null) {
        active.now = t;
        if (!active.touches(e)) continue;
      }
      this.curMs = t;
      this.cur = i;
      this.curSub = 0;
      const day = p.days[i] as number;
      if (day !== lastDay) {
        this.sink.advance(day);
        lastDay = day;
      }
      emitEntry(ctx, i, done);
      this.processed++;
    }
    p.warnings.only = null;
    if (this.sink instanceof UkMatcher) this.sink.finish();
    else if (active !== null && order.length > 0) this.sink.settle(p.days[order[order.length - 1] as number] as number);
  }
}

/** Assets being replayed, each from its own instant; `now` is the instant being processed. */
class ActiveAssets implements AssetFilter {
  now = -Infinity;
  constructor(readonly from: Map<string, number>) {}

  has(asset: string): boolean {
    const t = this.from.get(asset);
    return t !== undefined && this.now >= t;
  }

  touches(e: LedgerEntry): boolean {
    return (e.sentAsset !== null && this.has(e.sentAsset)) || (e.receivedAsset !== null && this.has(e.receivedAsset)) || (e.feeAsset !== null && this.has(e.feeAsset));
  }
}

function pairsByAsset(entries: readonly LedgerEntry[], p: Prepared): Map<string, PairRec[]> {
  const out = new Map<string, PairRec[]>();
  for (const pair of p.transfers.pairs) {
    const w = entries[pair.withdrawal] as LedgerEntry;
    const d = entries[pair.deposit] as LedgerEntry;
    const a = p.ms[pair.withdrawal] as number;
    const b = p.ms[pair.deposit] as number;
    const asset = w.sentAsset as string;
    let list = out.get(asset);
    if (!list) out.set(asset, (list = []));
    list.push([w.account, w.externalId, d.account, d.externalId, Math.min(a, b), Math.max(a, b)]);
  }
  return out;
}

function assetsOf(entries: readonly LedgerEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.sentAsset !== null) out.add(e.sentAsset);
    if (e.receivedAsset !== null) out.add(e.receivedAsset);
    if (e.feeAsset !== null) out.add(e.feeAsset);
  }
  return out;
}

/** Checkpoints of a run: the runner's, plus what it did not replay (`kept`). */
function checkpointsOf(p: Prepared, settings: TaxSettings, assets: Set<string>, pairs: Map<string, PairRec[]>, runner: Runner, every: number, lines: number, kept: Map<string, Track>, replayed: Map<string, number>): EngineCheckpoints {
  const tracks = new Map<string, Track>();
  const books = new Map<string, AssetBook>();
  for (const b of runner.holdings.books.values()) books.set(b.asset, b);
  for (const asset of assets) {
    const old = kept.get(asset);
    const from = replayed.get(asset);
    if (old && from === undefined) {
      tracks.set(asset, { ...old, pairs: pairs.get(asset) ?? [] });
      continue;
    }
    const book = books.get(asset);
    const bt = book ? runner.books.get(book) : undefined;
    // Replayed from `from`: the points before it still hold; the replay adds the rest.
    const before = old && from !== undefined ? old.points.filter((x) => x.ms <= from) : [];
    const first = old?.first && from !== undefined && old.first.ms < from ? old.first : (runner.first.get(asset) ?? null);
    tracks.set(asset, { first, pairs: pairs.get(asset) ?? [], points: [...before, ...(bt?.points ?? [])], final: book ? bucketRecs(book.buckets) : [] });
  }
  return { version: 2, fingerprint: fingerprint(settings, p), jurisdiction: p.j.id, lines, switchMs: switchMoment(p), every, tracks };
}

/**
 * When the lot engine switches every asset to per-account identification (US, scope "auto"):
 * before the first entry on or after 1 Jan 2025. Where exactly does not matter to an asset (it is
 * always between its last entry before that day and its first on or after), but whether it
 * happens at all does: an edit that adds the ledger's first 2025 entry, or removes its last,
 * changes every asset.
 */
function switchMoment(p: Prepared): number | null {
  const from = p.j.perAccountFromDay;
  if (from === null || p.resolved.lotScope !== "auto") return null;
  for (const i of p.order) if ((p.days[i] as number) >= from) return p.ms[i] as number;
  return null;
}

/** `computeTax`, plus the checkpoints a later `recomputeTax` starts from. Same result. */
export function computeTaxWithCheckpoints(entries: readonly LedgerEntry[], settings: TaxSettings, opts: CheckpointOptions = {}): TaxRun {
  const every = Math.max(1, opts.every ?? DEFAULT_EVERY);
  const p = prepare(entries, settings);
  const runner = new Runner(p, entries, settings, every);
  runner.run(0, null);
  const sink = runner.sink;
  const result = assemble(p.resolved, p.j, {
    disposals: sink.lines,
    linesOrdered: sink instanceof LotEngine && sink.linesOrdered,
    income: runner.income,
    removals: sink.removals,
    warnings: p.warnings.list,
    openLots: sink.openLots(),
    balances: balancesOf(runner.holdings),
    buckets: sink instanceof LotEngine ? sink.buckets : undefined,
    allocations: sink instanceof LotEngine ? sink.allocations : [],
  });
  return { result, checkpoints: checkpointsOf(p, settings, assetsOf(entries), pairsByAsset(entries, p), runner, every, result.disposals.length, new Map(), new Map()) };
}

const GLOBAL_CODES = new Set(["unsupported-entry", "duplicate-suspect"]);

/**
 * Whether two entries share an externalId (or one is another's with ":fee" / ":transfer-fee"):
 * then two disposals could share an id, and the lot engine's disposal count (it counts changes of
 * id along its lines) could differ from the sum of per-asset counts. Ids are hashed to 32 bits
 * first (a Set of strings costs about a microsecond per id on a large ledger); equal hashes are
 * compared as strings.
 */
function idsCollide(entries: readonly LedgerEntry[]): boolean {
  const hash = (s: string): number => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return h;
  };
  // Open addressing: slot -> entry index + 1 (0: empty); a Map of a million keys is ten times slower.
  let size = 1024;
  while (size < entries.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(entries.length);
  const find = (h: number, id: string): number => {
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const k = (slots[at] as number) - 1;
      if (k < 0) return -1 - at;
      if (hashes[k] === h && (entries[k] as LedgerEntry).externalId === id) return k;
    }
  };
  for (let i = 0; i < entries.length; i++) {
    const id = (entries[i] as LedgerEntry).externalId;
    const h = hash(id);
    hashes[i] = h;
    const k = find(h, id);
    if (k >= 0) return true;
    slots[-1 - k] = i + 1;
  }
  for (const e of entries) {
    const id = e.externalId;
    if (id.charCodeAt(id.length - 1) !== 101) continue; // "...fee"
    if (id.endsWith(":fee") && find(hash(id.slice(0, -4)), id.slice(0, -4)) >= 0) return true;
    if (id.endsWith(":transfer-fee") && find(hash(id.slice(0, -13)), id.slice(0, -13)) >= 0) return true;
  }
  return false;
}

/** Constructors of the ledger's own Decimals (checkpoints read back from bytes name them by configuration). */
function ledgerCtors(entries: readonly LedgerEntry[]): CtorResolver {
  const found = new Set<typeof Decimal>();
  for (let k = 0; k < entries.length && k < 64; k++) {
    const e = entries[k] as LedgerEntry;
    for (const x of [e.sentAmount, e.receivedAmount, e.feeAmount, e.fiatValue]) if (x !== null) found.add(x.constructor as typeof Decimal);
  }
  return ctorResolver(found);
}

/**
 * The result for `entries` (the ledger after an edit), from the previous run and the earliest
 * changed time per asset (`entryAssets` of every inserted, deleted or modified row, old and new
 * versions; "*" for every asset). Equal to `computeTax(entries, settings)`.
 */
export function recomputeTax(entries: readonly LedgerEntry[], settings: TaxSettings, previous: TaxRun, changed: ReadonlyMap<string, Date>, opts: CheckpointOptions = {}): TaxRun & { stats: RecomputeStats } {
  const cp = previous.checkpoints;
  const every = Math.max(1, opts.every ?? cp.every);
  const full = (why: string): TaxRun & { stats: RecomputeStats } => {
    const run = computeTaxWithCheckpoints(entries, settings, { every });
    return { ...run, stats: { assetsRecomputed: run.checkpoints.tracks.size, entriesReplayed: entries.length, full: why } };
  };
  const p = prepare(entries, settings);
  if (cp.version !== 2 || cp.fingerprint !== fingerprint(settings, p) || cp.lines !== previous.result.disposals.length) return full("checkpoints are for other settings or another result");
  const lotEngine = p.j.id !== "uk";
  if (lotEngine && idsCollide(entries)) return full("entry ids repeat (disposal ids would collide across assets)");

  // 1. The earliest instant each asset may have changed at.
  const now = assetsOf(entries);
  const everything = changed.get(ALL)?.getTime() ?? Infinity;
  const first = new Map<string, number>();
  const lower = (asset: string, ms: number) => {
    const known = first.get(asset);
    if (known === undefined || ms < known) first.set(asset, ms);
  };
  for (const asset of new Set([...now, ...cp.tracks.keys()])) {
    // New assets, and assets no entry names any more, have nothing to keep.
    if (!cp.tracks.has(asset) || !now.has(asset)) lower(asset, -Infinity);
    const at = Math.min(changed.get(asset)?.getTime() ?? Infinity, everything);
    if (at < Infinity) lower(asset, at);
  }
  // Transfer pairs that changed, or that have a half at or after the asset's change, move it back
  // to their first half.
  const switchNow = switchMoment(p);
  if ((cp.switchMs === null) !== (switchNow === null)) {
    // The switch runs before the events of its instant, so a checkpoint taken at the old switch
    // instant already holds switched books: when the switch goes away, restart before it.
    const at = cp.switchMs !== null ? cp.switchMs - 1 : (switchNow as number);
    for (const asset of new Set([...now, ...cp.tracks.keys()])) lower(asset, at);
  }
  const reported = new Map(first);
  const newPairs = pairsByAsset(entries, p);
  const same = (x: PairRec, y: PairRec) => x[0] === y[0] && x[1] === y[1] && x[2] === y[2] && x[3] === y[3];
  for (const asset of new Set([...newPairs.keys(), ...cp.tracks.keys()])) {
    const olds = cp.tracks.get(asset)?.pairs ?? [];
    const news = newPairs.get(asset) ?? [];
    const t = reported.get(asset) ?? Infinity;
    // Usually the same pairs in the same order; else compare as sets.
    let equal = olds.length === news.length;
    for (let k = 0; k < olds.length && equal; k++) equal = same(olds[k] as PairRec, news[k] as PairRec);
    if (equal) {
      for (const x of news) if (x[5] >= t) lower(asset, x[4]);
      continue;
    }
    const sig = (x: PairRec) => JSON.stringify(x.slice(0, 4));
    const oldSet = new Set(olds.map(sig));
    const newSet = new Set(news.map(sig));
    for (const x of olds) if (!newSet.has(sig(x)) || x[5] >= t) lower(asset, x[4]);
    for (const x of news) if (!oldSet.has(sig(x)) || x[5] >= t) lower(asset, x[4]);
  }

  // 2. Where each affected asset restarts: its latest checkpoint at or before that instant and
  // not inside one of its transfer pairs (lot engine), its first entry (UK), the instant (fiat).
  const from = new Map<string, number>();
  const restore = new Map<string, BookRec>();
  for (const [asset, at] of first) {
    if (!now.has(asset)) {
      from.set(asset, -Infinity);
      continue;
    }
    if (isFiat(asset)) {
      from.set(asset, at);
      continue;
    }
    const track = cp.tracks.get(asset);
    if (!lotEngine || !track || at === -Infinity) {
      from.set(asset, -Infinity);
      continue;
    }
    const spans = newPairs.get(asset) ?? [];
    let chosen: BookRec | null = null;
    for (let k = track.points.length - 1; k >= 0 && chosen === null; k--) {
      const pt = track.points[k] as BookRec;
      if (pt.ms > at) continue;
      if (spans.some((x) => x[4] < pt.ms && pt.ms <= x[5])) continue;
      chosen = pt;
    }
    if (chosen === null) from.set(asset, -Infinity);
    else {
      from.set(asset, chosen.ms);
      restore.set(asset, chosen);
    }
  }

  // 3. Replay.
  const runner = new Runner(p, entries, settings, every);
  let resolve: CtorResolver | null = null;
  const dec = (v: Num): Decimal => (typeof v === "string" ? decodeDecimal(v, (resolve ??= ledgerCtors(entries))) : v);
  const method = lotEngine ? methodById(p.resolved.method as MethodId) : null;
  for (const [asset, rec] of restore) {
    const book = restoreBook(runner.holdings, asset, rec, method as NonNullable<typeof method>, dec);
    runner.trackOf(book).lastMs = rec.ms - 1;
  }
  let start = 0;
  let minFrom = Infinity;
  for (const t of from.values()) if (t < minFrom) minFrom = t;
  if (minFrom > -Infinity) {
    const order = p.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((p.ms[order[mid] as number] as number) < minFrom) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const globalWarnings = p.warnings.list.length;
  if (from.size > 0) runner.run(start, new ActiveAssets(from));
  const sink = runner.sink;

  // 4. Merge: the previous result for what was not replayed, the replay for the rest.
  const keep = (asset: string | null, at: number): boolean => {
    if (asset === null) return true;
    const t = from.get(asset);
    return t === undefined || at < t;
  };
  const prev = previous.result;
  const disposals: DisposalLine[] = prev.disposals.filter((d) => keep(d.asset, d.disposedAt.getTime()));
  for (const d of sink.lines) disposals.push(d);
  const income = prev.income.filter((x) => keep(x.asset, x.receivedAt.getTime()));
  for (const x of runner.income) income.push(x);
  const removals = prev.removals.filter((r) => keep(r.asset, r.at.getTime()));
  for (const r of sink.removals) removals.push(r);
  const warnings: TaxWarning[] = p.warnings.list.slice(0, globalWarnings);
  for (const w of prev.warnings) if (!GLOBAL_CODES.has(w.code) && keep(w.asset, w.at?.getTime() ?? -Infinity)) warnings.push(w);
  for (let k = globalWarnings; k < p.warnings.list.length; k++) warnings.push(p.warnings.list[k] as TaxWarning);
  const openLots = prev.openLots.filter((l) => !from.has(l.asset));
  for (const l of sink.openLots()) openLots.push(l);
  const balances = prev.balances.filter((b) => !from.has(b.asset));
  for (const b of balancesOf(runner.holdings)) balances.push(b);
  balances.sort(compareBalances);

  let buckets: TermBuckets | undefined;
  let allocations: BasisAllocation[] = [];
  let kept = cp.tracks;
  if (sink instanceof LotEngine) {
    const perAsset = new Map<string, TermBuckets>();
    for (const [asset, track] of cp.tracks) if (!from.has(asset) && track.final.length > 0) perAsset.set(asset, restoreBuckets(track.final, dec));
    for (const book of runner.holdings.books.values()) if (book.buckets !== null) perAsset.set(book.asset, book.buckets);
    const merged = sumBuckets(perAsset);
    if (merged === null) return full("a sum might not be exact in another order");
    buckets = merged;
    allocations = mergeAllocations(p, entries, prev.allocations, sink.allocations, from, restore, runner, cp);
  }
  const result = assemble(p.resolved, p.j, { disposals, linesOrdered: false, income, removals, warnings, openLots, balances, buckets, allocations });
  kept = cp.tracks;
  const checkpoints = checkpointsOf(p, settings, now, newPairs, runner, every, result.disposals.length, kept, from);
  return { result, checkpoints, stats: { assetsRecomputed: from.size, entriesReplayed: runner.processed, full: null } };
}

/** Per-asset totals summed, in asset order; null when a sum might depend on the order. */
function sumBuckets(perAsset: Map<string, TermBuckets>): TermBuckets | null {
  const out: TermBuckets = new Map();
  const stats = new Map<OpenBucket, { n: number; maxE: number; minQ: number }>();
  const assets = [...perAsset.keys()].sort();
  for (const asset of assets) {
    for (const [year, y] of perAsset.get(asset) as TermBuckets) {
      let o = out.get(year);
      if (!o) out.set(year, (o = { shortTerm: emptyBucket(), longTerm: emptyBucket() }));
      for (const term of ["shortTerm", "longTerm"] as const) {
        const b = y[term] as StatBucket;
        const into = o[term];
        into.proceeds = into.proceeds.plus(b.proceeds);
        into.costBasis = into.costBasis.plus(b.costBasis);
        into.disposals += b.disposals;
        let s = stats.get(into);
        if (!s) stats.set(into, (s = { n: 0, maxE: -Infinity, minQ: Infinity }));
        s.n += b.n;
        s.maxE = Math.max(s.maxE, b.maxE);
        s.minQ = Math.min(s.minQ, b.minQ);
      }
    }
  }
  for (const s of stats.values()) if (!exactSums(s.n, s.maxE, s.minQ)) return null;
  return out;
}

/** Allocations per asset, assets in the order the engine first met them in the new ledger. */
function mergeAllocations(p: Prepared, entries: readonly LedgerEntry[], prev: readonly BasisAllocation[], replayed: readonly BasisAllocation[], from: Map<string, number>, restored: Map<string, BookRec>, runner: Runner, cp: EngineCheckpoints): BasisAllocation[] {
  const byAsset = new Map<string, BasisAllocation[]>();
  const put = (a: BasisAllocation) => {
    let list = byAsset.get(a.asset);
    if (!list) byAsset.set(a.asset, (list = []));
    list.push(a);
  };
  // An asset restored already per account had its switch (and allocations) before the replay;
  // any other replayed asset has it in the replay, if at all.
  for (const a of prev) if (!from.has(a.asset) || restored.get(a.asset)?.perAccount === true) put(a);
  for (const a of replayed) put(a);
  if (byAsset.size === 0) return [];
  const firstOf = (asset: string): FirstTouch => {
    const t = from.get(asset);
    const old = cp.tracks.get(asset)?.first ?? null;
    if (old !== null && (t === undefined || old.ms < t)) return old;
    return runner.first.get(asset) ?? old ?? { ms: Infinity, key: "", sub: 0 };
  };
  const position = positions(p, entries);
  const assets = [...byAsset.keys()].sort((a, b) => {
    const x = firstOf(a);
    const y = firstOf(b);
    if (x.ms !== y.ms) return x.ms - y.ms;
    if (x.key !== y.key) return position(x.key, x.ms) - position(y.key, y.ms);
    return x.sub - y.sub;
  });
  return assets.flatMap((a) => byAsset.get(a) as BasisAllocation[]);
}

/** Position of an entry (by key) in the processing order, among those at `ms`. */
function positions(p: Prepared, entries: readonly LedgerEntry[]): (key: string, ms: number) => number {
  return (key, ms) => {
    const order = p.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((p.ms[order[mid] as number] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < order.length && p.ms[order[k] as number] === ms; k++) if (keyOf(entries[order[k] as number] as LedgerEntry) === key) return k;
    return lo;
  };
}

// ---- bytes ---------------------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const enc = (v: Num): string => (typeof v === "string" ? v : encodeDecimal(v));
const num = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const unnum = (x: number | string): number => (typeof x === "number" ? x : Number(x));

function lotJson(l: LotRec): Json {
  return [l.id, l.account, l.ms, l.kind, l.day, l.longAfter, l.seq, enc(l.remaining), enc(l.basis), enc(l.unitBasis), enc(l.unitUnits), l.missing, l.holder];
}
function bucketJson(b: BucketRec): Json {
  return [b.year, b.term, b.disposals, enc(b.proceeds), enc(b.costBasis), b.last, b.n, num(b.maxE), num(b.minQ)];
}
function bookJson(b: BookRec): Json {
  return { ms: b.ms, perAccount: b.perAccount, holders: b.holders.map((h) => [h.account, enc(h.balance), h.negative, h.pool, h.traced]), pool: b.pool, lots: b.lots.map(lotJson), buckets: b.buckets.map(bucketJson) };
}

/** Checkpoints as bytes (UTF-8 JSON; compress before storing). Decimals stay exact (see `encodeDecimal`). */
export function serializeCheckpoints(cp: EngineCheckpoints): Uint8Array {
  const tracks: Json = {};
  for (const [asset, t] of cp.tracks) {
    tracks[asset] = { first: t.first === null ? null : [num(t.first.ms), t.first.key, t.first.sub], pairs: t.pairs, points: t.points.map(bookJson), final: t.final.map(bucketJson) };
  }
  const doc: Json = { version: cp.version, fingerprint: cp.fingerprint, jurisdiction: cp.jurisdiction, lines: cp.lines, switchMs: cp.switchMs, every: cp.every, tracks };
  return new TextEncoder().encode(JSON.stringify(doc));
}

export function deserializeCheckpoints(bytes: Uint8Array): EngineCheckpoints {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { version: 2; fingerprint: string; jurisdiction: JurisdictionId; lines: number; switchMs: number | null; every: number; tracks: Record<string, { first: [number | string, string, number] | null; pairs: PairRec[]; points: { ms: number; perAccount: boolean; holders: [string, string, boolean, number[] | null, number[]][]; pool: number[] | null; lots: unknown[][]; buckets: unknown[][] }[]; final: unknown[][] }> };
  if (doc.version !== 2) throw new RangeError(`unknown checkpoint version ${String(doc.version)}`);
  const bucket = (b: unknown[]): BucketRec => ({ year: b[0] as number, term: b[1] as "short" | "long", disposals: b[2] as number, proceeds: b[3] as string, costBasis: b[4] as string, last: b[5] as string | null, n: b[6] as number, maxE: unnum(b[7] as number | string), minQ: unnum(b[8] as number | string) });
  const lot = (l: unknown[]): LotRec => ({ id: l[0] as string, account: l[1] as string, ms: l[2] as number, kind: l[3] as string, day: l[4] as number, longAfter: l[5] as number | null, seq: l[6] as number, remaining: l[7] as string, basis: l[8] as string, unitBasis: l[9] as string, unitUnits: l[10] as string, missing: l[11] as boolean, holder: l[12] as string });
  const tracks = new Map<string, Track>();
  for (const [asset, t] of Object.entries(doc.tracks)) {
    tracks.set(asset, {
      first: t.first === null ? null : { ms: unnum(t.first[0]), key: t.first[1], sub: t.first[2] },
      pairs: t.pairs,
      points: t.points.map((b) => ({ ms: b.ms, perAccount: b.perAccount, holders: b.holders.map((h) => ({ account: h[0], balance: h[1], negative: h[2], pool: h[3], traced: h[4] })), pool: b.pool, lots: b.lots.map(lot), buckets: b.buckets.map(bucket) })),
      final: t.final.map(bucket),
    });
  }
  return { version: 2, fingerprint: doc.fingerprint, jurisdiction: doc.jurisdiction, lines: doc.lines, switchMs: doc.switchMs, every: doc.every, tracks };
}
