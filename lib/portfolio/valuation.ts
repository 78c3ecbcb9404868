import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import type { PriceLookup, PriceQuote } from "../pricing/types";
import { compare, decimalString, money, ZERO } from "../tax/decimal";
import type { OpenLot } from "../tax/types";
import { dayEndMs, dayLabel, dayOf, holdingSteps, quoteInstant, type AssetSteps } from "./balances-over-time";
import type { AssetHolding } from "./holdings";

/**
 * Market value of what the user holds: now (`valuePortfolio`, from the engine's open lots) and day
 * by day (`valueOverTime`, from the ledger). Prices come from a `PriceLookup` (no I/O here). An asset
 * without a price is "priceMissing": its market value is unknown (null), never zero as if known, and
 * every total says how many assets it leaves out. Decimal throughout; `…Json` helpers turn results
 * into plain objects with decimal strings for client components.
 *
 * "Now" is priced at `quoteInstant(at)`, the end of the last closed hour: the warm-up never fetches
 * a running candle, so that is the freshest market price there is. Use the same `at` for
 * `holdingPriceNeeds` (lib/pricing/holding-needs.ts) so the needs and the questions match.
 */

export interface AccountValuation {
  account: string;
  quantity: Decimal;
  costBasis: Decimal;
  /** Quantity-weighted mean acquisition time of the account's open lots with a known date. */
  averageAcquiredAt: Date | null;
  basisMissing: boolean;
  /** quantity × price; null when the asset has no price. */
  marketValue: Decimal | null;
  /** marketValue - costBasis; null when the asset has no price. */
  unrealizedGain: Decimal | null;
}

export interface AssetValuation {
  asset: string;
  quantity: Decimal;
  costBasis: Decimal;
  averageAcquiredAt: Date | null;
  /** Some open lot has an unknown basis (counted as zero): the gain is overstated by that much. */
  basisMissing: boolean;
  /** The unit price used and its source (audit text); null when no price is known. */
  price: PriceQuote | null;
  priceMissing: boolean;
  marketValue: Decimal | null;
  unrealizedGain: Decimal | null;
  /** Share of the priced total value, 0..1; null when unpriced or the total is not positive. */
  share: Decimal | null;
  accounts: AccountValuation[];
}

export interface PortfolioTotals {
  /** Market value of the priced assets. */
  value: Decimal;
  /** Cost basis of every holding, priced or not. */
  costBasis: Decimal;
  /** Cost basis of the priced assets: what `unrealizedGain` is measured against. */
  pricedCostBasis: Decimal;
  /** value - pricedCostBasis. */
  unrealizedGain: Decimal;
  /** Assets held without a price: left out of `value` and `unrealizedGain`. */
  unpricedAssets: number;
  /** Assets with some unknown basis (counted as zero). */
  basisMissingAssets: number;
}

export interface PortfolioValuation {
  currency: string;
  at: Date;
  /** The instant prices were asked for (`quoteInstant(at)`). */
  pricedAt: Date;
  /** Priced assets by market value (largest first), then unpriced ones by cost basis. */
  assets: AssetValuation[];
  totals: PortfolioTotals;
}

/** Quantity-weighted mean acquisition time of dated lots (ms are integers: exact in Decimal). */
function averageDate(lots: readonly OpenLot[]): Date | null {
  let qty: Decimal = ZERO;
  let weighted: Decimal = ZERO;
  for (const lot of lots) {
    if (!lot.acquiredAt) continue;
    qty = qty.plus(lot.amount);
    weighted = weighted.plus(lot.amount.times(lot.acquiredAt.getTime()));
  }
  // A timestamp in ms, not money: an integer string parses exactly.
  return qty.isZero() ? null : new Date(Number.parseInt(weighted.div(qty).round().toFixed(), 10));
}

function times(price: Decimal, quantity: Decimal): Decimal {
  return money(price).times(quantity);
}

