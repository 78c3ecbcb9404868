import "server-only";
import { computeTaxWithCheckpoints, recomputeTax, type TaxRun } from "@/lib/tax/incremental";
import { loadLedgerRows, type LedgerRows } from "@/lib/db/ledger";
import { manualPricesForLookup } from "@/lib/db/manual-prices";
import { prismaCandleStore } from "@/lib/db/candles";
import { changesBetween } from "@/lib/db/ledger-changes";
import { taxCacheState, writeTaxCache } from "@/lib/db/tax-cache";
import { ALL_ASSETS, mergeChanges, type LedgerChanges } from "@/lib/ledger/changes";
import { spliceLedger } from "@/lib/ledger/splice";
import { warmPrices, type WarmOptions, type WarmResult } from "@/lib/pricing/warm";
import { neededPrices, type PriceNeed } from "@/lib/pricing/needs";
import { createPriceLookup } from "@/lib/pricing/lookup";
import { holdingStepNeeds } from "@/lib/pricing/holding-needs";
import { holdingsFrom } from "@/lib/portfolio/holdings";
import { holdingSteps } from "@/lib/portfolio/balances-over-time";
import { valuePortfolio, valueSteps } from "@/lib/portfolio/valuation";
import { priceSources } from "./tax-context";
import { encodeSnapshot, memoryKey, newEncodeMemo, rememberSnapshot, settingsKeyOf, type CacheableSettings, type EncodeMemo, type TaxSnapshot } from "./snapshot-store";
import { log } from "@/lib/log";

/**
 * Computing a user's result for one settings key, and storing it (issue #8: "a recompute starts
 * from the earliest changed transaction of each affected asset rather than from scratch").
 *
 * The first computation in a process is a full one: the whole ledger, its prices, the engine with
 * checkpoints (lib/tax/incremental.ts), the daily closes for the value chart. What it loaded is kept
 * in this process (`ComputeState`). The next computation of the same key reads the change records
 * since (LedgerChange: per asset, the earliest time touched), reloads only the rows they cover and
 * splices them into the ledger in memory (lib/ledger/splice.ts), warms prices for those rows only,
 * and replays each affected asset from its last checkpoint before the change. The recompute job
 * runs in the worker, so that is where these states live; a worker that has none for a user (it
 * restarted, or the other worker did the last one) does a full computation and has one after.
 *
 * A price change (the warm-up job, a manual price) or a ledger-wide one (demo portfolio) is
 * recorded for every asset ("*"): everything is loaded again, prices included.
 */

const DAY = 86_400_000;

interface DailyPrices {
  warm: WarmResult;
  /** Needs already warmed ("asset\0ms"). */
  asked: Set<string>;
}

interface ComputeState {
  ledgerVersion: number;
  rows: LedgerRows;
  run: TaxRun;
  prices: WarmResult;
  daily: DailyPrices;
  snapshot: TaxSnapshot;
  /** The result's records as encoded last time (most are kept by the next recompute). */
  encoded: EncodeMemo;
}

/** Ledger rows kept across all states of this process (a state holds its ledger, lots and prices). */
function stateRowBudget(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.LOTWISE_COMPUTE_STATE_ROWS ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : 400_000;
}
const states = new Map<string, ComputeState>();
let stateRows = 0;
function keepState(key: string, state: ComputeState): void {
  dropState(key);
  const budget = stateRowBudget();
  if (state.rows.entries.length > budget) return;
  states.set(key, state);
  stateRows += state.rows.entries.length;
  while (stateRows > budget) {
    const oldest = states.keys().next().value as string;
    dropState(oldest);
  }
}
function dropState(key: string): void {
  const old = states.get(key);
  if (!old) return;
  states.delete(key);
  stateRows -= old.rows.entries.length;
}

/**
 * The value chart is daily for the last year (its 1M and 1Y ranges) and weekly before (its "All"
 * range shows at most a few hundred points anyway): a five-year, 50-asset portfolio then needs a
 * third of the daily closes.
 */
function onChartDay(ms: number, nowMs: number): boolean {
  return ms >= nowMs - 366 * DAY || Math.floor(ms / DAY) % 7 === 0;
}

function phaseTimer() {
  let last = performance.now();
  const phases: Record<string, number> = {};
  return {
    phases,
    mark(name: string) {
      const now = performance.now();
      phases[name] = Math.round(now - last);
      last = now;
    },
  };
}

const needKey = (n: PriceNeed) => `${n.asset}\u0000${n.time.getTime()}`;

const warmCached = (needs: readonly PriceNeed[], manual: WarmOptions["manual"], intervals?: ["1d"]) =>
  warmPrices(needs, { store: prismaCandleStore, sources: priceSources(), manual, offline: true, intervals });

/** Warms more needs into `into` (closes are only ever added: earlier answers stay as they were). */
async function warmMore(into: WarmResult, needs: readonly PriceNeed[], intervals?: ["1d"]): Promise<void> {
  if (needs.length > 0) into.candles.merge((await warmCached(needs, into.manual, intervals)).candles);
}

type Plan = { kind: "full"; why: string } | { kind: "changes"; changes: LedgerChanges };

async function planFor(userId: string, held: ComputeState | undefined, storedVersion: number | null, ledgerVersion: number): Promise<Plan> {
  if (!held) return { kind: "full", why: "nothing held in this process" };
  // Change records up to the version we hold are pruned once every stored result has absorbed
  // them: ours must be the stored one for the records after it to be complete.
  if (storedVersion !== held.ledgerVersion) return { kind: "full", why: "another process stored a newer result" };
  const records = held.ledgerVersion === ledgerVersion ? [] : await changesBetween(userId, held.ledgerVersion, ledgerVersion);
  if (records.some((r) => r.asset === ALL_ASSETS)) return { kind: "full", why: "prices or the whole ledger changed" };
  return { kind: "changes", changes: mergeChanges(records, []) };
}

