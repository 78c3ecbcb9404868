import type { LedgerEntry } from "../../ledger/types";
import type { Leg, StreamContext, StreamDef, StreamPage, SyncPhase } from "./types";

/**
 * The three paging shapes exchange history APIs use, as resumable streams.
 * Each stream's state is plain JSON (the cursor the job stores with the
 * page), and every state change happens together with the entries it
 * covers, so a page stored atomically with its cursor is never lost or
 * stored twice.
 *
 * A row here is what a plan made of one exchange record: its id and time
 * (for watermarks), and the entry, or null when it is skipped on purpose.
 * `pending` marks a transfer that is not final yet: the watermark stays
 * before it so a later sync picks it up once completed. `leg` marks one side
 * of a two-leg conversion (types.ts `Leg`): it is passed on to the driver,
 * which pairs it.
 *
 * Style note "Trusting ccxt since/limit to be complete": none of these trust
 * one call to return everything; they page until the exchange says "no
 * more" (a short page), dedupe by id at the boundaries, and keep a
 * watermark per stream.
 */

export interface Row {
  id: string;
  time: number;
  entry: LedgerEntry | null;
  pending?: boolean;
  leg?: Leg;
}

type Seen = [id: string, time: number][];

function isSeen(x: unknown): x is Seen {
  return Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === "number");
}
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isNumOrNull = (x: unknown): x is number | null => x === null || isNum(x);
function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

interface Emitted {
  entries: LedgerEntry[];
  legs: Leg[];
  skipped: number;
  /** Oldest pending row in the page. */
  pendingFrom: number | null;
}

