import type { Exchange } from "ccxt";
import { log } from "../../log";
import type { ExchangeId } from "../catalog";
import { unknownFailure, unsupported, withRetry, type RetryContext } from "./faults";
import { isLeg, pairLegs } from "./legs";
import { discoverSymbols, heldAssets } from "./markets";
import { PLANS } from "./plans";
import { enablePreciseNumbers } from "./precise";
import { assertStillReadOnly } from "./read-only";
import type { FetchHistoryOptions, Leg, StreamContext, StreamDef, SyncPage, SyncPhase } from "./types";

/**
 * Reads an exchange account's whole history through ccxt as a stream of
 * pages. The job layer is a loop:
 *
 *   for await (const page of fetchHistory(client, id, { cursors, account })) {
 *     await db.$transaction([...upsert(page.entries), saveCursor(page.stream, page.cursor)]);
 *     await progress(page.progress);
 *   }
 *
 * Each page's `cursor` already accounts for its `entries`: store both in one
 * transaction, and a retried job (pass the saved cursors back) resumes after
 * the last stored page. A page fetched again after a crash between fetch
 * and commit carries the same external ids; the (connection, externalId)
 * unique key absorbs it. Cursors of streams that finished are watermarks: the
 * next sync fetches only what is new.
 *
 * Steps: load markets; re-check the key is read-only (stops with a
 * needs-attention SyncError otherwise); deposits, withdrawals, ledger; market
 * discovery where trades need a symbol; trades. Faults: see faults.ts.
 *
 * Two-leg conversions (types.ts `Leg`): a stream may hand over one side of a
 * conversion instead of an entry; the leg waits in that stream's cursor
 * (envelope `h`) until its other side arrives, and the page that completes
 * the pair carries it as one entry. Pages may also carry `notices` (history
 * the key may not read): keep them with the run for the user.
 */

interface Envelope {
  v: 1;
  /** The stream's own state. */
  s: unknown;
  /** Assets this stream has touched, ever (market discovery reads them). */
  a: string[];
  /** Conversion legs waiting for their other side (legs.ts); absent when none. */
  h?: Leg[];
}

export function parseCursor(raw: string | undefined): Envelope | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Envelope>;
    if (v && v.v === 1 && Array.isArray(v.a) && v.a.every((x) => typeof x === "string")) {
      // Held legs that do not parse are dropped; the balance proof shows what they carried.
      const h = Array.isArray(v.h) ? v.h.filter(isLeg) : [];
      return h.length > 0 ? { v: 1, s: v.s, a: v.a, h } : { v: 1, s: v.s, a: v.a };
    }
  } catch {
    // fall through: an unreadable cursor restarts its stream (rows dedupe by external id)
  }
  return undefined;
}

function cursorJson(state: unknown, assets: ReadonlySet<string>, held: readonly Leg[] = []): string {
  return JSON.stringify({ v: 1, s: state, a: [...assets].sort(), ...(held.length > 0 ? { h: [...held] } : {}) } satisfies Envelope);
}

export { SYNC_EXCHANGES } from "./plans";

