import type Decimal from "decimal.js";
import { D } from "../tax/decimal";
import { candleOpen, type CandleIndex, type Interval } from "./candle-store";
import { toManualPrices, type ManualPriceInput, type ManualPrices } from "./manual";
import { planAttempts, type Attempt, type PlannedRoute } from "./routes";
import type { PriceLookup, PriceQuote } from "./types";

/**
 * The synchronous `PriceLookup` the tax engine calls (lib/pricing/types.ts), answered from memory:
 * no I/O, so the engine stays pure (style guide "I/O inside the calculator"). Order:
 *
 *   1. a manual price of the asset in the currency asked, from the same UTC day (manual.ts);
 *   2. a manual price in another currency that day, converted (manual or market fiat rate);
 *   3. the market: the close of the candle containing the instant (hourly when loaded, else daily),
 *      along the first route of routes.ts whose every hop has a candle, each hop from the first
 *      source in the configured preference that has one;
 *   4. null: the engine flags "missing-price" and counts nothing silently (tax-rules notes 4).
 *
 * The quote's `source` names every candle used, so the audit trail can be checked by hand:
 *   "binance ETH/BTC 1d 2024-03-01 × kraken BTC/USD 1d 2024-03-01"
 *   "coinbase SOL/USD 1h 2024-03-01T10:00Z × 1 / kraken GBP/USD 1h 2024-03-01T10:00Z"
 * The date is the candle's open (UTC) and the price its close. Prices are Decimal in the engine's
 * money precision (34 significant digits); nothing passes through a float.
 */

export interface PriceLookupOptions {
  /** Candles loaded by `warmPrices`, with the source order and routing it used. */
  candles: CandleIndex;
  manual?: ManualPrices | readonly ManualPriceInput[];
}

const ONE: Decimal = new D(1);

const pad = (n: number) => String(n).padStart(2, "0");
function candleStamp(openTime: number, interval: Interval): string {
  const d = new Date(openTime);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return interval === "1d" ? day : `${day}T${pad(d.getUTCHours())}:00Z`;
}

function legSource(a: Attempt, openTime: number): string {
  return `${a.invert ? "1 / " : ""}${a.source} ${a.pair} ${a.interval} ${candleStamp(openTime, a.interval)}`;
}

export function createPriceLookup(opts: PriceLookupOptions): PriceLookup {
  const index = opts.candles;
  const manual = toManualPrices(opts.manual);
  const routesByPair = new Map<string, PlannedRoute[]>();
  // Quotes by (asset, currency) and hour: a market quote only depends on the candles of that hour
  // and day, and a 100,000-row ledger asks the same few pairs again and again.
  const cache = new Map<string, Map<string, Map<number, PriceQuote | null>>>();

  const routes = (a: string, f: string): PlannedRoute[] => {
    const key = `${a}\u0000${f}`;
    let r = routesByPair.get(key);
    if (!r) routesByPair.set(key, (r = planAttempts(a, f, index.feeds, index.routing)));
    return r;
  };

  const computeMarket = (a: string, f: string, ms: number): PriceQuote | null => {
    for (const route of routes(a, f)) {
      let price: Decimal | null = null;
      const sources: string[] = [];
      for (const attempts of route.attempts) {
        let leg: Decimal | null = null;
        for (const at of attempts) {
          const open = candleOpen(ms, at.interval);
          const close = index.closes(at.id)?.get(open);
          if (close === undefined) continue;
          leg = at.invert ? ONE.div(close) : close;
          sources.push(legSource(at, open));
          break;
        }
        if (!leg) {
          price = null;
          break;
        }
        price = price ? price.times(leg) : new D(leg);
      }
      if (price) return { price, source: sources.join(" × ") };
    }
    return null;
  };

  const market = (asset: string, currency: string, ms: number): PriceQuote | null => {
    let byCur = cache.get(asset);
    if (!byCur) cache.set(asset, (byCur = new Map()));
    let byHour = byCur.get(currency);
    if (!byHour) byCur.set(currency, (byHour = new Map()));
    const hour = Math.floor(ms / 3_600_000);
    let q = byHour.get(hour);
    if (q === undefined) {
      q = computeMarket(asset.toUpperCase(), currency.toUpperCase(), ms);
      byHour.set(hour, q);
    }
    return q;
  };

  /** Units of `to` per unit of fiat `from`: manual rates first, then the market. */
  const rate = (from: string, to: string, ms: number): PriceQuote | null => {
    const direct = manual.sameDay(from, to, ms);
    if (direct) return direct;
    const inverse = manual.sameDay(to, from, ms);
    if (inverse && !inverse.price.isZero()) return { price: ONE.div(inverse.price), source: `1 / ${inverse.source}` };
    return market(from, to, ms);
  };

  const manualQuote = (a: string, f: string, ms: number): PriceQuote | null => {
    if (!manual.hasAsset(a)) return null;
    const same = manual.sameDay(a, f, ms);
    if (same) return same;
    for (const g of manual.otherCurrencies(a, f, ms)) {
      const q = manual.sameDay(a, g, ms) as PriceQuote;
      const r = rate(g, f, ms);
      if (r) return { price: new D(q.price).times(r.price), source: `${q.source} in ${g}, converted at ${r.source}` };
    }
    return null;
  };

  return (asset, currency, time) => {
    const ms = time.getTime();
    if (!Number.isFinite(ms)) return null;
    if (manual.size > 0) {
      const q = manualQuote(asset.toUpperCase(), currency.toUpperCase(), ms);
      if (q) return q;
    }
    if (asset.toUpperCase() === currency.toUpperCase()) return { price: ONE, source: "identity" };
    return market(asset, currency, ms);
  };
}
