import "server-only";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { computeTax } from "@/lib/tax/engine";
import type { TaxResult, TaxSettings } from "@/lib/tax/types";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { manualPricesForLookup } from "@/lib/db/manual-prices";
import { prismaCandleStore } from "@/lib/db/candles";
import { currentLedgerVersion } from "@/lib/db/ledger-changes";
import { countActiveEntries, readTaxCache, taxCacheVersion, writeTaxCache } from "@/lib/db/tax-cache";
import { preparePrices, warmPrices } from "@/lib/pricing/warm";
import { createPriceLookup } from "@/lib/pricing/lookup";
import { holdingStepNeeds } from "@/lib/pricing/holding-needs";
import { holdingsFrom } from "@/lib/portfolio/holdings";
import { holdingSteps } from "@/lib/portfolio/balances-over-time";
import { valuePortfolio, valueSteps, type PortfolioValuation, type ValuePoint } from "@/lib/portfolio/valuation";
import { decodeTagged, encodeTagged } from "@/lib/format/tagged-json";
import { priceSources, taxSettingsFor, type TaxOverrides } from "./tax-context";
import { log } from "@/lib/log";

/**
 * The engine's result per user and settings, cached in Postgres and in this process's memory, and
 * brought up to date off the request path (lib/jobs/recompute.ts) whenever the ledger, a price or
 * the settings change. Every ledger write bumps User.ledgerVersion in its own transaction; a cached
 * result carries the version it was computed from, so "stale" is one integer comparison.
 */

export type CacheableSettings = Omit<TaxSettings, "prices" | "lotPicks" | "transfers">;

export interface TaxSnapshot {
  settingsKey: string;
  settings: CacheableSettings;
  ledgerVersion: number;
  computedAt: Date;
  entryCount: number;
  result: TaxResult;
  /** Market value of the holdings when the result was computed. */
  valuation: PortfolioValuation;
  /** The portfolio's value at the end of every day of its history. */
  series: ValuePoint[];
  /** Every asset in the ledger (any leg), sorted: the transactions page's filter menu. */
  assets: string[];
}

export type SnapshotState = { status: "fresh"; snapshot: TaxSnapshot } | { status: "stale"; snapshot: TaxSnapshot } | { status: "computing" };

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Below this many rows a page computes a missing or stale result itself (a few hundred ms at most); above, the job does. */
export function inlineRecomputeLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.LOTWISE_INLINE_RECOMPUTE_ROWS ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : 5000;
}

/** A stable key for the settings a result depends on (besides the ledger and prices). */
export function settingsKeyOf(settings: CacheableSettings): string {
  const plain: Record<string, unknown> = {};
  for (const k of Object.keys(settings).sort()) {
    const v = (settings as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) plain[k] = v;
  }
  return JSON.stringify(plain);
}

export function settingsFromKey(key: string): CacheableSettings {
  return JSON.parse(key) as CacheableSettings;
}

function cacheable(settings: TaxSettings): CacheableSettings {
  const { prices: _p, lotPicks: _l, transfers: _t, ...rest } = settings;
  return rest;
}


const DAY = 86_400_000;
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

/**
 * Decoded results kept in this process, least recently used first out. Bounded by the ledger rows
 * they stand for (a result's size grows with its ledger): 50 users with a few thousand rows each all
 * stay decoded, a handful of 100,000-row ledgers do too. Decoding one from Postgres costs ~100 ms of
 * CPU per thousand disposals, which under load is most of a page's time.
 */
const MEMORY_MAX_RESULTS = 256;
const MEMORY_MAX_ROWS = 600_000;
const memory = new Map<string, TaxSnapshot>();
let memoryRows = 0;
const memoryKey = (userId: string, settingsKey: string) => `${userId}\u0000${settingsKey}`;
const weight = (s: TaxSnapshot) => Math.max(1, s.entryCount);
function remember(userId: string, snap: TaxSnapshot): void {
  const k = memoryKey(userId, snap.settingsKey);
  const old = memory.get(k);
  if (old) {
    memory.delete(k);
    memoryRows -= weight(old);
  }
  memory.set(k, snap);
  memoryRows += weight(snap);
  while (memory.size > 1 && (memory.size > MEMORY_MAX_RESULTS || memoryRows > MEMORY_MAX_ROWS)) {
    const [oldestKey, oldest] = memory.entries().next().value as [string, TaxSnapshot];
    memory.delete(oldestKey);
    memoryRows -= weight(oldest);
  }
}

type StoredSnapshot = Pick<TaxSnapshot, "computedAt" | "entryCount" | "result" | "valuation" | "series" | "assets">;

async function encodeSnapshot(s: TaxSnapshot): Promise<Uint8Array> {
  const stored: StoredSnapshot = { computedAt: s.computedAt, entryCount: s.entryCount, result: s.result, valuation: s.valuation, series: s.series, assets: s.assets };
  return gzipAsync(Buffer.from(encodeTagged(stored), "utf8"));
}

async function decodeSnapshot(settingsKey: string, ledgerVersion: number, blob: Uint8Array): Promise<TaxSnapshot> {
  const stored = decodeTagged<StoredSnapshot>((await gunzipAsync(blob)).toString("utf8"));
  return { settingsKey, settings: settingsFromKey(settingsKey), ledgerVersion, ...stored, assets: stored.assets ?? [] };
}

