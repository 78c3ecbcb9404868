import type Decimal from "decimal.js";

/** A price of one unit of `asset` in `currency`, and where it came from (kept in the audit trail). */
export interface PriceQuote {
  price: Decimal;
  source: string;
}

/**
 * How the tax engine asks for prices: synchronous, no I/O (jobs fetch, the engine computes; style
 * guide "I/O inside the calculator"). Returns null when no price is known, never a guess.
 */
export type PriceLookup = (asset: string, currency: string, time: Date) => PriceQuote | null;

const MS_PER_DAY = 86_400_000;

interface Series {
  times: number[]; // ascending UTC ms
  prices: Decimal[];
  /** Each price's source text, made on its first lookup (a 1M-row ledger asks the same days again and again). */
  sources: (string | undefined)[];
}

/**
 * Prices the user supplied (the price CSV). A lookup returns the latest price at or before the
 * instant, or a price later on the same UTC day when the latest earlier one is from a previous
 * day (nearest earlier-or-same day). It never reaches past the day: a price from a later day is
 * not evidence of the value at the time.
 */
export class PriceTable {
  private readonly series = new Map<string, Series>();
  private sorted = true;

  constructor(readonly sourceName = "manual price file") {}

  private static key(asset: string, currency: string): string {
    return `${asset.toUpperCase()}\u0000${currency.toUpperCase()}`;
  }

  add(asset: string, currency: string, time: Date, price: Decimal): void {
    const key = PriceTable.key(asset, currency);
    let s = this.series.get(key);
    if (!s) {
      s = { times: [], prices: [], sources: [] };
      this.series.set(key, s);
    }
    const ms = time.getTime();
    const last = s.times[s.times.length - 1];
    if (last !== undefined && ms < last) this.sorted = false;
    s.times.push(ms);
    s.prices.push(price);
  }

  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.times.length;
    return n;
  }

  private ensureSorted(): void {
    if (this.sorted) return;
    for (const s of this.series.values()) {
      const idx = s.times.map((_, i) => i).sort((a, b) => (s.times[a] ?? 0) - (s.times[b] ?? 0) || a - b);
      const times = idx.map((i) => s.times[i] ?? 0);
      const prices = idx.map((i) => s.prices[i] as Decimal);
      s.times = times;
      s.prices = prices;
      s.sources = [];
    }
    this.sorted = true;
  }

  readonly lookup: PriceLookup = (asset, currency, time) => {
    const s = this.series.get(PriceTable.key(asset, currency));
    if (!s || s.times.length === 0) return null;
    this.ensureSorted();
    const t = time.getTime();
    // last index with times[i] <= t
    let lo = 0;
    let hi = s.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((s.times[mid] ?? Infinity) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // A price recorded later on the same day is nearer than one from an earlier day.
    const day = Math.floor(t / MS_PER_DAY);
    let pick = found;
    const prevDay = found >= 0 ? Math.floor((s.times[found] ?? 0) / MS_PER_DAY) : -Infinity;
    const next = s.times[found + 1];
    if (prevDay < day && next !== undefined && Math.floor(next / MS_PER_DAY) === day) pick = found + 1;
    if (pick < 0) return null;
    const price = s.prices[pick];
    const at = s.times[pick];
    if (price === undefined || at === undefined) return null;
    const source = (s.sources[pick] ??= `${this.sourceName} (${new Date(at).toISOString().slice(0, 10)})`);
    return { price, source };
  };
}