export async function* fetchHistory(client: Exchange, exchangeId: ExchangeId, opts: FetchHistoryOptions): AsyncGenerator<SyncPage> {
  const plan = PLANS[exchangeId];
  if (!plan) throw unsupported(exchangeId, "not-built");
  enablePreciseNumbers(client);
  const retry: RetryContext = { exchangeId, client, backoff: opts.backoff, onWait: opts.onWait, signal: opts.signal, logger: opts.logger ?? log };
  const call = <T>(fn: () => Promise<T>) => withRetry(retry, fn);
  const ctx: StreamContext = {
    client,
    exchangeId,
    account: opts.account,
    since: opts.since?.getTime() ?? plan.historyStart,
    now: (opts.now ?? Date.now)(),
    call,
  };

  // reload=true: ccxt caches a failed loadMarkets promise and would hand the same rejection to every retry.
  await call(() => client.loadMarkets(true));
  if (!opts.skipReadOnlyCheck) await assertStillReadOnly(client, exchangeId, call);

  // Assets known from earlier runs, for market discovery.
  const touched = new Set<string>();
  for (const raw of Object.values(opts.cursors)) for (const a of parseCursor(raw)?.a ?? []) touched.add(a);
  const syncedSymbols = Object.keys(opts.cursors)
    .filter((k) => k.startsWith("trades:"))
    .map((k) => k.slice("trades:".length));
  const held = plan.discoverMarkets ? await heldAssets(client, call) : new Set<string>();
  const discover = () => discoverSymbols(client.markets, new Set([...held, ...touched]), plan.discoverMarkets?.quotes ?? [], syncedSymbols);

  const streams = await plan.streams(ctx);
  let tradeStreams = plan.tradeStreams(ctx, plan.discoverMarkets ? discover() : null);
  const counter = { index: 0, count: 1 + streams.length + tradeStreams.length, fetched: 0 };

  const marketsCursor = cursorJson({ markets: Object.keys(client.markets ?? {}).length, checkedAt: ctx.now }, new Set());
  yield { stream: "markets", phase: "markets", entries: [], cursor: marketsCursor, skipped: 0, progress: progress("markets", counter) };

  for (const def of streams) {
    counter.index++;
    yield* runStream(def, ctx, opts.cursors[def.stream], counter, touched, opts.signal);
  }
  if (plan.discoverMarkets) {
    // This run's deposits and ledger may have named new assets.
    tradeStreams = plan.tradeStreams(ctx, discover());
    counter.count = 1 + streams.length + tradeStreams.length;
  }
  for (const def of tradeStreams) {
    counter.index++;
    yield* runStream(def, ctx, opts.cursors[def.stream], counter, touched, opts.signal);
  }
}

function progress(phase: SyncPhase, c: { index: number; count: number; fetched: number }) {
  return { phase, streamIndex: c.index, streamCount: c.count, fetched: c.fetched };
}

async function* runStream(
  def: StreamDef<unknown>,
  ctx: StreamContext,
  saved: string | undefined,
  counter: { index: number; count: number; fetched: number },
  touched: Set<string>,
  signal: AbortSignal | undefined,
): AsyncGenerator<SyncPage> {
  const envelope = parseCursor(saved);
  let state = envelope ? (def.restore(envelope.s) ?? def.initial(ctx)) : def.initial(ctx);
  const assets = new Set(envelope?.a ?? []);
  let held: Leg[] = envelope?.h ?? [];
  let lastCursor = saved;
  const mapCtx = { exchangeId: ctx.exchangeId, account: ctx.account };
  for (;;) {
    signal?.throwIfAborted();
    const page = await def.next(state, ctx);
    // Two-leg conversions: a leg waits in the cursor until its other side arrives, then both become one entry of this page.
    const paired = page.legs && page.legs.length > 0 ? pairLegs(held, page.legs, mapCtx) : null;
    const entries = paired ? [...page.entries, ...paired.entries] : page.entries;
    if (paired) held = paired.held;
    for (const a of [...entries.flatMap((e) => [e.sentAsset, e.receivedAsset, e.feeAsset]), ...held.map((l) => l.asset)]) {
      if (a) {
        assets.add(a);
        touched.add(a);
      }
    }
    counter.fetched += entries.length;
    const cursor = cursorJson(page.state, assets, held);
    // A page that moved nothing and is not the end would loop forever: a plan bug, never an exchange state to wait out.
    if (!page.done && entries.length === 0 && cursor === lastCursor) throw unknownFailure(ctx.exchangeId);
    if (entries.length > 0 || cursor !== lastCursor || (page.notices?.length ?? 0) > 0) {
      yield {
        stream: def.stream,
        phase: def.phase,
        entries,
        cursor,
        skipped: (page.skipped ?? 0) + (paired?.dropped ?? 0),
        progress: progress(def.phase, counter),
        ...(page.notices && page.notices.length > 0 ? { notices: page.notices } : {}),
      };
    }
    lastCursor = cursor;
    state = page.state;
    if (page.done) return;
  }
}
