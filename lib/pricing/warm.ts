import type { LedgerEntry } from "../ledger/types";
import type { TaxSettings } from "../tax/types";
import { CandleIndex, candleOpen, DAY_MS, dayOf, HOUR_MS, INTERVAL_MS, seriesId, type CandleStore, type FeedConfig, type Interval, type SeriesKey, type SeriesRange, type SeriesWrite } from "./candle-store";
import { createPriceLookup } from "./lookup";
import { toManualPrices, type ManualPriceInput, type ManualPrices } from "./manual";
import { neededPrices, type PriceNeed } from "./needs";
import type { OhlcvSource } from "./ohlcv-source";
import { DEFAULT_ROUTING, planAttempts, type Attempt, type PlannedRoute, type RoutingOptions } from "./routes";
import type { PriceLookup } from "./types";

/**
 * The I/O half of two-phase pricing: makes sure every candle the lookup will read is in memory,
 * from the cache (CandleStore) or, for days never fetched, from the exchanges; then
 * `createPriceLookup` answers the engine synchronously from that memory.
 *
 * It walks the same order the lookup will (routes.ts: routes, then per hop each market side,
 * interval and source), so it fetches only what can change an answer: a later route, interval or
 * source is asked only for the instants the earlier ones could not price. All instants that need
 * the same series in one step are served together: their days are merged into spans of at most
 * one page (one request covers up to `pageLimit` candles), and a span is fetched once for all the
 * assets that route through it (BTC/USD for BTC itself and for every X/BTC).
 *
 * Cache rules: a day is covered once a fetch spanning all of it succeeded, whatever it held,
 * including "not listed here" and "older than the source serves" (Kraken's 720 candles), so a
 * second computation makes no request at all. A failed fetch covers nothing (it is asked again
 * next time) and is reported; the day is then priced from the next source, if any. Today is
 * never covered: its candles are not all closed yet.
 */

export interface WarmOptions {
  store: CandleStore;
  /** Sources in preference order. Empty: market prices off (cache and manual prices only). */
  sources: readonly OhlcvSource[];
  /** Finest first; default hourly, else daily (tax-rules notes 4: "minute, else hourly, else daily close"). */
  intervals?: readonly Interval[];
  routing?: RoutingOptions;
  /** Manual prices: instants they price are not looked up on the market at all. */
  manual?: ManualPrices | readonly ManualPriceInput[];
  /** Read the cache only, never an exchange (e.g. to render a page while a job fetches). */
  offline?: boolean;
  /** Clock (tests); default Date.now. */
  now?: () => number;
}

export const DEFAULT_INTERVALS: readonly Interval[] = ["1h", "1d"];

export interface WarmError {
  source: string;
  pair: string;
  interval: Interval;
  /** Error class and message, for the job log (internal: never shown to users as is). */
  message: string;
}

export interface UnpricedGroup {
  asset: string;
  currency: string;
  /** Hours (distinct) with no market price on any route. */
  instants: number;
  first: Date;
  last: Date;
}

export interface WarmReport {
  /** Needs received (distinct asset, currency, instant). */
  needs: number;
  /** Of those, answered by a manual price. */
  manual: number;
  /** Distinct (asset, currency, hour) priced from candles. */
  priced: number;
  /** What no route could price: the engine will flag these "missing-price". */
  unpriced: UnpricedGroup[];
  /** OHLCV requests made (0 on a warm cache). */
  requests: number;
  candlesFetched: number;
  candlesLoaded: number;
  errors: WarmError[];
}

export interface WarmResult {
  candles: CandleIndex;
  manual: ManualPrices;
  report: WarmReport;
}

interface Group {
  asset: string;
  currency: string;
  routes: PlannedRoute[];
}

interface Task {
  group: Group;
  route: number;
  hop: number;
  attempt: number;
  /** Hour numbers (ms / 1 h) still to price at this step. */
  hours: number[];
}

/** Gaps of more days than this split a store read into separate ranges. */
const READ_GAP_DAYS = 7;

