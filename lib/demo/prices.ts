import Decimal from "decimal.js";
import { prng, seedOf, shock } from "../prng";

/**
 * Daily closes of the demo assets: a plausible random walk, the same shape for every `now` (a fixed
 * seed; only the dates move), so the demo's gains, losses and warnings never depend on the day it
 * is loaded. The log price follows a trend through anchor levels (fractions of the period) plus
 * mean-reverting noise (daily moves of a few percent that stay within ~10% of the trend):
 *
 *   rise, peak at 42%, a drawdown to 58%, a flat stretch, a second rise to ~90%, and the last weeks.
 *
 * Prices in GBP and EUR are the USD price times a slowly wandering exchange rate. All arithmetic on
 * prices is Decimal; the random shocks are plain numbers (dimensionless), added before `exp`.
 */

export const DEMO_ASSETS = ["BTC", "ETH", "SOL", "USDC"] as const;
export type DemoAsset = (typeof DEMO_ASSETS)[number];
export type DemoCurrency = "USD" | "GBP" | "EUR";
export const DEMO_CURRENCIES: readonly DemoCurrency[] = ["USD", "GBP", "EUR"];

const SEED = 0x10757153;
const P = Decimal.clone({ precision: 14, rounding: Decimal.ROUND_HALF_EVEN });

interface Walk {
  /** [fraction of the period, level in USD]. */
  anchors: readonly (readonly [number, number])[];
  /** Daily shock size (log), and how much of yesterday's deviation from the trend is kept. */
  sigma: number;
  keep: number;
  decimals: number;
}

const WALKS: Record<DemoAsset, Walk> = {
  BTC: {
    anchors: [
      [0, 27_000],
      [0.2, 43_000],
      [0.42, 68_000],
      [0.58, 57_000],
      [0.75, 64_000],
      [0.9, 97_000],
      [1, 91_000],
    ],
    sigma: 0.016,
    keep: 0.95,
    decimals: 2,
  },
  ETH: {
    anchors: [
      [0, 1_650],
      [0.2, 2_300],
      [0.42, 3_700],
      [0.58, 2_600],
      [0.75, 2_350],
      [0.9, 3_900],
      [1, 3_400],
    ],
    sigma: 0.02,
    keep: 0.95,
    decimals: 2,
  },
  SOL: {
    anchors: [
      [0, 21],
      [0.2, 62],
      [0.42, 190],
      [0.58, 128],
      [0.75, 150],
      [0.86, 165],
      [1, 235],
    ],
    sigma: 0.026,
    keep: 0.95,
    decimals: 2,
  },
  USDC: {
    anchors: [
      [0, 1],
      [1, 1],
    ],
    sigma: 0.0002,
    keep: 0.5,
    decimals: 4,
  },
};

/** Units of each currency per USD, around a level. */
const FX: Record<DemoCurrency, { level: number; sigma: number; keep: number }> = {
  USD: { level: 1, sigma: 0, keep: 0 },
  GBP: { level: 0.79, sigma: 0.002, keep: 0.98 },
  EUR: { level: 0.92, sigma: 0.002, keep: 0.98 },
};

/**
 * trend × (1 + x + x²/2) for day 0..days: the trend grows geometrically between anchors (one daily
 * factor per segment), x is the mean-reverting noise, and 1 + x + x²/2 (exp(x) to second order, always
 * positive) keeps the arithmetic to multiplications: decimal.js's exp is slow for 3,000 prices.
 */
function logWalk(name: string, anchors: readonly (readonly [number, number])[], days: number, sigma: number, keep: number): Decimal[] {
  const rng = prng(seedOf(SEED, name));
  const at = anchors.map(([f, level]) => ({ day: Math.round(f * days), level: new P(level) }));
  const out: Decimal[] = [];
  let noise = 0;
  let k = 0;
  let trend: Decimal = (at[0] as { level: Decimal }).level;
  let growth: Decimal = new P(1);
  for (let i = 0; i <= days; i++) {
    if (i > 0) {
      while (k + 2 < at.length && i > (at[k + 1] as { day: number }).day) k++;
      const a = at[k] as { day: number; level: Decimal };
      const b = at[k + 1] as { day: number; level: Decimal };
      if (i === a.day + 1 || i === 1) growth = b.day === a.day ? new P(1) : b.level.div(a.level).ln().div(b.day - a.day).exp();
      trend = i === a.day ? a.level : trend.times(growth);
    }
    noise = keep * noise + sigma * shock(rng);
    const x = new P(noise);
    out.push(trend.times(x.times(x).div(2).plus(x).plus(1)));
  }
  return out;
}

/**
 * Closes of every demo asset in `currency` for day 0..days of the period (index = day offset),
 * rounded to cents (USDC to 4 places).
 */
export function demoPriceSeries(days: number, currency: DemoCurrency): Record<DemoAsset, Decimal[]> {
  const fx = FX[currency];
  const rate = currency === "USD" ? null : logWalk(`fx:${currency}`, [[0, fx.level], [1, fx.level]], days, fx.sigma, fx.keep);
  const out = {} as Record<DemoAsset, Decimal[]>;
  for (const asset of DEMO_ASSETS) {
    const w = WALKS[asset];
    const usd = logWalk(asset, w.anchors, days, w.sigma, w.keep);
    out[asset] = usd.map((p, i) => new Decimal((rate ? p.times(rate[i] as Decimal) : p).toDecimalPlaces(w.decimals, Decimal.ROUND_HALF_EVEN)));
  }
  return out;
}
