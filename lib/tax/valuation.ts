import type Decimal from "decimal.js";
import { FIAT_CURRENCIES } from "../ledger/types";
import type { PriceLookup, PriceQuote } from "../pricing/types";
import { D, money, mul } from "./decimal";
import type { PriceUsed } from "./types";

/**
 * Values in the reporting currency, recording each price and its source for the audit trail.
 * Order (tax-rules notes 4): the row's own fiat (the exchange's fill, or its Net Worth), then the
 * price lookup (the user's price file first, then any reference source behind it), converting
 * through a fiat rate when the price or the row is in another currency. No price: null, and the
 * caller warns "missing-price"; nothing is ever silently zero.
 */
export class Valuer {
  constructor(
    readonly currency: string,
    private readonly lookup: PriceLookup | null,
  ) {}

  /** Units of reporting currency per unit of fiat `from`, direct or from the inverse pair. */
  fxRate(from: string, at: Date): PriceQuote | null {
    if (from === this.currency) return { price: new D(1), source: "identity" };
    if (!this.lookup) return null;
    const direct = this.lookup(from, this.currency, at);
    if (direct && !direct.price.isZero()) return { price: money(direct.price), source: direct.source };
    const inverse = this.lookup(this.currency, from, at);
    if (inverse && !inverse.price.isZero()) return { price: new D(1).div(inverse.price), source: `1 / ${inverse.source}` };
    return null;
  }

  /** A fiat amount (a trade's fiat leg, Net Worth, a fiat fee) in reporting currency, as money. */
  fiat(amount: Decimal, fiat: string, at: Date, source: string, prices: { push(p: PriceUsed): void }): Decimal | null {
    if (fiat === this.currency) {
      // The amount itself; money precision applies where it is divided (pro-rata splits).
      prices.push({ asset: fiat, amount, value: amount, currency: this.currency, price: null, source, at });
      return amount;
    }
    const rate = this.fxRate(fiat, at);
    if (!rate) return null;
    const value = mul(rate.price, amount);
    prices.push({ asset: fiat, amount, value, currency: this.currency, price: rate.price, source: `${source}, converted at ${rate.source}`, at });
    return value;
  }

  /** Market value of `amount` units of a crypto asset from the price lookup. */
  asset(asset: string, amount: Decimal, at: Date, prices: { push(p: PriceUsed): void }): Decimal | null {
    if (!this.lookup) return null;
    const direct = this.lookup(asset, this.currency, at);
    if (direct) {
      const price = money(direct.price);
      const value = mul(price, amount);
      prices.push({ asset, amount, value, currency: this.currency, price, source: direct.source, at });
      return value;
    }
    for (const fiat of FIAT_CURRENCIES) {
      if (fiat === this.currency) continue;
      const quote = this.lookup(asset, fiat, at);
      if (!quote) continue;
      const rate = this.fxRate(fiat, at);
      if (!rate) continue;
      const price = mul(money(quote.price), rate.price);
      const value = mul(price, amount);
      prices.push({ asset, amount, value, currency: this.currency, price, source: `${quote.source} in ${fiat}, converted at ${rate.source}`, at });
      return value;
    }
    return null;
  }
}