export async function warmPrices(needs: readonly PriceNeed[], opts: WarmOptions): Promise<WarmResult> {
  const now = opts.now ?? Date.now;
  const intervals = opts.intervals ?? DEFAULT_INTERVALS;
  const routing = opts.routing ?? DEFAULT_ROUTING;
  const feeds: FeedConfig = { sources: opts.sources.map((s) => s.id), intervals };
  const index = new CandleIndex(feeds, routing);
  const manual = toManualPrices(opts.manual);
  const sourceById = new Map(opts.sources.map((s) => [s.id, s]));
  const requestsBefore = opts.sources.reduce((n, s) => n + s.requests, 0);
  const report: WarmReport = { needs: 0, manual: 0, priced: 0, unpriced: [], requests: 0, candlesFetched: 0, candlesLoaded: 0, errors: [] };

  // --- needs -> (asset, currency) groups of hours; manual prices take theirs out ---
  const hoursByGroup = new Map<string, { asset: string; currency: string; hours: Set<number> }>();
  const want = (asset: string, currency: string, ms: number) => {
    const key = `${asset}\u0000${currency}`;
    let g = hoursByGroup.get(key);
    if (!g) hoursByGroup.set(key, (g = { asset, currency, hours: new Set() }));
    g.hours.add(Math.floor(ms / HOUR_MS));
  };
  const seen = new Set<string>();
  for (const need of needs) {
    const asset = need.asset.toUpperCase();
    const currency = need.currency.toUpperCase();
    const ms = need.time.getTime();
    if (asset === currency || !Number.isFinite(ms)) continue;
    const key = `${asset}\u0000${currency}\u0000${ms}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report.needs++;
    if (manual.sameDay(asset, currency, ms)) {
      report.manual++;
      continue;
    }
    const others = manual.otherCurrencies(asset, currency, ms);
    if (others.length > 0) {
      // Priced by hand in another currency: only the conversion rate is needed (lookup.ts `rate`).
      report.manual++;
      for (const g of others) if (!manual.sameDay(g, currency, ms) && !manual.sameDay(currency, g, ms)) want(g, currency, ms);
      continue;
    }
    want(asset, currency, ms);
  }

  let tasks: Task[] = [];
  const unpriced = new Map<Group, number[]>();
  // No candle containing an instant of the current hour (or later) has closed yet: nothing to ask.
  const firstOpenHour = Math.floor(now() / HOUR_MS);
  for (const g of hoursByGroup.values()) {
    const group: Group = { asset: g.asset, currency: g.currency, routes: planAttempts(g.asset, g.currency, feeds, routing) };
    const hours = [...g.hours].sort((a, b) => a - b);
    const past = hours.filter((h) => h < firstOpenHour);
    if (past.length < hours.length) unpriced.set(group, hours.slice(past.length));
    if (past.length > 0) tasks.push({ group, route: 0, hop: 0, attempt: 0, hours: past });
  }

  // --- walk the tasks; park those whose next series/days are not in memory, load or fetch them, repeat ---
  const known = new Map<string, Set<number>>();
  const attemptOf = (t: Task): Attempt | undefined => t.group.routes[t.route]?.attempts[t.hop]?.[t.attempt];

  while (tasks.length > 0) {
    const parked: Task[] = [];
    const queue = tasks;
    tasks = [];
    while (queue.length > 0) {
      const t = queue.pop() as Task;
      const route = t.group.routes[t.route];
      // No route left, or no source to try it on (market prices off): these hours stay unpriced.
      if (!route || !attemptOf(t)) {
        let list = unpriced.get(t.group);
        if (!list) unpriced.set(t.group, (list = []));
        for (const h of t.hours) list.push(h);
        continue;
      }
      const at = attemptOf(t) as Attempt;
      const days = known.get(at.id);
      if (!days || t.hours.some((h) => !days.has(dayOf(h * HOUR_MS)))) {
        parked.push(t);
        continue;
      }
      const closes = index.closes(at.id);
      const ok: number[] = [];
      const miss: number[] = [];
      for (const h of t.hours) (closes?.has(candleOpen(h * HOUR_MS, at.interval)) ? ok : miss).push(h);
      if (ok.length > 0) {
        if (t.hop + 1 < route.attempts.length) queue.push({ ...t, hop: t.hop + 1, attempt: 0, hours: ok });
        else report.priced += ok.length;
      }
      if (miss.length > 0) {
        if (t.attempt + 1 < (route.attempts[t.hop] as Attempt[]).length) queue.push({ ...t, attempt: t.attempt + 1, hours: miss });
        else queue.push({ ...t, route: t.route + 1, hop: 0, attempt: 0, hours: miss });
      }
    }
    if (parked.length === 0) break;

    // What the parked tasks need, merged per series.
    const wanted = new Map<string, { key: SeriesKey; days: Set<number> }>();
    for (const t of parked) {
      const at = attemptOf(t) as Attempt;
      let w = wanted.get(at.id);
      if (!w) wanted.set(at.id, (w = { key: { source: at.source, pair: at.pair, interval: at.interval }, days: new Set() }));
      const k = known.get(at.id);
      for (const h of t.hours) {
        const d = dayOf(h * HOUR_MS);
        if (!k?.has(d)) w.days.add(d);
      }
    }
    await ensure([...wanted.values()]);
    tasks = parked;
  }

  for (const [group, hours] of unpriced) {
    hours.sort((a, b) => a - b);
    report.unpriced.push({ asset: group.asset, currency: group.currency, instants: hours.length, first: new Date((hours[0] as number) * HOUR_MS), last: new Date((hours[hours.length - 1] as number) * HOUR_MS) });
  }
  report.unpriced.sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  report.requests = opts.sources.reduce((n, s) => n + s.requests, 0) - requestsBefore;
  return { candles: index, manual, report };

  /** Loads the wanted days from the store; fetches what the store has never covered; marks all of them known. */
  async function ensure(wanted: { key: SeriesKey; days: Set<number> }[]): Promise<void> {
    const ranges: SeriesRange[] = [];
    const rangeOwner: number[] = [];
    wanted.forEach((w, i) => {
      for (const [fromDay, toDay] of runs([...w.days].sort((a, b) => a - b), READ_GAP_DAYS)) {
        ranges.push({ ...w.key, fromDay, toDay });
        rangeOwner.push(i);
      }
    });
    const stored = await opts.store.load(ranges);
    const covered = wanted.map(() => new Set<number>());
    stored.forEach((s, i) => {
      const w = wanted[rangeOwner[i] as number] as { key: SeriesKey };
      index.add(w.key, s.candles);
      report.candlesLoaded += s.candles.length;
      for (const d of s.covered) (covered[rangeOwner[i] as number] as Set<number>).add(d);
    });

    const t = now();
    const today = dayOf(t);
    const writes: SeriesWrite[] = [];
    const bySource = new Map<string, { key: SeriesKey; days: number[] }[]>();
    wanted.forEach((w, i) => {
      const missing = [...w.days].filter((d) => !(covered[i] as Set<number>).has(d) && d <= today).sort((a, b) => a - b);
      if (missing.length === 0 || opts.offline || !sourceById.has(w.key.source)) return;
      let list = bySource.get(w.key.source);
      if (!list) bySource.set(w.key.source, (list = []));
      list.push({ key: w.key, days: missing });
    });
    const complete = (d: number) => (d + 1) * DAY_MS <= t;

    // One source's requests one after another (its ccxt throttle paces them); sources side by side.
    await Promise.all(
      [...bySource].map(async ([id, list]) => {
        const source = sourceById.get(id) as OhlcvSource;
        for (const { key, days } of list) {
          const len = INTERVAL_MS[key.interval];
          let ask = days;
          if (source.lookbackCandles !== null) {
            // Older than the source serves: nothing to ask for (Kraken, ohlcv-source.ts).
            const oldest = Math.floor(t / len) * len - source.lookbackCandles * len;
            const tooOld = ask.filter((d) => (d + 1) * DAY_MS - len < oldest);
            if (tooOld.length > 0) writes.push({ key, candles: [], coveredDays: tooOld.filter(complete) });
            ask = ask.filter((d) => (d + 1) * DAY_MS - len >= oldest);
          }
          if (ask.length === 0) continue;
          let listed: boolean;
          try {
            listed = await source.listsMarket(key.pair);
          } catch (e) {
            report.errors.push({ ...key, message: describe(e) });
            continue;
          }
          if (!listed) {
            writes.push({ key, candles: [], coveredDays: ask.filter(complete) });
            continue;
          }
          const spanDays = Math.max(1, Math.floor((source.pageLimit * len) / DAY_MS));
          for (const [d0, d1] of spans(ask, spanDays)) {
            try {
              const candles = await source.fetchCandles(key.pair, key.interval, d0 * DAY_MS, (d1 + 1) * DAY_MS - len);
              index.add(key, candles);
              report.candlesFetched += candles.length;
              const days: number[] = [];
              for (let d = d0; d <= d1; d++) if (complete(d)) days.push(d);
              writes.push({ key, candles, coveredDays: days });
            } catch (e) {
              report.errors.push({ ...key, message: describe(e) });
            }
          }
        }
      }),
    );
    if (writes.length > 0) await opts.store.save(writes);
    wanted.forEach((w) => {
      const id = seriesId(w.key);
      let k = known.get(id);
      if (!k) known.set(id, (k = new Set()));
      for (const d of w.days) k.add(d);
    });
  }
}

/** Sorted days -> [from, to] runs, joining days at most `gap` apart. */
function runs(days: readonly number[], gap: number): [number, number][] {
  const out: [number, number][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && d - last[1] <= gap) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

/** Sorted days -> fetch spans of at most `maxDays` days (one page each), greedily from the first day. */
function spans(days: readonly number[], maxDays: number): [number, number][] {
  const out: [number, number][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && d - last[0] + 1 <= maxDays) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

function describe(e: unknown): string {
  const name = e instanceof Error ? e.constructor.name : typeof e;
  const msg = e instanceof Error ? e.message : String(e);
  return `${name}: ${msg.slice(0, 300)}`;
}

/**
 * needs -> warm -> lookup in one call, for the jobs that compute:
 *
 *   const { prices, report } = await preparePrices(entries, settings, { store, sources, manual });
 *   const result = computeTax(entries, { ...settings, prices });
 */
export async function preparePrices(entries: readonly LedgerEntry[], settings: Omit<TaxSettings, "prices">, opts: WarmOptions): Promise<{ prices: PriceLookup; report: WarmReport; warm: WarmResult }> {
  const warm = await warmPrices(neededPrices(entries, settings), opts);
  return { prices: createPriceLookup(warm), report: warm.report, warm };
}
