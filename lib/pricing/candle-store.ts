import type Decimal from "decimal.js";
import type { RoutingOptions } from "./routes";

/**
 * Historical candles: what the price service keeps, where it keeps them, and the in-memory index
 * the synchronous lookup reads.
 *
 * A series is one (source, pair, interval): e.g. ("kraken", "ETH/USD", "1d"). Coverage is kept per
 * UTC day: a day is covered once a fetch spanning all of it came back from the source, including an
 * empty answer (the pair did not trade, is not listed there, or the source does not serve that far
 * back), so a second computation asks no exchange for it again (the Prices issue; prisma/schema.prisma
 * `PriceCoverage`). Only closed candles are stored: a running candle's close still moves.
 */

export const INTERVALS = ["1h", "1d"] as const;
export type Interval = (typeof INTERVALS)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const INTERVAL_MS: Readonly<Record<Interval, number>> = { "1h": HOUR_MS, "1d": DAY_MS };

export function isInterval(value: unknown): value is Interval {
  return typeof value === "string" && (INTERVALS as readonly string[]).includes(value);
}

/** UTC day number (days since 1970-01-01) of an instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Open time of the `interval` candle that contains `ms` (candles start at multiples of their length since the epoch). */
export function candleOpen(ms: number, interval: Interval): number {
  const len = INTERVAL_MS[interval];
  return Math.floor(ms / len) * len;
}

export interface Candle {
  /** Open time, epoch ms (UTC). */
  openTime: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
}

export interface SeriesKey {
  /** The price source: a ccxt exchange id such as "kraken". */
  source: string;
  /** Unified ccxt symbol, BASE/QUOTE: "ETH/BTC". */
  pair: string;
  interval: Interval;
}

/** One string per series: the key of the index and of the lookup's route attempts. */
export function seriesId(k: SeriesKey): string {
  return `${k.source} ${k.pair} ${k.interval}`;
}

/** Days `fromDay`..`toDay` (inclusive, UTC day numbers) of one series. */
export interface SeriesRange extends SeriesKey {
  fromDay: number;
  toDay: number;
}

export interface StoredRange {
  /** Covered days inside the range, ascending. */
  covered: number[];
  /** Candles whose open time is inside the range's days, ascending. */
  candles: Candle[];
}

export interface SeriesWrite {
  key: SeriesKey;
  candles: readonly Candle[];
  /** Days now fully fetched (including days with no candle). */
  coveredDays: readonly number[];
}

/**
 * Where candles are cached: Postgres in the app (lib/db/candles.ts), memory in unit tests and the
 * bench. `save` is idempotent (a candle or coverage day already stored is kept) and writes candles
 * and coverage together, so coverage never claims a day whose candles are not there.
 */
export interface CandleStore {
  /** One answer per range, in order. */
  load(ranges: readonly SeriesRange[]): Promise<StoredRange[]>;
  save(writes: readonly SeriesWrite[]): Promise<void>;
}

interface MemorySeries {
  candles: Map<number, Candle>;
  covered: Set<number>;
}

/** A `CandleStore` in memory, for unit tests and the bench. Counts calls so tests can see the cache work. */
export class MemoryCandleStore implements CandleStore {
  private readonly series = new Map<string, MemorySeries>();
  loads = 0;
  saves = 0;

  private get(key: SeriesKey): MemorySeries {
    const id = seriesId(key);
    let s = this.series.get(id);
    if (!s) this.series.set(id, (s = { candles: new Map(), covered: new Set() }));
    return s;
  }

  async load(ranges: readonly SeriesRange[]): Promise<StoredRange[]> {
    this.loads++;
    return ranges.map((r) => {
      const s = this.series.get(seriesId(r));
      if (!s) return { covered: [], candles: [] };
      const covered: number[] = [];
      for (let d = r.fromDay; d <= r.toDay; d++) if (s.covered.has(d)) covered.push(d);
      const from = r.fromDay * DAY_MS;
      const to = (r.toDay + 1) * DAY_MS;
      const candles = [...s.candles.values()].filter((c) => c.openTime >= from && c.openTime < to).sort((a, b) => a.openTime - b.openTime);
      return { covered, candles };
    });
  }

  async save(writes: readonly SeriesWrite[]): Promise<void> {
    this.saves++;
    for (const w of writes) {
      const s = this.get(w.key);
      for (const c of w.candles) if (!s.candles.has(c.openTime)) s.candles.set(c.openTime, c);
      for (const d of w.coveredDays) s.covered.add(d);
    }
  }

  /** Candles stored, over all series. */
  get candleCount(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.candles.size;
    return n;
  }

  /** Covered days stored, over all series. */
  get coverageCount(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.covered.size;
    return n;
  }
}

/** Which sources, in which order, at which intervals: the preference the warm-up and the lookup share. */
export interface FeedConfig {
  /** Source ids, most preferred first. */
  sources: readonly string[];
  /** Candle intervals, finest (preferred) first. */
  intervals: readonly Interval[];
}

/**
 * Closes by series and open time, in memory: what `createPriceLookup` reads. Built by `warmPrices`
 * (from the store and from fresh fetches) together with the feed order and routing it used, so the
 * lookup resolves every price exactly the way the warm-up planned it.
 */
export class CandleIndex {
  private readonly series = new Map<string, Map<number, Decimal>>();

  constructor(
    readonly feeds: FeedConfig,
    readonly routing: RoutingOptions,
  ) {}

  add(key: SeriesKey, candles: Iterable<Candle>): void {
    const id = seriesId(key);
    let s = this.series.get(id);
    if (!s) this.series.set(id, (s = new Map()));
    for (const c of candles) s.set(c.openTime, c.close);
  }

  /** Adds every close another index holds (same feeds and routing): a later warm-up of more instants. */
  merge(other: CandleIndex): void {
    for (const [id, closes] of other.series) {
      let s = this.series.get(id);
      if (!s) this.series.set(id, (s = new Map()));
      for (const [t, c] of closes) s.set(t, c);
    }
  }

  /** Closes of one series by open time (`seriesId`), if any were loaded. */
  closes(id: string): ReadonlyMap<number, Decimal> | undefined {
    return this.series.get(id);
  }

  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.size;
    return n;
  }
}
