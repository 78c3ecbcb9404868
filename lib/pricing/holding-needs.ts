import type { LedgerEntry } from "../ledger/types";
import { dayEndMs, dayOf, holdingSteps, quoteInstant, type HoldingSteps } from "../portfolio/balances-over-time";
import type { PriceNeed } from "./needs";

/**
 * The prices the dashboard's valuation will ask for (lib/portfolio/valuation.ts), before it runs:
 * the same first half of two-phase pricing as `neededPrices` (needs.ts), for market value instead
 * of tax. Feed them to `warmPrices` (alone or concatenated with `neededPrices`; it drops repeats).
 *
 * Every crypto asset held on a UTC day (a positive end-of-day total, `holdingSteps`) needs that
 * day's close, asked at the day's last millisecond, from its first held day (or `from`) to the day
 * of `now`; that last day, and so the current holdings, is asked at `quoteInstant(now)`, the end of
 * the last closed hour, as the valuation does. Days with nothing held need nothing. One need per
 * asset and day (the warm-up groups them by day anyway); the Date of each day is shared by all
 * assets, so 50 assets over 5 years is ~90,000 small objects.
 *
 * Conventions as `neededPrices`: `currency` is the reporting currency, an asset equal to it needs
 * nothing, each (asset, instant) is listed once, fiat is never listed (it is not valued).
 */
export interface HoldingNeedsOptions {
  /** The reporting currency. */
  currency: string;
  /** The valuation instant (`at` of valuePortfolio / valueOverTime). */
  now: Date;
  /** First day wanted (e.g. the start of the shortest chart range); default: the whole history. */
  from?: Date;
}

export function holdingPriceNeeds(entries: readonly LedgerEntry[], opts: HoldingNeedsOptions): PriceNeed[] {
  return holdingStepNeeds(holdingSteps(entries), opts);
}

/** `holdingPriceNeeds` from steps already built (the caller may share them with `valueSteps`). */
export function holdingStepNeeds(steps: HoldingSteps, opts: HoldingNeedsOptions): PriceNeed[] {
  const out: PriceNeed[] = [];
  const lastDay = dayOf(opts.now.getTime());
  if (!Number.isFinite(lastDay) || steps.firstDay === null) return out;
  const fromDay = opts.from ? dayOf(opts.from.getTime()) : steps.firstDay;
  if (!Number.isFinite(fromDay) || fromDay > lastDay) return out;
  const currency = opts.currency;
  const instants: Date[] = [];
  const instant = (day: number): Date => {
    const k = day - fromDay;
    let t = instants[k];
    if (!t) instants[k] = t = day === lastDay ? quoteInstant(opts.now) : new Date(dayEndMs(day));
    return t;
  };
  // In the first hour of a UTC day the last day is priced at the end of the day before: one need for both.
  const lastIsPrevious = lastDay > fromDay && quoteInstant(opts.now).getTime() === dayEndMs(lastDay - 1);
  for (const s of steps.assets) {
    if (s.asset === currency) continue;
    let pushed = Number.NaN;
    for (let k = 0; k < s.days.length; k++) {
      if (s.quantities[k]?.isZero()) continue;
      const start = Math.max(s.days[k] as number, fromDay);
      const next = s.days[k + 1];
      const end = Math.min(next === undefined ? lastDay : next - 1, lastDay);
      for (let day = start; day <= end; day++) {
        if (day === lastDay && lastIsPrevious && pushed === lastDay - 1) continue;
        out.push({ asset: s.asset, currency, time: instant(day) });
        pushed = day;
      }
    }
  }
  return out;
}