/** Rows → entries (and conversion legs), dropping ids already seen and rows before `since`. */
function emit(rows: readonly Row[], seen: ReadonlySet<string>, since: number): Emitted {
  const out: Emitted = { entries: [], legs: [], skipped: 0, pendingFrom: null };
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    if (r.pending) {
      out.pendingFrom = Math.min(out.pendingFrom ?? r.time, r.time);
      out.skipped++;
    } else if (r.time < since) {
      out.skipped++;
    } else if (r.leg) {
      out.legs.push(r.leg);
    } else if (!r.entry) {
      out.skipped++;
    } else {
      out.entries.push(r.entry);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// 1. Id-ascending: "give me rows with id ≥ X, oldest first" (Binance myTrades
//    `fromId`, Coinbase v2 `order=asc&starting_after`). The watermark is the
//    next id; nothing can be missed or repeated, so no overlap is needed.

export interface IdAscendingState {
  /** Next id to ask for, or null for "from the first row". */
  after: string | null;
}

export interface IdAscendingSpec {
  stream: string;
  phase: SyncPhase;
  pageSize: number;
  /** One page of rows strictly after `after` (or from the start), oldest first. */
  fetch(after: string | null, ctx: StreamContext): Promise<Row[]>;
}

export function idAscendingStream(spec: IdAscendingSpec): StreamDef<IdAscendingState> {
  return {
    stream: spec.stream,
    phase: spec.phase,
    initial: () => ({ after: null }),
    restore: (s) => (isObj(s) && (s.after === null || typeof s.after === "string") ? { after: s.after } : undefined),
    async next(state, ctx): Promise<StreamPage<IdAscendingState>> {
      const rows = await ctx.call(() => spec.fetch(state.after, ctx));
      const { entries, legs, skipped } = emit(rows, new Set(), ctx.since);
      const last = rows.at(-1);
      return { entries, legs, skipped, state: { after: last ? last.id : state.after }, done: rows.length < spec.pageSize };
    },
  };
}

// ---------------------------------------------------------------------------
// 1b. Time-ascending: "rows on or after T, oldest first, at most n" (Gemini
//     mytrades and transfers). The watermark is the newest instant taken
//     plus the ids taken at exactly that instant; bounds in whole seconds
//     return a little before T again, and those rows were taken already.

export interface TimeAscendingState {
  since: number | null;
  ids: string[];
}

export interface TimeAscendingSpec {
  stream: string;
  phase: SyncPhase;
  pageSize: number;
  fetch(since: number, ctx: StreamContext): Promise<Row[]>;
}

export function timeAscendingStream(spec: TimeAscendingSpec): StreamDef<TimeAscendingState> {
  return {
    stream: spec.stream,
    phase: spec.phase,
    initial: () => ({ since: null, ids: [] }),
    restore: (s) =>
      isObj(s) && isNumOrNull(s.since) && Array.isArray(s.ids) && s.ids.every((x) => typeof x === "string") ? { since: s.since, ids: s.ids as string[] } : undefined,
    async next(state, ctx): Promise<StreamPage<TimeAscendingState>> {
      const since = state.since ?? ctx.since;
      const fetched = await ctx.call(() => spec.fetch(since, ctx));
      const taken = new Set(state.ids);
      const fresh = fetched.filter((r) => r.time > since || (r.time === since && !taken.has(r.id)));
      const { entries, legs, skipped } = emit(fresh, new Set(), ctx.since);
      const done = fetched.length < spec.pageSize;
      if (fresh.length === 0) {
        // A full page with nothing new: more rows at one instant than a page holds; the API cannot page past them.
        if (!done) throw new Error(`${spec.stream}: more rows at one instant than one page holds`);
        return { entries, legs, skipped, done, state };
      }
      const max = Math.max(...fresh.map((r) => r.time));
      const atMax = fresh.filter((r) => r.time === max).map((r) => r.id);
      const ids = max === since ? [...state.ids, ...atMax] : atMax;
      return { entries, legs, skipped, done, state: { since: max, ids } };
    },
  };
}

// ---------------------------------------------------------------------------
// 2. Time windows: the API answers only for [start, end] spans of at most
//    `windowMs` (Binance capital history 90 days, asset dividends 180 days;
//    Bybit 7/30 days; KuCoin 7 days). Windows are walked oldest to newest;
//    inside a window the plan pages its own way (offset, end-time narrowing)
//    with `inner`. The current window's end is fixed when it is first asked
//    for, so a resumed run asks the same window and offsets stay valid.
//    When caught up, the next sync restarts `overlapMs` before the end (late
//    bookings: a deposit credited hours after its insert time), skipping the
//    ids it already has.

export interface WindowState<I> {
  from: number;
  to: number | null;
  inner: I | null;
  seen: Seen;
  /** Oldest pending transfer seen in this pass (the watermark may not pass it). */
  hold: number | null;
}

export interface WindowSpec<I> {
  stream: string;
  phase: SyncPhase;
  windowMs: number;
  overlapMs: number;
  /**
   * Rows of [from, to] at paging position `inner` (null = first page); `next`
   * null when the window is exhausted. `notices` are passed on to the sync
   * result (a history the key may not read, for instance).
   */
  fetch(from: number, to: number, inner: I | null, ctx: StreamContext): Promise<{ rows: Row[]; next: I | null; notices?: string[] }>;
  /** Validates a saved `inner`. */
  isInner(x: unknown): x is I;
}

export function windowedStream<I>(spec: WindowSpec<I>): StreamDef<WindowState<I>> {
  return {
    stream: spec.stream,
    phase: spec.phase,
    initial: (ctx) => ({ from: ctx.since, to: null, inner: null, seen: [], hold: null }),
    restore: (s) =>
      isObj(s) && isNum(s.from) && isNumOrNull(s.to) && (s.inner === null || spec.isInner(s.inner)) && isSeen(s.seen) && isNumOrNull(s.hold)
        ? { from: s.from, to: s.to, inner: s.inner as I | null, seen: s.seen, hold: s.hold }
        : undefined,
    async next(state, ctx): Promise<StreamPage<WindowState<I>>> {
      const from = Math.max(state.from, ctx.since);
      const to = state.to ?? Math.min(from + spec.windowMs, Math.max(from, ctx.now));
      const page = await ctx.call(() => spec.fetch(from, to, state.inner, ctx));
      const seenIds = new Set(state.seen.map(([id]) => id));
      const { entries, legs, skipped, pendingFrom } = emit(page.rows, seenIds, ctx.since);
      // Remember what falls into the overlap the next sync re-reads.
      const tailFrom = ctx.now - spec.overlapMs;
      const seen: Seen = [...state.seen];
      for (const r of page.rows) if (!seenIds.has(r.id) && !r.pending && r.time >= tailFrom) seen.push([r.id, r.time]);
      const hold = pendingFrom === null ? state.hold : Math.min(state.hold ?? pendingFrom, pendingFrom);
      const notices = page.notices && page.notices.length > 0 ? { notices: page.notices } : {};

      if (page.next !== null) return { entries, legs, skipped, ...notices, done: false, state: { from, to, inner: page.next, seen, hold } };
      if (to < ctx.now) {
        // Window exhausted: the next one starts right after it.
        return { entries, legs, skipped, ...notices, done: false, state: { from: to + 1, to: null, inner: null, seen: seen.filter(([, t]) => t >= to + 1), hold } };
      }
      // Caught up: next sync starts overlapMs back (or at the oldest pending transfer).
      const restart = Math.max(ctx.since, Math.min(to - spec.overlapMs, hold ?? Number.POSITIVE_INFINITY));
      return { entries, legs, skipped, ...notices, done: true, state: { from: restart, to: null, inner: null, seen: seen.filter(([, t]) => t >= restart), hold: null } };
    },
  };
}

// ---------------------------------------------------------------------------
// 3. Newest first down to a watermark: the API lists the newest rows first
//    and pages toward older ones with an offset or an "older than" cursor
//    (Kraken `ofs`, OKX `after`, Coinbase fills `cursor`). The upper bound is
//    fixed at the start of a pass so offsets stay valid across a crash; the
//    newest row seen (`high`) becomes the next lower bound, minus
//    `overlapMs` for APIs whose bounds are whole seconds.

export interface DescendingState<I> {
  /** Lower bound (epoch ms, inclusive) = previous sync's watermark. */
  from: number;
  /** Upper bound of the pass in progress (fixed at its first page). */
  to: number | null;
  inner: I | null;
  high: number | null;
  seen: Seen;
  hold: number | null;
}

export interface DescendingSpec<I> {
  stream: string;
  phase: SyncPhase;
  overlapMs: number;
  /** Rows in [from, to], newest first, at paging position `inner`; `next` null when no older rows remain. */
  fetch(from: number, to: number, inner: I | null, ctx: StreamContext): Promise<{ rows: Row[]; next: I | null }>;
  isInner(x: unknown): x is I;
}

export function descendingStream<I>(spec: DescendingSpec<I>): StreamDef<DescendingState<I>> {
  return {
    stream: spec.stream,
    phase: spec.phase,
    initial: (ctx) => ({ from: ctx.since, to: null, inner: null, high: null, seen: [], hold: null }),
    restore: (s) =>
      isObj(s) && isNum(s.from) && isNumOrNull(s.to) && (s.inner === null || spec.isInner(s.inner)) && isNumOrNull(s.high) && isSeen(s.seen) && isNumOrNull(s.hold)
        ? { from: s.from, to: s.to, inner: s.inner as I | null, high: s.high, seen: s.seen, hold: s.hold }
        : undefined,
    async next(state, ctx): Promise<StreamPage<DescendingState<I>>> {
      const from = Math.max(state.from, ctx.since);
      const to = state.to ?? Math.max(from, ctx.now);
      const fetched = await ctx.call(() => spec.fetch(from, to, state.inner, ctx));
      // APIs with whole-second bounds return a little below `from`: those rows belong to the previous pass.
      const page = { rows: fetched.rows.filter((r) => r.time >= from), next: fetched.next };
      const seenIds = new Set(state.seen.map(([id]) => id));
      const { entries, legs, skipped, pendingFrom } = emit(page.rows, seenIds, ctx.since);
      let high = state.high;
      for (const r of page.rows) high = Math.max(high ?? r.time, r.time);
      // Rows the next pass will see again (its lower bound is high - overlap).
      const tailFrom = (high ?? to) - spec.overlapMs;
      const seen: Seen = [...state.seen];
      for (const r of page.rows) if (!seenIds.has(r.id) && !r.pending && r.time >= tailFrom) seen.push([r.id, r.time]);
      const hold = pendingFrom === null ? state.hold : Math.min(state.hold ?? pendingFrom, pendingFrom);

      if (page.next !== null) return { entries, legs, skipped, done: false, state: { from, to, inner: page.next, high, seen, hold } };
      const restart = Math.max(from, Math.min((high ?? to) - spec.overlapMs, hold ?? Number.POSITIVE_INFINITY));
      return { entries, legs, skipped, done: true, state: { from: restart, to: null, inner: null, high: null, seen: seen.filter(([, t]) => t >= restart), hold: null } };
    },
  };
}

// ---------------------------------------------------------------------------
// Paging by time inside a window when the API has no offset: the next
// request's inclusive bound is the oldest instant of a full page, and the ids
// already taken at that instant are skipped (Binance asset dividends, OKX
// deposit history).

export interface TimeCursor {
  /** The next request's bound (epoch ms). */
  at: number;
  /** Ids already taken at exactly `at`. */
  ids: string[];
}

export function isTimeCursor(x: unknown): x is TimeCursor {
  return typeof x === "object" && x !== null && typeof (x as TimeCursor).at === "number" && Array.isArray((x as TimeCursor).ids);
}

/**
 * After a newest-first page: null when the page was short (nothing older),
 * else the cursor below it. `raw` must be the page as the exchange sent it.
 */
export function nextTimeCursor(raw: readonly { id: string; time: number }[], pageSize: number, prev: TimeCursor | null): TimeCursor | null {
  if (raw.length < pageSize) return null;
  const oldest = Math.min(...raw.map((r) => r.time));
  const atOldest = raw.filter((r) => r.time === oldest).map((r) => r.id);
  const ids = prev && prev.at === oldest ? [...new Set([...prev.ids, ...atOldest])] : atOldest;
  // A full page of rows at one instant cannot be paged past by time: a limit of the API, not something to loop on.
  if (ids.length >= pageSize) throw new Error("more rows at one instant than one page holds");
  return { at: oldest, ids };
}