/** Values the holdings (`holdingsFrom(result)`) at `at` in `currency`. */
export function valuePortfolio(holdings: readonly AssetHolding[], prices: PriceLookup, currency: string, at: Date): PortfolioValuation {
  const pricedAt = quoteInstant(at);
  let value: Decimal = ZERO;
  let costBasis: Decimal = ZERO;
  let pricedCostBasis: Decimal = ZERO;
  let unpricedAssets = 0;
  let basisMissingAssets = 0;
  const assets: AssetValuation[] = [];

  for (const h of holdings) {
    const quote = prices(h.asset, currency, pricedAt);
    const marketValue = quote ? times(quote.price, h.quantity) : null;
    costBasis = costBasis.plus(h.costBasis);
    if (h.basisMissing) basisMissingAssets++;
    if (marketValue) {
      value = value.plus(marketValue);
      pricedCostBasis = pricedCostBasis.plus(h.costBasis);
    } else unpricedAssets++;
    const lotsByAccount = new Map<string, OpenLot[]>();
    for (const lot of h.lots) {
      const list = lotsByAccount.get(lot.account);
      if (list) list.push(lot);
      else lotsByAccount.set(lot.account, [lot]);
    }
    const accounts = h.accounts.map((a): AccountValuation => {
      const lots = lotsByAccount.get(a.account) ?? [];
      const mv = quote ? times(quote.price, a.quantity) : null;
      return {
        account: a.account,
        quantity: a.quantity,
        costBasis: a.costBasis,
        averageAcquiredAt: averageDate(lots),
        basisMissing: lots.some((l) => l.basisMissing),
        marketValue: mv,
        unrealizedGain: mv ? mv.minus(a.costBasis) : null,
      };
    });
    assets.push({
      asset: h.asset,
      quantity: h.quantity,
      costBasis: h.costBasis,
      averageAcquiredAt: h.averageAcquiredAt,
      basisMissing: h.basisMissing,
      price: quote,
      priceMissing: quote === null,
      marketValue,
      unrealizedGain: marketValue ? marketValue.minus(h.costBasis) : null,
      share: null,
      accounts,
    });
  }
  if (value.gt(0)) for (const a of assets) if (a.marketValue) a.share = a.marketValue.div(value);
  assets.sort((x, y) => {
    if (x.marketValue && y.marketValue) return compare(y.marketValue, x.marketValue) || (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0);
    if (x.marketValue || y.marketValue) return x.marketValue ? -1 : 1;
    return compare(y.costBasis, x.costBasis) || (x.asset < y.asset ? -1 : x.asset > y.asset ? 1 : 0);
  });
  return {
    currency,
    at,
    pricedAt,
    assets,
    totals: { value, costBasis, pricedCostBasis, unrealizedGain: value.minus(pricedCostBasis), unpricedAssets, basisMissingAssets },
  };
}

// ---------------------------------------------------------------------------------------------
// Value over time

export interface ValuePoint {
  /** UTC day, "YYYY-MM-DD". */
  day: string;
  /** Market value of the priced assets held at the end of the day. */
  value: Decimal;
  /** Assets held that day without a price: left out of `value`. */
  unpricedAssets: number;
}

export interface ValueOverTimeOptions {
  prices: PriceLookup;
  currency: string;
  /** The last point's day; its value is priced at `quoteInstant(at)`, earlier days at their last millisecond (the day's close). */
  at: Date;
  /** First day of the series; default the day of the earliest entry. */
  from?: Date;
  /** Only days this accepts get a point (the last day always does): e.g. weekly points for old history. */
  days?: (day: number) => boolean;
}

/**
 * The portfolio's value at the end of each UTC day from `from` to the day of `at`: the units held
 * per crypto asset (`holdingSteps`: the user's whole ledger, ignored rows already removed) times the
 * day's closing price. One lookup per held asset per day; the product is reused while neither the
 * quantity nor the price changed.
 */
export function valueOverTime(entries: readonly LedgerEntry[], opts: ValueOverTimeOptions): ValuePoint[] {
  const steps = holdingSteps(entries);
  return valueSteps(steps.assets, steps.firstDay, opts);
}

/** `valueOverTime` from steps already built (`holdingSteps`). */
export function valueSteps(assets: readonly AssetSteps[], firstDay: number | null, opts: ValueOverTimeOptions): ValuePoint[] {
  const lastDay = dayOf(opts.at.getTime());
  const fromDay = opts.from ? dayOf(opts.from.getTime()) : firstDay;
  if (fromDay === null || !Number.isFinite(lastDay) || !Number.isFinite(fromDay) || fromDay > lastDay) return [];
  const n = assets.length;
  const ptr = new Int32Array(n).fill(-1);
  const lastQty: (Decimal | null)[] = new Array<Decimal | null>(n).fill(null);
  const lastPrice: (Decimal | null)[] = new Array<Decimal | null>(n).fill(null);
  const lastValue: (Decimal | null)[] = new Array<Decimal | null>(n).fill(null);
  const lastInstant = quoteInstant(opts.at);
  const out: ValuePoint[] = [];

  for (let day = fromDay; day <= lastDay; day++) {
    if (opts.days && day !== lastDay && !opts.days(day)) continue;
    const time = day === lastDay ? lastInstant : new Date(dayEndMs(day));
    let total: Decimal = ZERO;
    let unpriced = 0;
    for (let j = 0; j < n; j++) {
      const s = assets[j] as AssetSteps;
      let p = ptr[j] as number;
      while (p + 1 < s.days.length && (s.days[p + 1] as number) <= day) p++;
      ptr[j] = p;
      if (p < 0) continue;
      const q = s.quantities[p] as Decimal;
      if (q.isZero()) continue;
      const quote = opts.prices(s.asset, opts.currency, time);
      if (!quote) {
        unpriced++;
        continue;
      }
      const lp = lastPrice[j] as Decimal | null;
      let v: Decimal;
      if (lastQty[j] === q && lp !== null && (lp === quote.price || compare(lp, quote.price) === 0)) v = lastValue[j] as Decimal;
      else {
        v = times(quote.price, q);
        lastQty[j] = q;
        lastPrice[j] = quote.price;
        lastValue[j] = v;
      }
      total = total.plus(v);
    }
    out.push({ day: dayLabel(day), value: total, unpricedAssets: unpriced });
  }
  return out;
}