/**
 * Computes the result for one settings key from the ledger as it is now, stores it and returns it.
 * The version is read before the ledger: a change landing in between leaves the stored result
 * marked stale, so it is computed again rather than missed.
 */
export async function computeSnapshot(userId: string, settings: CacheableSettings): Promise<TaxSnapshot> {
  const settingsKey = settingsKeyOf(settings);
  const timer = phaseTimer();
  const ledgerVersion = await currentLedgerVersion(userId);
  const entries = await loadLedgerEntries(userId);
  const manual = await manualPricesForLookup(userId);
  timer.mark("load");
  const { prices } = await preparePrices(entries, settings, { store: prismaCandleStore, sources: priceSources(), manual, offline: true });
  timer.mark("prices");
  const result = computeTax(entries, { ...settings, prices });
  timer.mark("engine");
  const now = new Date();
  const currency = result.settings.currency;
  const steps = holdingSteps(entries);
  // Market value at the last daily close (the end of yesterday, UTC): today's daily candle is still
  // open, and the price cache only keeps closed candles.
  const lastClose = new Date(Math.floor(now.getTime() / DAY) * DAY - 1);
  const needs = holdingStepNeeds(steps, { currency, now: lastClose }).filter((n) => onChartDay(n.time.getTime(), lastClose.getTime()));
  const daily = createPriceLookup(await warmPrices(needs, { store: prismaCandleStore, sources: priceSources(), manual, offline: true, intervals: ["1d"] }));
  timer.mark("daily prices");
  const valuation = valuePortfolio(holdingsFrom(result), daily, currency, lastClose);
  const series = valueSteps(steps.assets, steps.firstDay, { prices: daily, currency, at: lastClose }).filter((p, i, all) => i === all.length - 1 || onChartDay(Date.parse(`${p.day}T00:00:00Z`), lastClose.getTime()));
  timer.mark("valuation");
  const assets = new Set<string>();
  for (const e of entries) for (const a of [e.sentAsset, e.receivedAsset, e.feeAsset]) if (a) assets.add(a);
  const snapshot: TaxSnapshot = { settingsKey, settings, ledgerVersion, computedAt: now, entryCount: entries.length, result, valuation, series, assets: [...assets].sort() };
  const blob = await encodeSnapshot(snapshot);
  timer.mark("encode");
  await writeTaxCache(userId, { settingsKey, ledgerVersion, result: blob, checkpoints: null });
  timer.mark("store");
  log.debug({ userId, entries: entries.length, bytes: blob.length, ms: timer.phases }, "tax result computed");
  remember(userId, snapshot);
  return snapshot;
}

async function cachedSnapshot(userId: string, settingsKey: string): Promise<TaxSnapshot | null> {
  const held = memory.get(memoryKey(userId, settingsKey));
  if (held) {
    // Another process (the worker, a second web server) may have stored a newer one.
    const stored = await taxCacheVersion(userId, settingsKey);
    if (stored === null || stored <= held.ledgerVersion) {
      remember(userId, held);
      return held;
    }
  }
  const row = await readTaxCache(userId, settingsKey);
  if (!row) return null;
  const snap = await decodeSnapshot(settingsKey, row.ledgerVersion, row.result);
  remember(userId, snap);
  return snap;
}

export interface SnapshotOptions {
  /**
   * "page": never block on a large recompute: a stale result is returned as such (the caller shows
   * "recalculating…") and the job is asked for a fresh one. "fresh": always up to date (downloads,
   * filing), computing now when needed.
   */
  mode?: "page" | "fresh";
  /** Asks the worker to recompute (the queue); injected so tests and the worker itself can pass their own. */
  requestRecompute?: (userId: string) => Promise<void>;
}

export async function getTaxSnapshot(userId: string, overrides: TaxOverrides = {}, opts: SnapshotOptions = {}): Promise<SnapshotState> {
  const settings = cacheable(await taxSettingsFor(userId, overrides));
  const settingsKey = settingsKeyOf(settings);
  const [version, cached] = await Promise.all([currentLedgerVersion(userId), cachedSnapshot(userId, settingsKey)]);
  if (cached && cached.ledgerVersion >= version) return { status: "fresh", snapshot: cached };
  const rows = cached?.entryCount ?? (await countActiveEntries(userId));
  if (opts.mode === "fresh" || rows <= inlineRecomputeLimit()) return { status: "fresh", snapshot: await computeSnapshot(userId, settings) };
  await (opts.requestRecompute ?? defaultRequest)(userId).catch(() => {});
  return cached ? { status: "stale", snapshot: cached } : { status: "computing" };
}

async function defaultRequest(userId: string): Promise<void> {
  const { enqueueRecompute } = await import("@/lib/jobs/queue");
  await enqueueRecompute(userId);
}

/** The up-to-date result, computing it now if needed: for downloads and anything filed. */
export async function freshTaxResult(userId: string, overrides: TaxOverrides = {}): Promise<TaxSnapshot> {
  const state = await getTaxSnapshot(userId, overrides, { mode: "fresh" });
  if (state.status === "computing") throw new Error("unreachable: fresh mode always computes");
  return state.snapshot;
}
