import type { Exchange } from "ccxt";
import Decimal from "decimal.js";

/**
 * Money precision. ccxt's unified structures type amounts as `number`, but
 * every exchange module parses them from the exchange's own JSON strings via
 * `safeString` + `parseNumber`, and `parseNumber` ends in `this.number(...)`
 * (base/Exchange.js: "this.number = Number; // or String"). Setting
 * `exchange.number = String` makes ccxt hand back the exchange's digits
 * untouched ("0.00000001", "30335.23"), so no amount ever passes through a
 * float on its way to Decimal. This is ccxt's documented precise mode, and
 * better than reading `info` per exchange: the unified parsers already know
 * which raw field is the amount, the fee, the cost.
 *
 * Numbers still arrive in two cases, and `dec` accepts them: literals ccxt
 * writes itself (OKX deposit fee `0`), and exchanges that send JSON numbers
 * (then the float is all the exchange gave; it is converted from its
 * shortest round-trip form, which is what the exchange printed).
 */
/**
 * decimal.js rounds every operation to 20 significant digits by default,
 * which cuts an 18-decimal token amount once its integer part grows (and a
 * quantity × price product sooner). Sync arithmetic uses this 60-digit
 * clone, like the importers (lib/importers/amounts.ts); its instances are
 * ordinary `Decimal`s.
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

export function enablePreciseNumbers(client: Exchange): void {
  (client as unknown as { number: unknown }).number = String;
}

/** Decimal from a ccxt field in precise mode; null for missing or unparseable values. */
export function dec(value: unknown): Decimal | null {
  if (value instanceof Decimal) return new Dec(value);
  if (typeof value === "string") {
    const s = value.trim();
    if (s === "") return null;
    try {
      return new Dec(s);
    } catch {
      return null;
    }
  }
  if (typeof value === "number" && Number.isFinite(value)) return new Dec(value);
  return null;
}

/** A positive amount or null (zero fees are stored as "no fee"). */
export function positive(value: unknown): Decimal | null {
  const d = dec(value);
  return d && !d.isZero() ? d.abs() : null;
}
