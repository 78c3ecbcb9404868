import "server-only";
import type { TaxSettings } from "@/lib/tax/types";
import { countActiveEntries, taxCacheState, type TaxCacheState } from "@/lib/db/tax-cache";
import { taxSettingsFromUser, type TaxOverrides } from "./tax-context";
import { cachedSnapshot, settingsKeyOf, type CacheableSettings, type TaxSnapshot } from "./snapshot-store";
import { computeSnapshot } from "./snapshot-compute";

export { computeSnapshot } from "./snapshot-compute";
export { settingsFromKey, settingsKeyOf, type CacheableSettings, type TaxSnapshot } from "./snapshot-store";

/**
 * The engine's result per user and settings, cached in Postgres and in this process's memory, and
 * brought up to date off the request path (lib/jobs/recompute.ts) whenever the ledger, a price or
 * the settings change. Every ledger write bumps User.ledgerVersion in its own transaction; a cached
 * result carries the version it was computed from, so "stale" is one integer comparison.
 */

export type SnapshotState = { status: "fresh"; snapshot: TaxSnapshot } | { status: "stale"; snapshot: TaxSnapshot } | { status: "computing" };

/** Below this many rows a page computes a missing or stale result itself (a few hundred ms at most); above, the job does. */
export function inlineRecomputeLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.LOTWISE_INLINE_RECOMPUTE_ROWS ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : 5000;
}

function cacheable(settings: TaxSettings): CacheableSettings {
  const { prices: _p, lotPicks: _l, transfers: _t, ...rest } = settings;
  return rest;
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
  /** The user's cache state when the caller has read it already (this request's account state). */
  state?: TaxCacheState | null;
}

export async function getTaxSnapshot(userId: string, overrides: TaxOverrides = {}, opts: SnapshotOptions = {}): Promise<SnapshotState> {
  const state = opts.state ?? (await taxCacheState(userId));
  if (!state) throw new Error("user not found");
  const settings = cacheable(taxSettingsFromUser(state.settings, overrides));
  const settingsKey = settingsKeyOf(settings);
  const cached = await cachedSnapshot(userId, settingsKey, state.cached.get(settingsKey) ?? null);
  if (cached && cached.ledgerVersion >= state.ledgerVersion) return { status: "fresh", snapshot: cached };
  const rows = cached?.entryCount ?? (await countActiveEntries(userId));
  if (opts.mode === "fresh" || rows <= inlineRecomputeLimit()) return { status: "fresh", snapshot: await computeSnapshot(userId, settings) };
  await (opts.requestRecompute ?? defaultRequest)(userId).catch(() => {});
  return cached ? { status: "stale", snapshot: cached } : { status: "computing" };
}

async function defaultRequest(userId: string): Promise<void> {
  const { enqueueRecompute } = await import("@/lib/jobs/queue");
  await enqueueRecompute(userId);
}