export type ValueRange = "1M" | "1Y" | "All";
export const VALUE_RANGES: readonly ValueRange[] = ["1M", "1Y", "All"];
/** Most points the "All" range keeps. */
export const MAX_CHART_POINTS = 800;

/** The same calendar day `months` earlier (clamped to the month's last day), as "YYYY-MM-DD". */
function monthsBefore(day: string, months: number): string {
  const y = Number.parseInt(day.slice(0, 4), 10);
  const m = Number.parseInt(day.slice(5, 7), 10) - 1 - months;
  const d = Number.parseInt(day.slice(8, 10), 10);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * The points of one chart range, from a daily series in day order: "1M" and "1Y" from the same
 * calendar day one month / one year before the last point (every day), "All" every day, or every
 * k-th day counted back from the last when there are more than `maxPoints` (the first and the last
 * day are always kept). Works on `ValuePoint`s and on their JSON form.
 */
export function valueRange<T extends { day: string }>(points: readonly T[], range: ValueRange, maxPoints = MAX_CHART_POINTS): T[] {
  const last = points[points.length - 1];
  if (!last) return [];
  if (range !== "All") {
    const from = monthsBefore(last.day, range === "1M" ? 1 : 12);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((points[mid] as T).day < from) lo = mid + 1;
      else hi = mid;
    }
    return points.slice(lo);
  }
  const n = points.length;
  const max = Math.max(2, Math.floor(maxPoints));
  if (n <= max) return [...points];
  // Every k-th day back from the last, plus the first: at most (max - 2) + 2 points.
  const k = Math.ceil((n - 1) / (max - 2));
  const out: T[] = [];
  const start = (n - 1) % k;
  if (start !== 0) out.push(points[0] as T);
  for (let i = start; i < n; i += k) out.push(points[i] as T);
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON for client components: decimals as strings, instants as ISO strings.

export interface ValuePointJson {
  day: string;
  value: string;
  unpricedAssets: number;
}

export function valuePointsJson(points: readonly ValuePoint[]): ValuePointJson[] {
  return points.map((p) => ({ day: p.day, value: decimalString(p.value), unpricedAssets: p.unpricedAssets }));
}

export interface AccountValuationJson {
  account: string;
  quantity: string;
  costBasis: string;
  averageAcquiredAt: string | null;
  basisMissing: boolean;
  marketValue: string | null;
  unrealizedGain: string | null;
}

export interface AssetValuationJson {
  asset: string;
  quantity: string;
  costBasis: string;
  averageAcquiredAt: string | null;
  basisMissing: boolean;
  price: string | null;
  priceSource: string | null;
  priceMissing: boolean;
  marketValue: string | null;
  unrealizedGain: string | null;
  share: string | null;
  accounts: AccountValuationJson[];
}

export interface PortfolioValuationJson {
  currency: string;
  at: string;
  pricedAt: string;
  assets: AssetValuationJson[];
  totals: { value: string; costBasis: string; pricedCostBasis: string; unrealizedGain: string; unpricedAssets: number; basisMissingAssets: number };
}

const str = (d: Decimal | null): string | null => (d === null ? null : decimalString(d));
const iso = (t: Date | null): string | null => (t === null ? null : t.toISOString());

export function portfolioValuationJson(v: PortfolioValuation): PortfolioValuationJson {
  return {
    currency: v.currency,
    at: v.at.toISOString(),
    pricedAt: v.pricedAt.toISOString(),
    assets: v.assets.map((a) => ({
      asset: a.asset,
      quantity: decimalString(a.quantity),
      costBasis: decimalString(a.costBasis),
      averageAcquiredAt: iso(a.averageAcquiredAt),
      basisMissing: a.basisMissing,
      price: a.price ? decimalString(a.price.price) : null,
      priceSource: a.price ? a.price.source : null,
      priceMissing: a.priceMissing,
      marketValue: str(a.marketValue),
      unrealizedGain: str(a.unrealizedGain),
      share: str(a.share),
      accounts: a.accounts.map((x) => ({
        account: x.account,
        quantity: decimalString(x.quantity),
        costBasis: decimalString(x.costBasis),
        averageAcquiredAt: iso(x.averageAcquiredAt),
        basisMissing: x.basisMissing,
        marketValue: str(x.marketValue),
        unrealizedGain: str(x.unrealizedGain),
      })),
    })),
    totals: {
      value: decimalString(v.totals.value),
      costBasis: decimalString(v.totals.costBasis),
      pricedCostBasis: decimalString(v.totals.pricedCostBasis),
      unrealizedGain: decimalString(v.totals.unrealizedGain),
      unpricedAssets: v.totals.unpricedAssets,
      basisMissingAssets: v.totals.basisMissingAssets,
    },
  };
}
