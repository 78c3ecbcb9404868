import { isFiat } from "../ledger/types";
import { seriesId, type FeedConfig, type Interval } from "./candle-store";

/**
 * Route planning (pure): how to get from "1 unit of X" to a price in fiat F through the markets
 * exchanges list. A route is a chain of hops whose prices multiply: ETH -> BTC -> USD is
 * close(ETH/BTC) x close(BTC/USD). Preference, first that prices the instant wins
 * (tax-rules notes 4: the fill in fiat, else "fill price x fiat rate of the quote asset (e.g.
 * BTC/USDT x USDT/USD)", else a consistent market reference):
 *
 *   1. direct A/F                                        SOL/GBP
 *   2. A/G, then G -> F for a fiat bridge G              SOL/USD x 1 / GBP/USD
 *   3. A/I, then I -> F for a crypto bridge I            SOL/USDT x USDT/GBP, ETH/BTC x BTC/GBP
 *   4. A/I, then I -> G, then G -> F                     SOL/USDT x USDT/USD x 1 / GBP/USD
 *
 * A stablecoin is never taken as equal to its fiat: USDT -> USD goes through a real USDT/USD
 * market (tax-rules notes 4; pegs break, e.g. USDC at 0.87 on 11 Mar 2023). Fiat -> fiat uses
 * exchange fiat pairs in FX market convention (EUR/USD, GBP/USD, USD/JPY), inverted as needed,
 * and triangulates through a fiat bridge (CHF -> USD -> GBP) when no direct pair exists.
 */

export interface RoutingOptions {
  /** Fiat currencies used to triangulate, most liquid first. */
  fiatBridges: readonly string[];
  /**
   * Crypto quote assets to bridge through, most quote-like first: an asset is only bridged
   * through one listed before it (ETH via USDT, USDC or BTC; BTC via USDT or USDC), because
   * markets quote the other way round (ETH/BTC exists, BTC/ETH does not).
   */
  cryptoBridges: readonly string[];
}

export const DEFAULT_ROUTING: RoutingOptions = {
  fiatBridges: ["USD", "EUR", "GBP"],
  cryptoBridges: ["USDT", "USDC", "BTC", "ETH"],
};

/** One conversion step: the price of 1 `from` in `to`. */
export interface Hop {
  from: string;
  to: string;
}

export type Route = readonly Hop[];

/** A market that prices a hop: `invert` means the hop's price is 1 / close (USD -> GBP from the GBP/USD market). */
export interface MarketSide {
  pair: string;
  invert: boolean;
}

/**
 * FX market convention for which currency is the base (ISO/ACI ordering: EUR, GBP, AUD, NZD, USD,
 * CAD, CHF, JPY), so GBP -> USD is GBP/USD and USD -> JPY is USD/JPY. Others rank after, by code.
 */
const FX_BASE_ORDER = ["EUR", "GBP", "AUD", "NZD", "USD", "CAD", "CHF", "JPY"];

function fxRank(code: string): number {
  const i = FX_BASE_ORDER.indexOf(code);
  return i >= 0 ? i : FX_BASE_ORDER.length;
}

/** The markets that can price a hop, in the order to try them. */
export function hopMarkets(hop: Hop): MarketSide[] {
  const { from, to } = hop;
  if (isFiat(from) && isFiat(to)) {
    const fromIsBase = fxRank(from) < fxRank(to) || (fxRank(from) === fxRank(to) && from < to);
    const conventional: MarketSide = fromIsBase ? { pair: `${from}/${to}`, invert: false } : { pair: `${to}/${from}`, invert: true };
    const other: MarketSide = fromIsBase ? { pair: `${to}/${from}`, invert: true } : { pair: `${from}/${to}`, invert: false };
    return [conventional, other];
  }
  // Crypto is quoted in fiat, stablecoins, BTC or ETH: the asset is the base.
  return [{ pair: `${from}/${to}`, invert: false }];
}

/** Routes from one unit of `asset` to `currency`, most preferred first. */
export function planRoutes(asset: string, currency: string, opts: RoutingOptions = DEFAULT_ROUTING): Route[] {
  const a = asset.toUpperCase();
  const f = currency.toUpperCase();
  if (a === f) return [];
  const routes: Route[] = [[{ from: a, to: f }]];
  const fiatVia = opts.fiatBridges.filter((g) => g !== a && g !== f);
  for (const g of fiatVia) routes.push([{ from: a, to: g }, { from: g, to: f }]);
  if (isFiat(a)) return routes;
  const rankOf = (x: string) => {
    const i = opts.cryptoBridges.indexOf(x);
    return i >= 0 ? i : opts.cryptoBridges.length;
  };
  const via = opts.cryptoBridges.filter((i) => i !== a && i !== f && rankOf(i) < rankOf(a));
  for (const i of via) {
    routes.push([{ from: a, to: i }, { from: i, to: f }]);
    for (const g of fiatVia) if (g !== i) routes.push([{ from: a, to: i }, { from: i, to: g }, { from: g, to: f }]);
  }
  return routes;
}

/** One place to look for a hop's price: a market of one source at one interval. */
export interface Attempt {
  source: string;
  pair: string;
  interval: Interval;
  invert: boolean;
  /** `seriesId` of (source, pair, interval). */
  id: string;
}

/**
 * Where to look for a hop, in order: each market side, then each interval (finest first: an hourly
 * close is nearer the transaction than a daily one; notes 4 "minute, else hourly, else daily"), then
 * each source in the configured preference.
 */
export function hopAttempts(hop: Hop, feeds: FeedConfig): Attempt[] {
  const out: Attempt[] = [];
  for (const m of hopMarkets(hop)) {
    for (const interval of feeds.intervals) {
      for (const source of feeds.sources) out.push({ source, pair: m.pair, interval, invert: m.invert, id: seriesId({ source, pair: m.pair, interval }) });
    }
  }
  return out;
}

/** A route with the attempts of each hop, computed once per (asset, currency). */
export interface PlannedRoute {
  hops: Route;
  attempts: Attempt[][];
}

export function planAttempts(asset: string, currency: string, feeds: FeedConfig, opts: RoutingOptions = DEFAULT_ROUTING): PlannedRoute[] {
  return planRoutes(asset, currency, opts).map((hops) => ({ hops, attempts: hops.map((h) => hopAttempts(h, feeds)) }));
}
