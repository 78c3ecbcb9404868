import "server-only";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { TaxResult, TaxSettings } from "@/lib/tax/types";
import { deserializeTaxResult, serializeTaxResult } from "@/lib/tax/result-codec";
import { readTaxCache } from "@/lib/db/tax-cache";
import type { PortfolioValuation, ValuePoint } from "@/lib/portfolio/valuation";
import { decodeTagged, encodeTagged } from "@/lib/format/tagged-json";
import { log } from "@/lib/log";

/**
 * The engine's result per user and settings as pages read it: the shape, its encoding for the
 * `TaxResultCache` row, and this process's memory of decoded results.
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

// ---- encoding -------------------------------------------------------------------------------

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * gzip of: a 4-byte magic, the length of the head, the head (everything but the engine's result, as
 * tagged JSON: it is small), then the result in the engine's positional codec (lib/tax/result-codec:
 * a tenth of the time of tagged JSON for a 35,000-line result). Level 1: the blob is written on every
 * recompute and read once per process; level 6 saved ~12 % more for twice the time.
 */
const MAGIC = Buffer.from("LWS1", "latin1");

type StoredHead = Pick<TaxSnapshot, "computedAt" | "entryCount" | "valuation" | "series" | "assets">;

/** `memo`: encoded records by identity, kept between computations of one key (result-codec.ts). */
export async function encodeSnapshot(s: TaxSnapshot, memo?: WeakMap<object, string>): Promise<Buffer> {
  const head: StoredHead = { computedAt: s.computedAt, entryCount: s.entryCount, valuation: s.valuation, series: s.series, assets: s.assets };
  const headBytes = Buffer.from(encodeTagged(head), "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headBytes.length);
  return gzipAsync(Buffer.concat([MAGIC, len, headBytes, serializeTaxResult(s.result, memo)]), { level: 1 });
}

/** The snapshot stored for a key, or null when the blob is of an older format (it is then computed again). */
export async function decodeSnapshot(settingsKey: string, ledgerVersion: number, blob: Uint8Array): Promise<TaxSnapshot | null> {
  const raw = await gunzipAsync(blob);
  if (raw.length < 8 || !raw.subarray(0, 4).equals(MAGIC)) return null;
  const headEnd = 8 + raw.readUInt32BE(4);
  const head = decodeTagged<StoredHead>(raw.subarray(8, headEnd).toString("utf8"));
  const result = deserializeTaxResult(raw.subarray(headEnd));
  return { settingsKey, settings: settingsFromKey(settingsKey), ledgerVersion, ...head, result };
}

// ---- this process's memory -------------------------------------------------------------------

/**
 * Decoded results kept in this process, least recently used first out. Bounded by the ledger rows
 * they stand for (a result's size grows with its ledger): 50 users with a few thousand rows each all
 * stay decoded, a handful of 100,000-row ledgers do too.
 */
const MEMORY_MAX_RESULTS = 256;
const MEMORY_MAX_ROWS = 600_000;
const memory = new Map<string, TaxSnapshot>();
let memoryRows = 0;
export const memoryKey = (userId: string, settingsKey: string) => `${userId}\u0000${settingsKey}`;
const weight = (s: TaxSnapshot) => Math.max(1, s.entryCount);

export function rememberSnapshot(userId: string, snap: TaxSnapshot): void {
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

/**
 * The cached snapshot for a key: from memory when it is as new as the stored one, else decoded
 * from Postgres. `stored`: the version of the stored result (null: none), read beforehand with
 * the user's state.
 */
export async function cachedSnapshot(userId: string, settingsKey: string, stored: number | null): Promise<TaxSnapshot | null> {
  const held = memory.get(memoryKey(userId, settingsKey));
  // Another process (the worker, a second web server) may have stored a newer one.
  if (held && (stored === null || stored <= held.ledgerVersion)) {
    rememberSnapshot(userId, held);
    return held;
  }
  if (stored === null) return null;
  const row = await readTaxCache(userId, settingsKey);
  if (!row) return null;
  const snap = await decodeSnapshot(settingsKey, row.ledgerVersion, row.result);
  if (!snap) {
    log.info({ userId, settingsKey }, "cached tax result is of an older format; computing it again");
    return null;
  }
  rememberSnapshot(userId, snap);
  return snap;
}
