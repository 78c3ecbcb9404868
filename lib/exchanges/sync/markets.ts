import type { Exchange, Market } from "ccxt";
import { dec } from "./precise";

/**
 * Market discovery for exchanges whose trade history needs a symbol per call
 * (notes, "Binance": `fetchMyTrades` throws ArgumentsRequired without one;
 * Gemini likewise). The account's assets are what it holds now plus every
 * asset seen in its deposits, withdrawals and ledger (zero balances included:
 * a coin deposited and sold in full no longer shows in the balance), plus
 * the markets synced before. Each asset is paired with the others and with
 * the exchange's common quote currencies, keeping only spot markets that
 * exist.
 *
 * Limitation (documented for users): a coin bought and sold back in full
 * against a quote outside that list, never deposited, withdrawn or held,
 * is not found; the balance proof then shows a difference in the quote asset.
 */

/** Assets with a non-zero total balance. */
export async function heldAssets(client: Exchange, call: <T>(fn: () => Promise<T>) => Promise<T>): Promise<Set<string>> {
  const balance = await call(() => client.fetchBalance());
  const totals = (balance.total ?? {}) as unknown as Record<string, unknown>;
  const held = new Set<string>();
  for (const [code, v] of Object.entries(totals)) {
    const d = dec(v);
    if (d && !d.isZero()) held.add(code);
  }
  return held;
}

export function discoverSymbols(
  markets: Readonly<Record<string, Market>> | undefined,
  assets: ReadonlySet<string>,
  quotes: readonly string[],
  alreadySynced: readonly string[],
): string[] {
  const quoteSet = new Set(quotes);
  const out = new Set<string>();
  for (const m of Object.values(markets ?? {})) {
    if (!m || !m.spot || m.active === false) continue;
    if (assets.has(m.base) && (assets.has(m.quote) || quoteSet.has(m.quote))) out.add(m.symbol);
  }
  // Markets synced before stay in the list even if the asset is gone now: their cursors must keep moving.
  for (const s of alreadySynced) if (markets?.[s]) out.add(s);
  return [...out].sort();
}