/**
 * Computes the result for one settings key from the ledger as it is now, stores it and returns it.
 * The version is read before the ledger: a change landing in between leaves the stored result
 * marked stale, so it is computed again rather than missed (and the rows it touched are reloaded
 * then, whatever this computation saw of them).
 */
export async function computeSnapshot(userId: string, settings: CacheableSettings): Promise<TaxSnapshot> {
  const settingsKey = settingsKeyOf(settings);
  const key = memoryKey(userId, settingsKey);
  const cacheState = await taxCacheState(userId);
  if (!cacheState) throw new Error("user not found");
  const held = states.get(key);
  const plan = await planFor(userId, held, cacheState.cached.get(settingsKey) ?? null, cacheState.ledgerVersion);
  const { state, timer } = await buildSnapshot(userId, settings, cacheState.ledgerVersion, plan.kind === "changes" && held ? { held, changes: plan.changes } : null);
  const encoded = await encodeSnapshot(state.snapshot, state.encoded);
  timer.mark("encode");
  await writeTaxCache(userId, { settingsKey, ledgerVersion: state.ledgerVersion, result: encoded.manifest, parts: encoded.parts }, encoded.newParts);
  state.encoded.stored = new Set(encoded.parts);
  timer.mark("store");
  const bytes = encoded.newParts.reduce((n, p) => n + p.data.length, encoded.manifest.length);
  log.debug({ userId, entries: state.rows.entries.length, parts: encoded.parts.length, newParts: encoded.newParts.length, bytes, plan: plan.kind === "full" ? plan.why : `changes to ${plan.changes.size} assets`, ms: timer.phases }, "tax result computed");
  keepState(key, state);
  rememberSnapshot(userId, state.snapshot);
  return state.snapshot;
}

/** The ledger this process holds for a key (what the next recompute starts from), if any. */
export function heldLedgerRows(userId: string, settingsKey: string): LedgerRows | null {
  return states.get(memoryKey(userId, settingsKey))?.rows ?? null;
}

/** A full computation from the ledger as it is now, neither stored nor kept: what an incremental one must equal (tests). */
export async function computeSnapshotFromScratch(userId: string, settings: CacheableSettings): Promise<TaxSnapshot> {
  const cacheState = await taxCacheState(userId);
  if (!cacheState) throw new Error("user not found");
  return (await buildSnapshot(userId, settings, cacheState.ledgerVersion, null)).state.snapshot;
}

async function buildSnapshot(userId: string, settings: CacheableSettings, ledgerVersion: number, from: { held: ComputeState; changes: LedgerChanges } | null): Promise<{ state: ComputeState; timer: ReturnType<typeof phaseTimer> }> {
  const settingsKey = settingsKeyOf(settings);
  const timer = phaseTimer();
  const now = new Date();
  // Market value at the last daily close (the end of yesterday, UTC): today's daily candle is still
  // open, and the price cache only keeps closed candles.
  const lastClose = new Date(Math.floor(now.getTime() / DAY) * DAY - 1);

  let rows: LedgerRows;
  let prices: WarmResult;
  let daily: DailyPrices | null = null;
  let run: TaxRun;
  if (from) {
    const { held, changes } = from;
    const reloaded = await loadLedgerRows(userId, changes);
    rows = spliceLedger(held.rows, reloaded, changes);
    timer.mark("load");
    prices = held.prices;
    await warmMore(prices, neededPrices(reloaded.entries, settings));
    timer.mark("prices");
    const re = recomputeTax(rows.entries, { ...settings, prices: createPriceLookup(prices) }, held.run, changes);
    run = re;
    timer.mark("engine");
    if (re.stats.full) log.info({ userId, settingsKey, why: re.stats.full }, "incremental recompute fell back to a full one");
    daily = held.daily;
  } else {
    const [loaded, manual] = await Promise.all([loadLedgerRows(userId), manualPricesForLookup(userId)]);
    rows = loaded;
    timer.mark("load");
    prices = await warmCached(neededPrices(rows.entries, settings), manual);
    timer.mark("prices");
    run = computeTaxWithCheckpoints(rows.entries, { ...settings, prices: createPriceLookup(prices) });
    timer.mark("engine");
  }

  const result = run.result;
  const currency = result.settings.currency;
  const steps = holdingSteps(rows.entries);
  const needs = holdingStepNeeds(steps, { currency, now: lastClose }).filter((n) => onChartDay(n.time.getTime(), lastClose.getTime()) && !daily?.asked.has(needKey(n)));
  if (daily) await warmMore(daily.warm, needs, ["1d"]);
  else daily = { warm: await warmCached(needs, prices.manual, ["1d"]), asked: new Set() };
  for (const n of needs) daily.asked.add(needKey(n));
  const dailyLookup = createPriceLookup(daily.warm);
  timer.mark("daily prices");
  const valuation = valuePortfolio(holdingsFrom(result), dailyLookup, currency, lastClose);
  const series = valueSteps(steps.assets, steps.firstDay, { prices: dailyLookup, currency, at: lastClose, days: (day) => onChartDay(day * DAY, lastClose.getTime()) });
  timer.mark("valuation");
  const assets = new Set<string>();
  for (const e of rows.entries) for (const a of [e.sentAsset, e.receivedAsset, e.feeAsset]) if (a) assets.add(a);
  const snapshot: TaxSnapshot = { settingsKey, settings, ledgerVersion, computedAt: now, entryCount: rows.entries.length, result, valuation, series, assets: [...assets].sort() };
  const encoded = from ? from.held.encoded : newEncodeMemo();
  return { state: { ledgerVersion, rows, run, prices, daily, snapshot, encoded }, timer };
}
