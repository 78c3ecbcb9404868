import type Decimal from "decimal.js";
import { isFiat, type LedgerEntry } from "../ledger/types";
import { resolveSettings } from "../tax/engine";
import type { TaxSettings } from "../tax/types";

/**
 * Which prices a computation will ask for, before it runs: the first half of two-phase pricing
 * (style guide: "the engine gets a lookup fn, never HTTP"; jobs fetch, the engine computes).
 *
 * A superset of what the engine's valuation can ask (lib/tax/events.ts, valuation.ts), read from
 * the rows alone, without transfer matching or the jurisdiction's rules:
 *
 * - every fiat currency on a row other than the reporting one (a fiat leg, a fiat fee, the Net
 *   Worth currency): the engine converts it (`Valuer.fiat`);
 * - the crypto legs the engine values at market when the row has no value of its own in the
 *   reporting currency: an exchange's received side, else its sent side (Treas. Reg. 1.1001-7(b)),
 *   income, a spend, a gift (sent or received; whether it is valued depends on the jurisdiction);
 * - every crypto fee: a fee in a third coin is its own disposal at market value, whatever the row's
 *   fiat (Notice 2014-21 Q&A-6);
 * - the coin of every crypto withdrawal: when it matches a deposit, the units lost on the way are a
 *   network-fee disposal valued at the withdrawal's time (`transferFee: "dispose"`), even when no
 *   fee column says so.
 *
 * Extra needs cost little (their days are fetched with the others, once); a missing one would
 * cost a "missing-price" warning, so the superset is checked against the engine itself in
 * needs.test.ts (every question a real computation asks, over generated ledgers, is listed here).
 * Questions the engine asks in other currencies (its "price in EUR, then convert" fallback) are
 * not listed: the price service routes every asset to the reporting currency itself (routes.ts).
 */

export interface PriceNeed {
  /** Crypto asset, or a fiat currency to convert into `currency`. */
  asset: string;
  /** The reporting currency. */
  currency: string;
  time: Date;
}

function positive(a: Decimal | null): a is Decimal {
  return a !== null && !a.isZero() && !a.isNeg();
}

export function neededPrices(entries: readonly LedgerEntry[], settings: Omit<TaxSettings, "prices">): PriceNeed[] {
  const currency = resolveSettings(settings).currency;
  const seen = new Map<string, Set<number>>();
  const out: PriceNeed[] = [];
  const fiatCache = new Map<string, boolean>();
  const fiat = (a: string) => {
    let v = fiatCache.get(a);
    if (v === undefined) fiatCache.set(a, (v = isFiat(a)));
    return v;
  };
  const add = (asset: string, time: Date) => {
    if (asset === currency) return;
    let times = seen.get(asset);
    if (!times) seen.set(asset, (times = new Set()));
    const ms = time.getTime();
    if (times.has(ms)) return;
    times.add(ms);
    out.push({ asset, currency, time });
  };

  for (const e of entries) {
    if (!Number.isFinite(e.time.getTime())) continue;
    const sent = e.sentAsset !== null && positive(e.sentAmount) ? e.sentAsset : null;
    const received = e.receivedAsset !== null && positive(e.receivedAmount) ? e.receivedAsset : null;
    const fee = e.feeAsset !== null && positive(e.feeAmount) ? e.feeAsset : null;
    const worth = e.fiatValue !== null && e.fiatCurrency !== null ? e.fiatCurrency : null;

    if (sent !== null && fiat(sent)) add(sent, e.time);
    if (received !== null && fiat(received)) add(received, e.time);
    if (fee !== null && fiat(fee)) add(fee, e.time);
    if (worth !== null && fiat(worth)) add(worth, e.time);
    if (fee !== null && !fiat(fee)) add(fee, e.time);
    if (e.kind === "withdrawal" && sent !== null && !fiat(sent)) add(sent, e.time);

    // Which leg the engine values at market, per its branches (events.ts `emitEntry`): income its
    // received coin; a row with both legs is an exchange whatever its kind (received side, else the
    // sent side), unless a leg or the Net Worth is in the reporting currency; a one-legged row only
    // as a gift received, or as a spend (sent, and not a withdrawal or loss), unless its Net Worth is.
    const exchange = e.kind !== "income" && sent !== null && received !== null;
    const ownValue = worth === currency || (exchange && (sent === currency || received === currency));
    if (ownValue) continue;
    if (e.kind === "income" || exchange || e.kind === "gift-received") {
      if (received !== null && !fiat(received)) add(received, e.time);
    }
    if (exchange || (e.kind !== "income" && received === null && e.kind !== "withdrawal" && e.kind !== "lost")) {
      if (sent !== null && !fiat(sent)) add(sent, e.time);
    }
  }
  return out;
}
