import "server-only";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { TaxResult, TaxSettings } from "@/lib/tax/types";
import { createHash } from "node:crypto";
import { assembleResult, decodeRecords, decodeResultRest, encodeRecords, encodeResultRest, RECORD_ARRAYS, type RecordArray } from "@/lib/tax/result-codec";
import { readResultParts, readTaxCache, type ResultPart, type TaxCacheRow } from "@/lib/db/tax-cache";
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
 * Stored as a small row and content-addressed parts (TaxResultCache, TaxResultPart):
 * - the row: gzip of a manifest: the head (everything but the engine's result, tagged JSON), the
 *   result's small fields, and for each record array (disposal lines, income, removals, open lots)
 *   the hashes of its parts;
 * - a part: gzip of a run of records' JSON text (lib/tax/result-codec.ts), keyed by its hash.
 * Runs end where a record's own text says so (a hash of it, with a minimum and maximum length), so
 * records that did not change form the same runs after an edit before or among them: a recompute
 * that changed the last months of a 100,000-row ledger writes a few parts, not 6 MB, and a process
 * that read the previous result decodes only the new parts. gzip level 1: written on every
 * recompute; level 6 saved ~12 % more for twice the time.
 */
const FORMAT = 2;
const MIN_RUN = 32;
const MAX_RUN = 1024;
/** A record ends a run when the low 7 bits of its hash are zero: runs of ~160 records. */
const CUT_MASK = 127;

type StoredHead = Pick<TaxSnapshot, "computedAt" | "entryCount" | "valuation" | "series" | "assets">;
interface Manifest {
  format: number;
  head: string;
  rest: string;
  parts: Record<RecordArray, string[]>;
}

/** What encoding remembers between computations of one key (all by object identity). */
export interface EncodeMemo {
  texts: WeakMap<object, string>;
  cuts: WeakMap<object, boolean>;
  /** A run by its first record: its records and hash. */
  runs: WeakMap<object, { records: readonly object[]; hash: string }>;
  /** Parts the stored result names (they need not be written again). */
  stored: Set<string>;
}

export function newEncodeMemo(): EncodeMemo {
  return { texts: new WeakMap(), cuts: new WeakMap(), runs: new WeakMap(), stored: new Set() };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const partHash = (kind: RecordArray, text: string) => createHash("sha256").update(kind).update("\u0000").update(text).digest("base64url");

export interface EncodedSnapshot {
  manifest: Buffer;
  parts: string[];
  newParts: ResultPart[];
}

export async function encodeSnapshot(s: TaxSnapshot, memo: EncodeMemo = newEncodeMemo()): Promise<EncodedSnapshot> {
  const head: StoredHead = { computedAt: s.computedAt, entryCount: s.entryCount, valuation: s.valuation, series: s.series, assets: s.assets };
  const manifest: Manifest = { format: FORMAT, head: encodeTagged(head), rest: encodeResultRest(s.result), parts: { disposals: [], income: [], removals: [], openLots: [] } };
  const pending: { hash: string; text: string }[] = [];
  for (const kind of RECORD_ARRAYS) {
    const records = s.result[kind] as readonly object[];
    const texts = encodeRecords(kind, s.result[kind] as never[], memo.texts);
    let start = 0;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as object;
      let cut = memo.cuts.get(rec);
      if (cut === undefined) memo.cuts.set(rec, (cut = (fnv1a(texts[i] as string) & CUT_MASK) === 0));
      const len = i - start + 1;
      if (!((len >= MIN_RUN && cut) || len >= MAX_RUN || i === records.length - 1)) continue;
      const run = records.slice(start, i + 1);
      const known = memo.runs.get(run[0] as object);
      const reused = known !== undefined && known.records.length === run.length && known.records.every((r, k) => r === run[k]);
      const runText = () => texts.slice(start, i + 1).join(",");
      const hash = reused ? known.hash : partHash(kind, runText());
      if (!reused) memo.runs.set(run[0] as object, { records: run, hash });
      if (!memo.stored.has(hash)) pending.push({ hash, text: runText() });
      manifest.parts[kind].push(hash);
      start = i + 1;
    }
  }
  const seen = new Set<string>();
  const newParts: ResultPart[] = [];
  for (const p of pending) {
    if (seen.has(p.hash)) continue;
    seen.add(p.hash);
    newParts.push({ hash: p.hash, data: await gzipAsync(Buffer.from(`[${p.text}]`, "utf8"), { level: 1 }) });
  }
  const parts = RECORD_ARRAYS.flatMap((k) => manifest.parts[k]);
  return { manifest: await gzipAsync(Buffer.from(JSON.stringify(manifest), "utf8"), { level: 1 }), parts, newParts };
}

/**
 * Decoded parts kept in this process by user and hash, bounded by records: after a recompute a
 * page decodes only the parts that changed.
 */
const PARTS_MAX_RECORDS = 2_000_000;
const decodedParts = new Map<string, object[]>();
let decodedRecords = 0;
function keepPart(key: string, records: object[]): void {
  if (decodedParts.has(key)) return;
  decodedParts.set(key, records);
  decodedRecords += records.length;
  while (decodedRecords > PARTS_MAX_RECORDS && decodedParts.size > 1) {
    const [k, v] = decodedParts.entries().next().value as [string, object[]];
    decodedParts.delete(k);
    decodedRecords -= v.length;
  }
}

/** The snapshot stored for a key, or null when it cannot be read whole (older format, a part pruned): it is then computed again. */
export async function decodeSnapshot(userId: string, settingsKey: string, row: Pick<TaxCacheRow, "ledgerVersion" | "result">): Promise<TaxSnapshot | null> {
  const manifest = JSON.parse((await gunzipAsync(row.result)).toString("utf8")) as Manifest;
  if (manifest.format !== FORMAT) return null;
  const partKey = (hash: string) => `${userId}\u0000${hash}`;
  const missing = RECORD_ARRAYS.flatMap((k) => manifest.parts[k]).filter((h) => !decodedParts.has(partKey(h)));
  const fetched = await readResultParts(userId, [...new Set(missing)]);
  const decoded = new Map<string, object[]>();
  for (const kind of RECORD_ARRAYS) {
    for (const hash of manifest.parts[kind]) {
      const held = decodedParts.get(partKey(hash)) ?? decoded.get(hash);
      if (held) continue;
      const data = fetched.get(hash);
      if (!data) return null;
      decoded.set(hash, decodeRecords(kind, (await gunzipAsync(data)).toString("utf8")) as object[]);
    }
  }
  const records = <K extends RecordArray>(kind: K): TaxResult[K] => manifest.parts[kind].flatMap((h) => decodedParts.get(partKey(h)) ?? decoded.get(h) ?? []) as TaxResult[K];
  const result = assembleResult(decodeResultRest(manifest.rest), records);
  for (const [hash, recs] of decoded) keepPart(partKey(hash), recs);
  const head = decodeTagged<StoredHead>(manifest.head);
  return { settingsKey, settings: settingsFromKey(settingsKey), ledgerVersion: row.ledgerVersion, computedAt: head.computedAt, entryCount: head.entryCount, result, valuation: head.valuation, series: head.series, assets: head.assets };
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
  const snap = await decodeSnapshot(userId, settingsKey, row).catch((e: unknown) => {
    log.warn({ err: e, userId, settingsKey }, "cached tax result could not be decoded");
    return null;
  });
  if (!snap) {
    log.info({ userId, settingsKey }, "cached tax result is of an older format or incomplete; computing it again");
    return null;
  }
  rememberSnapshot(userId, snap);
  return snap;
}
