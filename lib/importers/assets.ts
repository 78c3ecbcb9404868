import { isFiat, type TxKind } from "../ledger/types";

// Tickers: letters and digits, plus the separators exchanges use in real symbols
// (`ETH2.S`, `BTC-PERP`, `USD.HOLD`). Anything else in an asset cell is an unknown asset.
const TICKER = /^[A-Z0-9][A-Z0-9._-]{0,23}$/;

/** Upper-cased ticker, or "" when the cell is not one. */
export function normalizeAsset(raw: string): string {
  const s = raw.trim().toUpperCase();
  return TICKER.test(s) ? s : "";
}

/**
 * Splits a symbol written without separator (`ETHBTC`, `BTCUSDT`, Gemini `BTCUSD`) by the
 * longest known quote it ends with; with a separator (`BTC-USDT`, `KCS/BTC`) by the separator.
 */
export function splitPair(symbol: string, quotes: readonly string[]): { base: string; quote: string } | null {
  const s = symbol.trim().toUpperCase();
  const sep = /^([A-Z0-9.]+)[-/_]([A-Z0-9.]+)$/.exec(s);
  if (sep?.[1] && sep[2]) return { base: sep[1], quote: sep[2] };
  let best: string | null = null;
  for (const q of quotes) {
    if (s.length > q.length && s.endsWith(q) && (best === null || q.length > best.length)) best = q;
  }
  return best ? { base: s.slice(0, s.length - best.length), quote: best } : null;
}

/** buy/sell when exactly one side is fiat, trade otherwise (crypto↔crypto, fiat↔fiat). */
export function tradeKind(sentAsset: string, receivedAsset: string): TxKind {
  const sentFiat = isFiat(sentAsset);
  const receivedFiat = isFiat(receivedAsset);
  if (sentFiat && !receivedFiat) return "buy";
  if (receivedFiat && !sentFiat) return "sell";
  return "trade";
}
